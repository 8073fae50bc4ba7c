"""District budgets: one ballot for the home area's pot, one for the city-wide pot."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from budgets.models import Budget, BudgetDistrict, Project
from participation.models import Area
from tests.conftest import make_budget, make_user
from voting.models import Ballot
from voting.services import BallotError, ballot_submit


@pytest.fixture
def areas(db):
    return (
        Area.objects.create(code="north", name_th="ชุมชนเหนือ", name_en="North"),
        Area.objects.create(code="south", name_th="ชุมชนใต้", name_en="South"),
    )


@pytest.fixture
def district_budget(organisation, areas):
    north, south = areas
    budget = make_budget(
        organisation,
        slug="districts",
        total=1000,
        ballot_rule=Budget.BallotRule.KNAPSACK,
        projects=[("C1", 300), ("C2", 200)],
    )
    BudgetDistrict.objects.create(budget=budget, area=north, total=400)
    BudgetDistrict.objects.create(budget=budget, area=south, total=300)
    for external_id, cost, area in [
        ("N1", 250, north),
        ("N2", 200, north),
        ("S1", 300, south),
    ]:
        Project.objects.create(
            budget=budget,
            external_id=external_id,
            name_th=external_id,
            cost=cost,
            area=area,
        )
    return budget


def pk(budget, external_id):
    return budget.projects.get(external_id=external_id).pk


@pytest.mark.django_db
def test_pots_split_the_money(district_budget, areas):
    pots = district_budget.pots()
    assert [(pot.key, pot.total) for pot in pots] == [
        ("north", 400),
        ("south", 300),
        ("city", 300),
    ]


@pytest.mark.django_db
def test_a_resident_votes_in_their_area_and_city_wide(district_budget, areas):
    north, south = areas
    voter = make_user("n@example.com", home_area=north)
    ballot_submit(
        voter=voter,
        budget=district_budget,
        project_ids=[pk(district_budget, "N1")],
        area=north,
    )
    ballot_submit(
        voter=voter, budget=district_budget, project_ids=[pk(district_budget, "C1")]
    )
    assert Ballot.objects.filter(voter=voter).count() == 2
    # a project of another pot is not on this ballot
    with pytest.raises(BallotError) as caught:
        ballot_submit(
            voter=voter,
            budget=district_budget,
            project_ids=[pk(district_budget, "S1")],
            area=north,
        )
    assert caught.value.code == "unknown_project"
    with pytest.raises(BallotError) as caught:
        ballot_submit(
            voter=voter, budget=district_budget, project_ids=[pk(district_budget, "N1")]
        )
    assert caught.value.code == "unknown_project"


@pytest.mark.django_db
def test_nobody_votes_in_another_area(district_budget, areas):
    north, south = areas
    voter = make_user("n@example.com", home_area=north)
    with pytest.raises(BallotError) as caught:
        ballot_submit(
            voter=voter,
            budget=district_budget,
            project_ids=[pk(district_budget, "S1")],
            area=south,
        )
    assert caught.value.code == "wrong_area"


@pytest.mark.django_db
def test_knapsack_uses_the_pots_money(district_budget, areas):
    north, _ = areas
    voter = make_user("n@example.com", home_area=north)
    with pytest.raises(BallotError) as caught:
        ballot_submit(
            voter=voter,
            budget=district_budget,
            project_ids=[pk(district_budget, "N1"), pk(district_budget, "N2")],
            area=north,
        )
    assert caught.value.code == "over_budget"  # 450 > 400 for the north pot


@pytest.mark.django_db
def test_one_ballot_per_pot_in_the_database(district_budget, areas):
    north, _ = areas
    voter = make_user("n@example.com", home_area=north)
    Ballot.objects.create(
        budget=district_budget, voter=voter, area=north, channel="online"
    )
    Ballot.objects.create(budget=district_budget, voter=voter, channel="online")
    with pytest.raises(IntegrityError):
        Ballot.objects.create(
            budget=district_budget, voter=voter, area=north, channel="online"
        )


@pytest.mark.django_db
def test_vote_page_offers_the_two_ballots(client, district_budget, areas):
    north, _ = areas
    voter = make_user("n@example.com", home_area=north)
    client.force_login(voter)
    url = reverse("voting:vote", args=[district_budget.slug])
    html = client.get(url + "?pot=north").content.decode()
    # project names as the ballot shows them (a bare "C1" could sit in a CSRF token)
    shown = set(re.findall(r'<span class="name"[^>]*>([^<]+)</span>', html))
    assert shown == {"N1", "N2"}
    client.post(url, {"pot": "north", "projects": [pk(district_budget, "N2")]})
    client.post(url, {"pot": "city", "projects": [pk(district_budget, "C2")]})
    assert set(
        Ballot.objects.filter(voter=voter).values_list("area__code", flat=True)
    ) == {
        "north",
        None,
    }


@pytest.mark.django_db
def test_home_area_is_locked_after_an_area_vote(client, district_budget, areas):
    north, south = areas
    voter = make_user("n@example.com", home_area=north)
    client.force_login(voter)
    ballot_submit(
        voter=voter,
        budget=district_budget,
        project_ids=[pk(district_budget, "N1")],
        area=north,
    )
    response = client.post(
        "/th/accounts/profile/",
        {"display_name": "x", "preferred_language": "th", "home_area": south.pk},
    )
    assert response.status_code == 200
    voter.refresh_from_db()
    assert voter.home_area == north


@pytest.mark.django_db
def test_each_pot_exports_as_its_own_pabulib_election(
    client, district_budget, areas, tmp_path
):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    north, _ = areas
    for number, chosen in enumerate([["N1"], ["N1", "N2"], ["N2"]]):
        voter = make_user(f"n{number}@example.com", home_area=north)
        ballot_submit(
            voter=voter,
            budget=district_budget,
            project_ids=[pk(district_budget, p) for p in chosen][:1],
            area=north,
        )
    district_budget.voting_closes = timezone.now()
    district_budget.results_published_at = timezone.now()
    district_budget.save()
    response = client.get(f"/api/v1/budgets/{district_budget.slug}/export.pb?pot=north")
    assert response.status_code == 200
    text = response.content.decode()
    assert "budget;400" in text
    assert "num_votes;3" in text
    assert "S1" not in text and "C1" not in text
    path = tmp_path / "north.pb"
    path.write_text(text)
    call_command(
        "import_pabulib", str(path), "--slug", "north-again", stdout=io.StringIO()
    )
    again = Budget.objects.get(slug="north-again")
    assert again.total == 400
    assert set(again.projects.values_list("external_id", flat=True)) == {"N1", "N2"}
    assert (
        client.get(
            f"/api/v1/budgets/{district_budget.slug}/export.pb?pot=west"
        ).status_code
        == 404
    )
