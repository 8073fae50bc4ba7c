"""ballot_submit: every error code, replacing a ballot, one ballot per voter."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from budgets.models import Budget
from participation.models import User
from tests.conftest import make_budget, make_user, project_pks
from voting.models import Ballot, BallotItem
from voting.services import BallotError, ballot_submit


def chosen(ballot: Ballot) -> set[str]:
    return set(ballot.items.values_list("project__external_id", flat=True))


@pytest.mark.django_db
def test_a_ballot_records_the_chosen_projects_and_bumps_the_version(citizen, budget):
    ballot = ballot_submit(
        voter=citizen, budget=budget, project_ids=project_pks(budget, "A", "C")
    )
    assert chosen(ballot) == {"A", "C"}
    budget.refresh_from_db()
    assert budget.tally_version == 1


@pytest.mark.django_db
def test_a_second_ballot_replaces_the_first(citizen, budget):
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    ballot_submit(
        voter=citizen, budget=budget, project_ids=project_pks(budget, "B", "C")
    )
    assert Ballot.objects.filter(budget=budget).count() == 1
    assert chosen(Ballot.objects.get(budget=budget)) == {"B", "C"}


def error_code(**kwargs) -> str:
    with pytest.raises(BallotError) as caught:
        ballot_submit(**kwargs)
    assert caught.value.message  # a translated sentence, never empty
    return caught.value.code


@pytest.mark.django_db
def test_voting_closed_and_not_yet_open(citizen, organisation):
    now = timezone.now()
    closed = make_budget(
        organisation,
        slug="closed",
        voting_opens=now - timedelta(days=3),
        voting_closes=now - timedelta(days=1),
    )
    upcoming = make_budget(
        organisation,
        slug="upcoming",
        voting_opens=now + timedelta(days=1),
        voting_closes=now + timedelta(days=3),
    )
    for budget in (closed, upcoming):
        pks = project_pks(budget, "A")
        assert error_code(voter=citizen, budget=budget, project_ids=pks) == (
            "not_in_voting_phase"
        )
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_an_unverified_voter_is_not_eligible(budget):
    unverified = make_user("new@example.com", level=User.Verification.UNVERIFIED)
    code = error_code(
        voter=unverified, budget=budget, project_ids=project_pks(budget, "A")
    )
    assert code == "not_eligible"


@pytest.mark.django_db
def test_resident_only_budget_refuses_email_verified(citizen, organisation):
    budget = make_budget(organisation, required_verification_level=2)
    pks = project_pks(budget, "A")
    assert error_code(voter=citizen, budget=budget, project_ids=pks) == "not_eligible"


@pytest.mark.django_db
def test_unknown_and_unfeasible_projects(citizen, budget, organisation):
    other = make_budget(organisation, slug="other")
    foreign = project_pks(other, "A")
    assert error_code(voter=citizen, budget=budget, project_ids=foreign) == (
        "unknown_project"
    )
    budget.projects.filter(external_id="B").update(feasibility="unfeasible")
    pks = project_pks(budget, "B")
    assert (
        error_code(voter=citizen, budget=budget, project_ids=pks) == "unknown_project"
    )


@pytest.mark.django_db
def test_too_many_and_too_few(citizen, organisation):
    budget = make_budget(organisation, min_projects=2, max_projects=2)
    assert (
        error_code(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
        == "too_few"
    )
    assert (
        error_code(
            voter=citizen, budget=budget, project_ids=project_pks(budget, "A", "B", "C")
        )
        == "too_many"
    )
    ballot_submit(
        voter=citizen, budget=budget, project_ids=project_pks(budget, "A", "B")
    )


@pytest.mark.django_db
def test_knapsack_ballot_over_the_budget(citizen, organisation):
    budget = make_budget(organisation, ballot_rule=Budget.BallotRule.KNAPSACK)
    assert (
        error_code(
            voter=citizen, budget=budget, project_ids=project_pks(budget, "A", "B", "C")
        )
        == "over_budget"
    )
    # exactly the budget fits
    ballot_submit(
        voter=citizen, budget=budget, project_ids=project_pks(budget, "B", "C")
    )
    ballot_submit(
        voter=citizen, budget=budget, project_ids=project_pks(budget, "A", "B")
    )


@pytest.mark.django_db
def test_cumulative_points(citizen, organisation):
    budget = make_budget(
        organisation, ballot_rule=Budget.BallotRule.CUMULATIVE, max_points=10
    )
    a, b = project_pks(budget, "A", "B")
    assert (
        error_code(
            voter=citizen, budget=budget, project_ids=[a, b], points={a: 6, b: 5}
        )
        == "too_many_points"
    )
    ballot = ballot_submit(
        voter=citizen, budget=budget, project_ids=[a, b], points={a: 7, b: 3}
    )
    assert dict(ballot.items.values_list("project__external_id", "points")) == {
        "A": 7,
        "B": 3,
    }


@pytest.mark.django_db
def test_a_refused_ballot_keeps_the_previous_one(citizen, organisation):
    budget = make_budget(organisation, max_projects=1)
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    error_code(voter=citizen, budget=budget, project_ids=project_pks(budget, "B", "C"))
    assert chosen(Ballot.objects.get(budget=budget)) == {"A"}


@pytest.mark.django_db
def test_the_database_refuses_two_ballots_for_one_voter(citizen, budget):
    Ballot.objects.create(budget=budget, voter=citizen, channel="online")
    with pytest.raises(IntegrityError):
        Ballot.objects.create(budget=budget, voter=citizen, channel="online")


@pytest.mark.django_db
def test_one_broadcast_per_ballot(citizen, budget, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        ballot_submit(
            voter=citizen, budget=budget, project_ids=project_pks(budget, "A")
        )
    assert len(callbacks) == 1
    assert BallotItem.objects.count() == 1
