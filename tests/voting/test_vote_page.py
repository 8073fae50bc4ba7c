"""The ballot page and budget page as a voter sees them (plain HTML, no JavaScript)."""

import pytest
from django.urls import reverse

from tests.conftest import make_user, project_pks
from voting.models import Ballot


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client, budget):
    response = client.get(reverse("voting:vote", args=[budget.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_vote_without_javascript_then_change_it(client, citizen, budget):
    client.force_login(citizen)
    url = reverse("voting:vote", args=[budget.slug])
    page = client.get(url)
    assert "โครงการ A" in page.content.decode()
    a, b = project_pks(budget, "A", "B")
    response = client.post(url, {"projects": [a, b]}, follow=True)
    assert 'class="messages"' in response.content.decode()
    ballot = Ballot.objects.get(budget=budget, voter=citizen)
    assert set(ballot.items.values_list("project__external_id", flat=True)) == {
        "A",
        "B",
    }
    # the voter sees their own choice ticked on return
    html = client.get(url).content.decode()
    assert f'value="{a}" id="project-{a}"' in html
    assert html.count("checked") == 2
    client.post(url, {"projects": [b]})
    ballot.refresh_from_db()
    assert set(ballot.items.values_list("project__external_id", flat=True)) == {"B"}


@pytest.mark.django_db
def test_a_refused_ballot_shows_a_translated_error_and_keeps_the_ticks(
    client, citizen, organisation
):
    from tests.conftest import make_budget

    budget = make_budget(organisation, max_projects=1)
    client.force_login(citizen)
    a, b = project_pks(budget, "A", "B")
    response = client.post(
        reverse("voting:vote", args=[budget.slug]), {"projects": [a, b]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert html.count("checked") == 2
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_english_error_message(client, citizen, organisation):
    from tests.conftest import make_budget

    budget = make_budget(organisation, max_projects=1)
    client.force_login(citizen)
    a, b = project_pks(budget, "A", "B")
    response = client.post(f"/en/budgets/{budget.slug}/vote/", {"projects": [a, b]})
    assert (
        "You chose more projects than this ballot allows." in response.content.decode()
    )


@pytest.mark.django_db
def test_budget_page_shows_counts_at_load_time(client, budget):
    voter = make_user("v@example.com")
    client.force_login(voter)
    client.post(
        reverse("voting:vote", args=[budget.slug]),
        {"projects": project_pks(budget, "C")},
    )
    client.logout()
    html = client.get(
        reverse("voting:budget_detail", args=[budget.slug])
    ).content.decode()
    assert 'data-project-id="C"' in html
    assert "data-turnout>1<" in html
    assert 'lang="th"' in html


@pytest.mark.django_db
def test_cumulative_ballot_accepts_thai_digits(client, citizen, organisation):
    from budgets.models import Budget
    from tests.conftest import make_budget

    budget = make_budget(
        organisation, ballot_rule=Budget.BallotRule.CUMULATIVE, max_points=10
    )
    client.force_login(citizen)
    a, b = project_pks(budget, "A", "B")
    client.post(
        reverse("voting:vote", args=[budget.slug]),
        {f"points_{a}": "๗", f"points_{b}": "3"},
    )
    ballot = Ballot.objects.get(voter=citizen)
    assert dict(ballot.items.values_list("project__external_id", "points")) == {
        "A": 7,
        "B": 3,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["²", "1234567", "3.5", "-2"])
def test_bad_points_give_a_message_not_an_error_page(
    client, citizen, organisation, typed
):
    from budgets.models import Budget
    from tests.conftest import make_budget

    budget = make_budget(
        organisation, ballot_rule=Budget.BallotRule.CUMULATIVE, max_points=10
    )
    client.force_login(citizen)
    (a,) = project_pks(budget, "A")
    response = client.post(
        reverse("voting:vote", args=[budget.slug]), {f"points_{a}": typed}
    )
    assert response.status_code == 200
    assert 'id="ballot-errors"' in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_a_tampered_project_id_gets_a_message(client, citizen, budget, organisation):
    from tests.conftest import make_budget

    other = make_budget(organisation, slug="other")
    client.force_login(citizen)
    response = client.post(
        reverse("voting:vote", args=[budget.slug]),
        {"projects": project_pks(other, "A")},
    )
    html = response.content.decode()
    assert 'id="ballot-errors"' in html
    assert "ไม่อยู่ในบัตรลงคะแนนนี้" in html or "not on this ballot" in html
