"""Paper ballots: entered at a booth by an official, voided with a reason.

A paper ballot is validated exactly like an online one (``_validate_choice``) and
holds the person's one vote in the budget through the same key as online voting,
the HMAC of their Thai ID (``VoteClaim``). Every entry and void is audited;
entries are never deleted.
"""

import re
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from budgets.models import Budget
from participation import live
from participation.models import Area, User
from participation.phases import phase_allows
from participation.rules import is_official_of
from participation.services import audit_log

from .forms import decimal_digits
from .models import Ballot, BallotItem, PaperEntry, Resident, VoteClaim
from .services import BallotError, _validate_choice, vote_claim


def _bump_tally(budget: Budget) -> None:
    budget.tally_version += 1
    Budget.objects.filter(pk=budget.pk).update(tally_version=budget.tally_version)
    budget_id = budget.pk
    transaction.on_commit(lambda: live.mark_dirty("tally", budget_id))


@transaction.atomic
def paper_ballot_enter(
    *,
    budget: Budget,
    resident: Resident,
    project_ids: list[int],
    points: Mapping[int, int] | None = None,
    area: Area | None = None,
    booth: str,
    by: User,
) -> PaperEntry:
    """Record the paper ballot of ``resident`` for one pot of ``budget``.

    ``area`` picks the district pot (it must be the resident's area), None the
    city-wide pot. Same checks as ``ballot_submit`` plus: ``by`` is an official of
    the budget's organisation, the phase allows paper entry, the resident is in
    this budget's register, and the person has not voted online
    (``voted_online``) or already on paper for this pot (``voted_on_paper``).
    Audited. Raises ``BallotError``.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if not is_official_of(by, budget.organisation):
        raise BallotError("not_allowed")
    if not phase_allows(budget.phase(), "enter_paper_ballot"):
        raise BallotError("not_in_voting_phase")
    if not budget.uses_register or resident.budget_id != budget.pk:
        raise BallotError("not_in_register")
    pot = budget.pot_of(area)
    if pot is None or (area is not None and resident.area_id != area.pk):
        raise BallotError("wrong_area")
    given = _validate_choice(
        budget=budget, pot=pot, project_ids=list(project_ids), points=points
    )
    vote_claim(
        budget=budget, voter_key=resident.thai_id_hmac, channel=Ballot.Channel.PAPER
    )
    if PaperEntry.objects.filter(
        budget=budget, resident=resident, pot=pot.key, voided_at__isnull=True
    ).exists():
        raise BallotError("voted_on_paper")
    now = timezone.now()
    ballot = Ballot.objects.create(
        budget=budget,
        voter=None,
        area=area,
        channel=Ballot.Channel.PAPER,
        created_at=now,
        updated_at=now,
    )
    BallotItem.objects.bulk_create(
        BallotItem(ballot=ballot, project_id=pk, points=pts)
        for pk, pts in given.items()
    )
    entry = PaperEntry.objects.create(
        budget=budget,
        resident=resident,
        ballot=ballot,
        pot=pot.key,
        booth=booth.strip()[:80],
        entered_by=by,
        entered_at=now,
    )
    audit_log(
        actor=by,
        action="ballot.paper_entered",
        target=entry,
        data={"budget": budget.pk, "booth": entry.booth, "pot": pot.key},
    )
    _bump_tally(budget)
    return entry


@transaction.atomic
def paper_entry_void(*, entry: PaperEntry, reason: str, by: User) -> PaperEntry:
    """Void a mistaken paper entry: its ballot stops counting, the entry stays.

    The counted ballot is removed; the entry keeps who voided it, when and why.
    When the person has no other live paper entry, their vote is free again (they
    may be entered anew, or vote online). Audited. Raises ``BallotError``
    (``not_allowed``, ``not_in_voting_phase``, ``already_voided``,
    ``reason_required``).
    """
    budget = Budget.objects.select_for_update().get(pk=entry.budget_id)
    entry = PaperEntry.objects.select_for_update().get(pk=entry.pk)
    if not is_official_of(by, budget.organisation):
        raise BallotError("not_allowed")
    if not phase_allows(budget.phase(), "enter_paper_ballot"):
        raise BallotError("not_in_voting_phase")
    if entry.voided_at is not None:
        raise BallotError("already_voided")
    reason = (reason or "").strip()
    if not reason:
        raise BallotError("reason_required")
    if entry.ballot_id is not None:
        Ballot.objects.filter(pk=entry.ballot_id).delete()
    entry.ballot = None
    entry.voided_at = timezone.now()
    entry.voided_by = by
    entry.void_reason = reason
    entry.save(update_fields=["ballot", "voided_at", "voided_by", "void_reason"])
    still_voting = PaperEntry.objects.filter(
        budget=budget, resident=entry.resident_id, voided_at__isnull=True
    ).exists()
    if not still_voting:
        VoteClaim.objects.filter(
            budget=budget,
            voter_key=entry.resident.thai_id_hmac,
            channel=Ballot.Channel.PAPER,
        ).delete()
    audit_log(
        actor=by,
        action="ballot.paper_voided",
        target=entry,
        data={"budget": budget.pk, "booth": entry.booth, "reason": reason},
    )
    _bump_tally(budget)
    return entry


def booth_subtotals(budget: Budget) -> list[dict]:
    """Per booth: ``{"booth", "entered", "voided"}`` (entries), by booth name."""
    return list(
        PaperEntry.objects.filter(budget=budget)
        .values("booth")
        .annotate(
            entered=Count("pk", filter=Q(voided_at__isnull=True)),
            voided=Count("pk", filter=Q(voided_at__isnull=False)),
        )
        .order_by("booth")
    )


#: "3" or "3:5" (project number, optional points), separated by spaces or commas
_CHOICE = re.compile(r"^([0-9]+)(?::([0-9]+))?$")


def parse_choices(text: str, numbered: Mapping[int, int]) -> tuple[list[int], dict]:
    """Read ``"1 3 4:2"`` as project pks and points; ``numbered``: number → pk.

    Thai digits are accepted. Raises ``BallotError("unknown_project")`` for a
    number not on the ballot and ``BallotError("bad_points")`` for bad points.
    """
    project_ids, points = [], {}
    for token in re.split(r"[\s,;]+", decimal_digits(text or "").strip()):
        if not token:
            continue
        match = _CHOICE.match(token)
        if match is None:
            raise BallotError("unknown_project")
        number = int(match.group(1))
        if number not in numbered:
            raise BallotError("unknown_project")
        pk = numbered[number]
        project_ids.append(pk)
        if match.group(2) is not None:
            value = int(match.group(2))
            if value < 1:
                raise BallotError("bad_points")
            points[pk] = value
    return project_ids, points


def ballot_numbers(budget: Budget, pot) -> list[tuple[int, object]]:
    """The projects of ``pot`` on a paper ballot, numbered from 1 in ballot order.

    The printed ballot and the entry form use these numbers.
    """
    projects = budget.pot_projects(pot).on_ballot().select_related("area")
    return list(enumerate(projects, start=1))
