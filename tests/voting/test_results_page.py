"""The results page explains each project and compares the two rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import Budget
from tests.conftest import make_budget, make_user, project_pks
from voting.services import ballot_submit


@pytest.fixture
def bloc_budget(organisation):
    """A large bloc (6 voters) and a small group (4 voters) with separate projects.

    Greedy gives the bloc everything; equal shares give the group a project too.
    """
    budget = make_budget(
        organisation,
        total=1000,
        projects=[("B1", 400), ("B2", 400), ("B3", 200), ("G1", 300)],
        counting_rule=Budget.CountingRule.MES,
    )
    bloc = project_pks(budget, "B1", "B2", "B3")
    group = project_pks(budget, "G1")
    for number in range(6):
        ballot_submit(
            voter=make_user(f"bloc{number}@example.com"),
            budget=budget,
            project_ids=bloc,
        )
    for number in range(4):
        ballot_submit(
            voter=make_user(f"group{number}@example.com"),
            budget=budget,
            project_ids=group,
        )
    now = timezone.now()
    budget.voting_closes = now - timedelta(minutes=1)
    budget.results_published_at = now
    budget.save()
    return budget


@pytest.mark.django_db
def test_equal_shares_fund_the_small_group_and_say_why(client, bloc_budget):
    html = client.get(f"/en/budgets/{bloc_budget.slug}/results/").content.decode()
    assert "Funded in round" in html
    assert "Project G1" in html
    # the comparison names what greedy would have done differently
    assert "What Greedy (most votes first) would have chosen" in html
    assert "It would not have funded:" in html


@pytest.mark.django_db
def test_greedy_loser_names_the_projects_that_took_the_money(client, bloc_budget):
    html = client.get(
        f"/en/budgets/{bloc_budget.slug}/results/?rule=greedy"
    ).content.decode()
    assert "Not funded: when its turn came only" in html
    assert "Projects with more votes had taken the money" in html


@pytest.mark.django_db
def test_results_page_in_thai(client, bloc_budget):
    html = client.get(f"/th/budgets/{bloc_budget.slug}/results/").content.decode()
    assert "ได้รับงบประมาณในรอบที่" in html
    assert "นับคะแนนอย่างไร" in html


@pytest.mark.django_db
def test_results_are_hidden_until_published(client, organisation):
    budget = make_budget(organisation, slug="open", results_visibility="turnout")
    response = client.get(f"/en/budgets/{budget.slug}/results/")
    assert "not public yet" in response.content.decode()
    api = client.get(f"/api/v1/budgets/{budget.slug}/results/")
    assert api.status_code == 403
    assert api.json()["error"] == "results_hidden"


@pytest.mark.django_db
def test_editing_money_or_costs_forces_a_recount(client, bloc_budget):
    first = client.get(
        f"/api/v1/budgets/{bloc_budget.slug}/results/?rule=greedy"
    ).json()
    assert first["cost"] == 1000
    bloc_budget.total = 500
    bloc_budget.save()
    again = client.get(
        f"/api/v1/budgets/{bloc_budget.slug}/results/?rule=greedy"
    ).json()
    assert again["money"] == 500
    assert again["cost"] <= 500
    bloc_budget.projects.filter(external_id="B1").update(cost=100)
    third = client.get(
        f"/api/v1/budgets/{bloc_budget.slug}/results/?rule=greedy"
    ).json()
    assert third["winners"] != again["winners"]
