"""Reads of the voting app: tallies, their visibility, and counting input."""

from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone

from budgets.models import Budget, Pot, Project
from participation.phases import Phase
from participation.rules import is_official_of

from .models import Ballot, BallotItem, PaperEntry, VoterRecord

FULL, TURNOUT, NONE = "full", "turnout", "none"


def tally_public_level(budget: Budget, now=None) -> str:
    """What the public may see of ``budget``'s tally now: full, turnout or none.

    During voting the budget's ``results_visibility`` decides; between the close of
    voting and publication the public sees turnout only; after publication, all.
    """
    phase = budget.phase(now or timezone.now())
    if phase in (Phase.RESULTS, Phase.IMPLEMENTATION):
        return FULL
    if phase == Phase.VOTING:
        return {
            Budget.ResultsVisibility.LIVE: FULL,
            Budget.ResultsVisibility.TURNOUT: TURNOUT,
            Budget.ResultsVisibility.HIDDEN: NONE,
        }[budget.results_visibility]
    return TURNOUT


def tally_level_for(*, user, budget: Budget, public_level: str | None = None) -> str:
    """The level ``user`` may see: officials of the organisation see everything."""
    if user is not None and is_official_of(user, budget.organisation):
        return FULL
    return public_level or tally_public_level(budget)


def turnout_of(budget: Budget) -> int:
    """How many people voted: voter records, people with a live paper entry, and
    imported (anonymous) ballots.

    A voter with a district ballot and a city-wide ballot counts once; the count
    survives the detachment of ballots at publication.
    """
    return turnouts([budget.pk])[budget.pk]


def tally_snapshot(budget: Budget) -> dict:
    """The full tally of ``budget`` with its version, before any visibility filter.

    Shape: ``{"type": "tally", "v": int, "turnout": int, "projects": [{"id": str,
    "votes": int}], "pots": [{"pot": str, "turnout": int}], "public_level": str}``;
    ``votes`` counts ballots naming the project, or their points on cumulative
    ballots; ``pots`` gives the ballots per pot (district code or ``city``).
    Projects in ballot order.
    """
    version = (
        Budget.objects.filter(pk=budget.pk)
        .values_list("tally_version", flat=True)
        .get()
    )
    measure = (
        Sum("ballot_items__points")
        if budget.ballot_rule == Budget.BallotRule.CUMULATIVE
        else Count("ballot_items")
    )
    rows = (
        Project.objects.filter(budget=budget)
        .on_ballot()
        .annotate(votes=measure)
        .values_list("external_id", "votes")
    )
    per_area = dict(
        Ballot.objects.filter(budget=budget)
        .values_list("area__code")
        .annotate(n=Count("id"))
        .values_list("area__code", "n")
    )
    return {
        "type": "tally",
        "v": version,
        "turnout": turnout_of(budget),
        "projects": [{"id": pid, "votes": votes or 0} for pid, votes in rows],
        "pots": [
            {
                "pot": pot.key,
                "turnout": per_area.get(pot.area.code if pot.area else None, 0),
            }
            for pot in budget.pots()
        ],
        "public_level": tally_public_level(budget),
    }


def tally_filtered(snapshot: dict, level: str) -> dict:
    """The snapshot as a client at ``level`` may see it (no internal keys)."""
    # Hidden: not even the version, which would count the ballots cast.
    version = snapshot["v"] if level != NONE else 0
    shown = {"type": "tally", "v": version, "visibility": level}
    if level in (FULL, TURNOUT):
        shown["turnout"] = snapshot["turnout"]
        shown["pots"] = snapshot["pots"]
    if level == FULL:
        shown["projects"] = snapshot["projects"]
    return shown


def counting_input(
    budget: Budget, pot: Pot | None = None
) -> tuple[Fraction, dict[str, Fraction], list[dict]]:
    """Money, project costs and ballots of one pot as ``voting.counting`` wants.

    ``pot`` defaults to the budget's only pot (budgets without districts).
    Returns ``(pot_total, {external_id: cost}, [{external_id: points}, ...])``;
    money as exact ``Fraction`` of the currency unit. Only feasible projects of the
    pot count; every ballot of the pot counts, empty ones included. Ballot items
    are read in one streamed query (no per-ballot queries).
    """
    if pot is None:
        pot = budget.pots()[0]
    projects = budget.pot_projects(pot).on_ballot()
    external = dict(projects.values_list("pk", "external_id"))
    costs = {
        external_id: Fraction(cost)
        for external_id, cost in projects.values_list("external_id", "cost")
    }
    ballots_of_pot = Ballot.objects.filter(budget=budget, area=pot.area)
    ballots: dict[int, dict[str, int]] = {
        ballot_id: {} for ballot_id in ballots_of_pot.values_list("pk", flat=True)
    }
    items = BallotItem.objects.filter(ballot__in=ballots_of_pot).values_list(
        "ballot_id", "project_id", "points"
    )
    for ballot_id, project_id, points in items.iterator(chunk_size=20000):
        external_id = external.get(project_id)
        if external_id is not None:
            ballots[ballot_id][external_id] = points
    return Fraction(pot.total), costs, list(ballots.values())


def pots_for_voter(budget: Budget, voter) -> list[Pot]:
    """The pots ``voter`` may hold a ballot in: their district's, then city-wide.

    A budget without districts has one pot. A voter without a home area, or
    whose area has no district here, gets only the city-wide pot (if any).
    """
    pots = budget.pots()
    home = getattr(voter, "home_area_id", None)
    return [pot for pot in pots if pot.area is None or (home and pot.area.pk == home)]


def holds_open_area_ballot(voter) -> bool:
    """Whether ``voter`` has an area ballot in a budget whose voting is open."""
    from participation.phases import Phase

    budgets = Budget.objects.filter(
        ballots__voter=voter, ballots__area__isnull=False
    ).distinct()
    return any(budget.phase() == Phase.VOTING for budget in budgets)


def turnouts(budget_ids: list[int]) -> dict[int, int]:
    """``turnout_of`` for many budgets at once, in three queries: ``{pk: people}``."""
    counts: dict[int, int] = dict.fromkeys(budget_ids, 0)
    queries = [
        VoterRecord.objects.filter(budget__in=budget_ids)
        .values("budget")
        .annotate(n=Count("id")),
        PaperEntry.objects.filter(budget__in=budget_ids, voided_at__isnull=True)
        .values("budget")
        .annotate(n=Count("resident", distinct=True)),
        Ballot.objects.filter(budget__in=budget_ids, channel=Ballot.Channel.IMPORTED)
        .values("budget")
        .annotate(n=Count("id")),
    ]
    for query in queries:
        for row in query:
            counts[row["budget"]] += row["n"]
    return counts
