"""Paper ballots: same validation as online, one vote per person across channels,
voiding with a reason, booth subtotals, audit."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgets.models import BudgetDistrict
from participation.models import Area, AuditEvent
from participation.thai_id import user_thai_id_set
from tests.conftest import project_pks
from tests.voting.paper_helpers import register_budget, thai_id
from voting.models import Ballot, PaperEntry, VoteClaim
from voting.paper import booth_subtotals, paper_ballot_enter, paper_entry_void
from voting.register import resident_add
from voting.selectors import tally_snapshot
from voting.services import BallotError, ballot_submit


@pytest.fixture
def budget(organisation):
    return register_budget(organisation)


@pytest.fixture
def resident(budget, official):
    return resident_add(
        budget=budget, name="สมชาย ใจดี", thai_id=thai_id(7), area_code="", by=official
    )


def enter(budget, resident, official, *ids, booth="Booth 1", **kwargs):
    return paper_ballot_enter(
        budget=budget,
        resident=resident,
        project_ids=project_pks(budget, *ids),
        booth=booth,
        by=official,
        **kwargs,
    )


def error_of(call, *args, **kwargs) -> BallotError:
    with pytest.raises(BallotError) as caught:
        call(*args, **kwargs)
    assert caught.value.message
    return caught.value


@pytest.mark.django_db
def test_a_paper_ballot_counts_and_is_audited(budget, resident, official):
    entry = enter(budget, resident, official, "A", "C")
    assert entry.ballot.channel == Ballot.Channel.PAPER
    assert entry.ballot.voter is None
    votes = {row["id"]: row["votes"] for row in tally_snapshot(budget)["projects"]}
    assert votes == {"A": 1, "B": 0, "C": 1}
    assert tally_snapshot(budget)["turnout"] == 1
    event = AuditEvent.objects.get(action="ballot.paper_entered")
    assert event.actor == official
    assert event.data["booth"] == "Booth 1"
    assert "A" not in str(event.data)  # never how the person voted


@pytest.mark.django_db
def test_paper_ballots_are_validated_like_online_ones(organisation, official):
    budget = register_budget(organisation, slug="k", ballot_rule="knapsack", total=800)
    resident = resident_add(
        budget=budget, name="ก", thai_id=thai_id(8), area_code="", by=official
    )
    assert error_of(enter, budget, resident, official, "A", "B").code == "over_budget"
    assert (
        error_of(
            paper_ballot_enter,
            budget=budget,
            resident=resident,
            project_ids=[],
            booth="1",
            by=official,
        ).code
        == "too_few"
    )
    assert not PaperEntry.objects.exists()
    assert not VoteClaim.objects.exists()


@pytest.mark.django_db
def test_only_officials_of_the_organisation_enter_paper_ballots(
    budget, resident, citizen
):
    assert error_of(enter, budget, resident, citizen, "A").code == "not_allowed"


@pytest.mark.django_db
def test_no_paper_entry_outside_the_voting_phase(budget, resident, official):
    budget.voting_opens = timezone.now() - timedelta(days=3)
    budget.voting_closes = timezone.now() - timedelta(days=1)
    budget.save()
    assert error_of(enter, budget, resident, official, "A").code == (
        "not_in_voting_phase"
    )


@pytest.mark.django_db
def test_online_then_paper_is_refused_naming_the_online_channel(
    budget, resident, official, citizen
):
    user_thai_id_set(user=citizen, thai_id=thai_id(7))
    citizen.refresh_from_db()
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    error = error_of(enter, budget, resident, official, "B")
    assert error.code == "voted_online"
    assert "online" in str(error.message).lower() or "ออนไลน์" in error.message
    assert Ballot.objects.filter(budget=budget).count() == 1


@pytest.mark.django_db
def test_paper_then_online_is_refused_naming_the_paper_channel(
    budget, resident, official, citizen
):
    enter(budget, resident, official, "B")
    user_thai_id_set(user=citizen, thai_id=thai_id(7))
    citizen.refresh_from_db()
    error = error_of(
        ballot_submit,
        voter=citizen,
        budget=budget,
        project_ids=project_pks(budget, "A"),
    )
    assert error.code == "voted_on_paper"
    assert Ballot.objects.filter(budget=budget).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_two_channels_for_one_person(budget):
    VoteClaim.objects.create(budget=budget, voter_key="k" * 64, channel="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteClaim.objects.create(budget=budget, voter_key="k" * 64, channel="paper")


@pytest.mark.django_db
def test_online_voting_needs_a_thai_id_in_a_register_budget(budget, citizen):
    error = error_of(
        ballot_submit,
        voter=citizen,
        budget=budget,
        project_ids=project_pks(budget, "A"),
    )
    assert error.code == "thai_id_required"


@pytest.mark.django_db
def test_changing_an_online_ballot_keeps_working(budget, citizen):
    user_thai_id_set(user=citizen, thai_id=thai_id(3))
    citizen.refresh_from_db()
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "B"))
    assert VoteClaim.objects.get().channel == "online"


@pytest.mark.django_db
def test_a_second_paper_ballot_for_the_same_person_is_refused(
    budget, resident, official
):
    enter(budget, resident, official, "A")
    assert error_of(enter, budget, resident, official, "B").code == "voted_on_paper"


@pytest.mark.django_db
def test_voiding_keeps_the_entry_removes_the_ballot_and_frees_the_vote(
    budget, resident, official, citizen
):
    entry = enter(budget, resident, official, "A")
    ballot_pk = entry.ballot_id
    assert error_of(paper_entry_void, entry=entry, reason=" ", by=official).code == (
        "reason_required"
    )
    assert error_of(paper_entry_void, entry=entry, reason="x", by=citizen).code == (
        "not_allowed"
    )
    paper_entry_void(entry=entry, reason="Wrong person", by=official)
    entry.refresh_from_db()
    assert entry.voided_at is not None and entry.void_reason == "Wrong person"
    assert entry.voided_by == official
    assert not Ballot.objects.filter(pk=ballot_pk).exists()
    assert tally_snapshot(budget)["turnout"] == 0
    event = AuditEvent.objects.get(action="ballot.paper_voided")
    assert event.data["reason"] == "Wrong person"
    assert error_of(paper_entry_void, entry=entry, reason="x", by=official).code == (
        "already_voided"
    )
    # the person may now vote again, on paper or online
    user_thai_id_set(user=citizen, thai_id=thai_id(7))
    citizen.refresh_from_db()
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "C"))
    assert PaperEntry.objects.count() == 1


@pytest.mark.django_db
def test_booth_subtotals(budget, official):
    people = [
        resident_add(
            budget=budget,
            name=f"คน {n}",
            thai_id=thai_id(20 + n),
            area_code="",
            by=official,
        )
        for n in range(3)
    ]
    enter(budget, people[0], official, "A", booth="School")
    enter(budget, people[1], official, "A", booth="School")
    mistake = enter(budget, people[2], official, "B", booth="Temple")
    paper_entry_void(entry=mistake, reason="typo", by=official)
    assert booth_subtotals(budget) == [
        {"booth": "School", "entered": 2, "voided": 0},
        {"booth": "Temple", "entered": 0, "voided": 1},
    ]


@pytest.mark.django_db
def test_district_paper_ballots_follow_the_residents_area(organisation, official):
    north = Area.objects.create(code="north", name_th="เหนือ")
    south = Area.objects.create(code="south", name_th="ใต้")
    budget = register_budget(organisation, slug="d")
    BudgetDistrict.objects.create(budget=budget, area=north, total=500)
    BudgetDistrict.objects.create(budget=budget, area=south, total=500)
    budget.projects.filter(external_id="A").update(area=north)
    budget.projects.filter(external_id__in=["B", "C"]).update(area=south)
    resident = resident_add(
        budget=budget, name="ก", thai_id=thai_id(9), area_code="north", by=official
    )
    assert error_of(enter, budget, resident, official, "B", area=south).code == (
        "wrong_area"
    )
    entry = enter(budget, resident, official, "A", area=north)
    assert entry.pot == "north"


@pytest.mark.django_db
def test_publishing_detaches_paper_entries_from_ballots(budget, resident, official):
    from voting.services import budget_results_publish

    enter(budget, resident, official, "A")
    budget.voting_closes = timezone.now() - timedelta(seconds=1)
    budget.voting_opens = timezone.now() - timedelta(days=2)
    budget.save()
    budget_results_publish(budget=budget, by=official)
    assert PaperEntry.objects.get().ballot is None
    assert Ballot.objects.filter(budget=budget).count() == 1
    assert tally_snapshot(budget)["turnout"] == 1
