"""The public dashboard's figures: aggregate reads across the domain apps.

Every function here returns what anyone may see, and each runs a fixed number of
queries whatever the number of budgets, voters or proposals (grouped counts, one
query per figure, never one per budget or per voter):

- ``turnout_by_day``: per budget that has reached voting, the cumulative number
  of voters per day of its voting period, as far as the tally's public level
  allows (``voting.selectors.tally_public_level``: a budget whose tally is hidden
  during voting shows no turnout at all until voting closes). Never per-project
  counts.
- ``participation_by_area``: people who voted and proposals per area, with small
  counts withheld (``suppress_small_counts``).
- ``proposals_by_status``, ``answer_times``: public proposals only (past draft),
  as the public proposal list shows them.
- ``consultation_counts``: responses, comments and room questions of the
  consultations an anonymous visitor may see.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from budgets.models import Budget
from consultations.models import Section
from consultations.selectors import consultations_visible_to
from participation.models import Area, Comment, Organisation, User
from proposals.models import Proposal
from voting.models import Ballot, PaperEntry, VoterRecord
from voting.selectors import NONE, tally_public_level

#: Counts below this (from 1 to 4) are never published on their own.
SMALL_COUNT_LIMIT = 5
#: A turnout chart shows at most this many points; longer votes are sampled.
MAX_TURNOUT_POINTS = 62

SHOWN, SMALL, SECONDARY = "shown", "small", "secondary"


# --- Small counts ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One published count: ``value`` is None unless ``status`` is ``SHOWN``.

    ``status``: ``SHOWN``; ``SMALL`` (the count is below 5, shown as "fewer than
    5"); ``SECONDARY`` (a larger count withheld so that a small one cannot be
    worked out by subtraction). The withheld number is not kept at all, so no
    template, title or data attribute can print it by mistake.
    """

    value: int | None
    status: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.status == SHOWN


def _small(count: int) -> bool:
    return 0 < count < SMALL_COUNT_LIMIT


def suppress_small_counts(counts: list[int]) -> list[Cell]:
    """The cells of one column of counts (one per area), safe to publish.

    1. Primary suppression: a count from 1 to 4 becomes "fewer than 5".
    2. Secondary suppression: the column's total is public (shown under the
       table, and turnout per budget is shown above it), so with one small count
       withheld anyone could subtract the shown cells from the total and get it
       back. So whenever a small count is withheld, the smallest count of 5 or
       more is withheld too ("not shown"), and the next smallest as long as the
       subtraction would still pin a small count to one value (``_pins``).
    3. When that is not enough (no count of 5 or more, or too few), zeros are
       shown as "fewer than 5" too (true of zero), so the small counts cannot be
       placed.

    We chose secondary suppression over hiding the total: the totals are the
    figures people look for, and they are public elsewhere anyway. Best effort:
    a column of one area, or whose total is itself small, cannot be protected
    while turnout is public.
    """
    small = [i for i, n in enumerate(counts) if _small(n)]
    if not small:
        return [Cell(n) for n in counts]
    large = sorted(
        (i for i, n in enumerate(counts) if n >= SMALL_COUNT_LIMIT),
        key=lambda i: (counts[i], i),
    )
    zeros = [i for i, n in enumerate(counts) if n == 0]
    attempts = [(m, False) for m in range(1, len(large) + 1)]
    attempts += [(m, True) for m in range(len(large) + 1)]
    for withheld_large, hide_zeros in attempts:
        secondary = large[:withheld_large]
        shown_large = large[withheld_large:]
        ceiling = counts[shown_large[0]] if shown_large else math.inf
        below = small + zeros if hide_zeros else small
        ranges = {i: (0 if hide_zeros else 1, 4) for i in below}
        ranges |= {i: (SMALL_COUNT_LIMIT, ceiling) for i in secondary}
        if not _pins(counts, ranges, small):
            break
    return [
        Cell(None, SMALL)
        if i in below
        else Cell(None, SECONDARY)
        if i in secondary
        else Cell(n)
        for i, n in enumerate(counts)
    ]


def _pins(counts: list[int], ranges: dict[int, tuple], small: list[int]) -> bool:
    """Whether a reader who knows the total, the shown cells and each withheld
    cell's range (``{index: (low, high)}``, from its label and the rule above)
    can work out one of the ``small`` counts exactly."""
    withheld = sum(counts[i] for i in ranges)
    lows = sum(low for low, _high in ranges.values())
    highs = sum(high for _low, high in ranges.values())
    for i in small:
        low, high = ranges[i]
        least = max(low, withheld - (highs - high))
        most = min(high, withheld - (lows - low))
        if most <= least:
            return True
    return False


def total_cell(counts: list[int]) -> Cell:
    """The total of a column: exact, unless it is itself a count from 1 to 4."""
    total = sum(counts)
    return Cell(None, SMALL) if _small(total) else Cell(total)


# --- Turnout over time -----------------------------------------------------------


@dataclass
class TurnoutPoint:
    """Voters by the end of ``day`` (``total``) and since the previous point."""

    day: date
    new: int
    total: int


@dataclass
class BudgetTurnout:
    """The public turnout of one budget.

    ``hidden``: the tally is hidden during voting, so not even turnout is public
    (nothing else is filled). ``turnout`` is what the budget page shows
    (``voting.selectors.turnout_of``); ``undated`` counts imported ballots, which
    carry no date and are not in ``points``.
    """

    budget: Budget
    hidden: bool = False
    turnout: int = 0
    undated: int = 0
    points: list[TurnoutPoint] = field(default_factory=list)


def _voting_days(budget: Budget, now: datetime) -> tuple[date, date]:
    """The first and last local day of ``budget``'s voting so far."""
    first = timezone.localdate(budget.voting_opens)
    end = now if budget.voting_closes is None else min(now, budget.voting_closes)
    # voting_closes is an exclusive instant: a vote closing at midnight ends the
    # day before
    last = timezone.localdate(max(end - timedelta(microseconds=1), budget.voting_opens))
    return first, last


def _points(first: date, last: date, per_day: dict[date, int]) -> list[TurnoutPoint]:
    """Cumulative voters per day from ``first`` to ``last``; days outside the
    period are counted on its first or last day. At most ``MAX_TURNOUT_POINTS``
    points: a long vote is sampled every few days (and on its last day)."""
    length = (last - first).days + 1
    step = -(-length // MAX_TURNOUT_POINTS)  # ceiling division
    running = sum(n for day, n in per_day.items() if day < first)
    points, previous = [], 0
    for offset in range(length):
        day = first + timedelta(days=offset)
        running += per_day.get(day, 0)
        if day == last:
            running += sum(n for d, n in per_day.items() if d > last)
        if offset % step == step - 1 or day == last:
            points.append(TurnoutPoint(day=day, new=running - previous, total=running))
            previous = running
    return points


def turnout_by_day(now: datetime | None = None) -> list[BudgetTurnout]:
    """Every budget that has reached voting, newest vote first, with its public
    turnout per day. Four queries, whatever the number of budgets and voters.

    A voter counts on the day of their first ballot (``VoterRecord``, kept when
    ballots are detached at publication) or of their first live paper entry.
    """
    now = now or timezone.now()
    budgets = list(Budget.objects.listed().filter(voting_opens__lte=now))
    results = {
        budget.pk: BudgetTurnout(
            budget=budget, hidden=tally_public_level(budget, now) == NONE
        )
        for budget in budgets
    }
    shown = [pk for pk, turnout in results.items() if not turnout.hidden]
    per_day: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    online = (
        VoterRecord.objects.filter(budget__in=shown)
        .annotate(day=TruncDate("first_voted_at"))
        .values_list("budget_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for budget_id, day, n in online:
        per_day[budget_id][day] += n
    paper = (
        PaperEntry.objects.filter(budget__in=shown, voided_at__isnull=True)
        .values_list("budget_id", "resident_id")
        .annotate(first=Min("entered_at"))
        .order_by()
    )
    for budget_id, _resident, first in paper:
        per_day[budget_id][timezone.localdate(first)] += 1
    imported = (
        Ballot.objects.filter(budget__in=shown, channel=Ballot.Channel.IMPORTED)
        .values_list("budget_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for budget_id, n in imported:
        results[budget_id].undated = n
    for budget in budgets:
        turnout = results[budget.pk]
        if turnout.hidden:
            continue
        days = per_day.get(budget.pk, {})
        turnout.turnout = sum(days.values()) + turnout.undated
        if days or not turnout.undated:
            turnout.points = _points(*_voting_days(budget, now), days)
    return [results[budget.pk] for budget in budgets]


# --- Participation by area -------------------------------------------------------


@dataclass
class AreaRow:
    """One row of the by-area table: ``area`` None is "area not known"."""

    area: Area | None
    voters: Cell
    proposals: Cell


@dataclass
class AreaTable:
    rows: list[AreaRow]
    voters_total: Cell
    proposals_total: Cell

    @property
    def withheld(self) -> bool:
        return any(
            not cell.shown for row in self.rows for cell in (row.voters, row.proposals)
        )


def participation_by_area(now: datetime | None = None) -> AreaTable:
    """People who voted and public proposals per area, small counts withheld.

    A person counts once, in the home area of their account (online ballots) or
    the area of their register entry (paper ballots), whichever budgets they
    voted in; budgets whose tally is still hidden are left out, since their
    turnout is not public yet. Imported ballots name no one and no area, so they
    are not counted. Proposals count in the area they were filed under. Rows:
    every area, then "area not known" when it has anything. Five queries.
    """
    now = now or timezone.now()
    budgets = [
        budget.pk
        for budget in Budget.objects.filter(voting_opens__lte=now)
        if tally_public_level(budget, now) != NONE
    ]
    voters: dict[int | None, int] = defaultdict(int)
    online = (
        User.objects.filter(
            Exists(VoterRecord.objects.filter(user=OuterRef("pk"), budget__in=budgets))
        )
        .values_list("home_area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for area_id, n in online:
        voters[area_id] += n
    # paper voters: one per Thai ID (the register's key), unless the same person
    # also voted online (already counted above)
    voted_online = User.objects.filter(
        thai_id_hmac=OuterRef("resident__thai_id_hmac"),
        pk__in=VoterRecord.objects.filter(budget__in=budgets).values("user_id"),
    )
    paper = (
        PaperEntry.objects.filter(budget__in=budgets, voided_at__isnull=True)
        .exclude(Exists(voted_online))
        .values_list("resident__area_id")
        .annotate(n=Count("resident__thai_id_hmac", distinct=True))
        .order_by()
    )
    for area_id, n in paper:
        voters[area_id] += n
    proposals = dict(
        Proposal.objects.public()
        .values_list("area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    areas: list[Area | None] = list(Area.objects.order_by("code"))
    if voters.get(None) or proposals.get(None):
        areas.append(None)
    keys = [area.pk if area else None for area in areas]
    voter_counts = [voters.get(key, 0) for key in keys]
    proposal_counts = [proposals.get(key, 0) for key in keys]
    rows = [
        AreaRow(area=area, voters=voter_cell, proposals=proposal_cell)
        for area, voter_cell, proposal_cell in zip(
            areas,
            suppress_small_counts(voter_counts),
            suppress_small_counts(proposal_counts),
            strict=True,
        )
    ]
    return AreaTable(
        rows=rows,
        voters_total=total_cell(voter_counts),
        proposals_total=total_cell(proposal_counts),
    )


# --- Proposals -------------------------------------------------------------------


def proposals_by_status() -> list[tuple[str, str, int]]:
    """``(status, label, count)`` of public proposals, in the statuses' order,
    statuses with none left out. One query."""
    counts = dict(
        Proposal.objects.public()
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (status, label, counts[status])
        for status, label in Proposal.Status.choices
        if counts.get(status)
    ]


@dataclass
class AnswerTime:
    """Median days from submission to the first official answer, of one group.

    ``median_days`` is None when no proposal of the group has an answer;
    ``answered`` is how many it is based on, ``waiting`` how many public
    proposals of the group have no answer yet.
    """

    label: str
    median_days: float | None
    answered: int
    waiting: int
    language: str = ""


@dataclass
class AnswerTimes:
    overall: AnswerTime
    by_kind: list[AnswerTime]
    by_organisation: list[AnswerTime]


def _answer_time(label, days: list[float], waiting: int, language="") -> AnswerTime:
    return AnswerTime(
        label=label,
        median_days=median(days) if days else None,
        answered=len(days),
        waiting=waiting,
        language=language,
    )


def answer_times() -> AnswerTimes:
    """How long public proposals wait for an official answer (``submitted_at`` to
    ``answered_at``, the first status change by an official), overall, per kind
    and per organisation. Three queries: the answered proposals' two dates (one
    row each), the unanswered counts, the organisations' names."""
    public = Proposal.objects.public().filter(submitted_at__isnull=False)
    answered = public.filter(answered_at__isnull=False).values_list(
        "kind", "organisation_id", "submitted_at", "answered_at"
    )
    days_by_kind, days_by_organisation, days = defaultdict(list), defaultdict(list), []
    for kind, organisation_id, submitted_at, answered_at in answered.order_by():
        waited = max((answered_at - submitted_at).total_seconds(), 0) / 86400
        days.append(waited)
        days_by_kind[kind].append(waited)
        days_by_organisation[organisation_id].append(waited)
    waiting_by_kind, waiting_by_organisation = defaultdict(int), defaultdict(int)
    for kind, organisation_id, n in (
        public.filter(answered_at__isnull=True)
        .values_list("kind", "organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        waiting_by_kind[kind] += n
        waiting_by_organisation[organisation_id] += n
    organisations = Organisation.objects.filter(
        pk__in=set(days_by_organisation) | set(waiting_by_organisation)
    ).order_by("slug")
    return AnswerTimes(
        overall=_answer_time("", days, sum(waiting_by_kind.values())),
        by_kind=[
            _answer_time(label, days_by_kind[kind], waiting_by_kind[kind])
            for kind, label in Proposal.Kind.choices
            if days_by_kind[kind] or waiting_by_kind[kind]
        ],
        by_organisation=[
            _answer_time(
                organisation.tr("name"),
                days_by_organisation[organisation.pk],
                waiting_by_organisation[organisation.pk],
                language=organisation.tr_language("name"),
            )
            for organisation in organisations
        ],
    )


# --- Consultations ---------------------------------------------------------------


@dataclass
class ConsultationCounts:
    consultation: object
    responses: int
    comments: int
    questions: int


def consultation_counts() -> list[ConsultationCounts]:
    """Per consultation an anonymous visitor may see (not drafts), newest first:
    questionnaire responses, comments on its sections (replies and comments a
    moderator hid included: they stay in place, marked), and questions asked in
    its hearing rooms that a moderator did not hide. Three queries."""
    consultations = list(
        consultations_visible_to(AnonymousUser())
        .annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count(
                "sessions__questions",
                filter=Q(sessions__questions__hidden_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-opens_at", "-pk")
    )
    section_of = dict(
        Section.objects.filter(consultation__in=consultations).values_list(
            "pk", "consultation_id"
        )
    )
    comments: dict[int, int] = defaultdict(int)
    # the content type by name, as consultations.selectors does (no stale cache)
    for section_id, n in (
        Comment.objects.filter(
            content_type__app_label="consultations",
            content_type__model="section",
            object_id__in=list(section_of),
        )
        .values_list("object_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        comments[section_of[section_id]] += n
    return [
        ConsultationCounts(
            consultation=consultation,
            responses=consultation.response_count,
            comments=comments[consultation.pk],
            questions=consultation.question_count,
        )
        for consultation in consultations
    ]
