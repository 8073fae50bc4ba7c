"""Reads of the voting app: tallies, their visibility, and counting input."""

from fractions import Fraction

from django.db.models import Count, Sum
from django.utils import timezone

from budgets.models import Budget, Project
from participation.phases import Phase
from participation.rules import is_official_of

from .models import Ballot, BallotItem

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


def tally_snapshot(budget: Budget) -> dict:
    """The full tally of ``budget`` with its version, before any visibility filter.

    Shape: ``{"type": "tally", "v": int, "turnout": int, "projects": [{"id": str,
    "votes": int}], "public_level": str}``; ``votes`` counts ballots naming the
    project, or their points on cumulative ballots. Projects in ballot order.
    """
    version = (
        Budget.objects.filter(pk=budget.pk)
        .values_list("tally_version", flat=True)
        .get()
    )
    turnout = Ballot.objects.filter(budget=budget).count()
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
    return {
        "type": "tally",
        "v": version,
        "turnout": turnout,
        "projects": [{"id": pid, "votes": votes or 0} for pid, votes in rows],
        "public_level": tally_public_level(budget),
    }


def tally_filtered(snapshot: dict, level: str) -> dict:
    """The snapshot as a client at ``level`` may see it (no internal keys)."""
    shown = {"type": "tally", "v": snapshot["v"], "visibility": level}
    if level in (FULL, TURNOUT):
        shown["turnout"] = snapshot["turnout"]
    if level == FULL:
        shown["projects"] = snapshot["projects"]
    return shown


def counting_input(budget: Budget) -> tuple[Fraction, dict[str, Fraction], list[dict]]:
    """Money, project costs and ballots of ``budget`` as ``voting.counting`` wants.

    Returns ``(budget_total, {external_id: cost}, [ {external_id: points} ... ])``;
    money as exact ``Fraction`` of the currency unit. Only feasible projects count.
    Ballots are read in one ordered query (no per-ballot queries).
    """
    projects = dict(
        Project.objects.filter(budget=budget)
        .on_ballot()
        .values_list("pk", "external_id")
    )
    costs = {
        external_id: Fraction(cost)
        for external_id, cost in Project.objects.filter(budget=budget)
        .on_ballot()
        .values_list("external_id", "cost")
    }
    ballots: dict[int, dict[str, int]] = {
        ballot_id: {}
        for ballot_id in Ballot.objects.filter(budget=budget).values_list(
            "pk", flat=True
        )
    }
    items = BallotItem.objects.filter(ballot__budget=budget).values_list(
        "ballot_id", "project_id", "points"
    )
    for ballot_id, project_id, points in items.iterator(chunk_size=20000):
        external_id = projects.get(project_id)
        if external_id is not None:
            ballots[ballot_id][external_id] = points
    return Fraction(budget.total), costs, list(ballots.values())
