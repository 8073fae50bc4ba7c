"""Anonymised ballot exports: Pabulib ``.pb`` and CSV, per pot of a budget.

Ballots are published only once voting has closed and the full tally may be
seen (results published; officials of the organiser see them from the close).
Voter ids are numbers 1..n given after sorting the ballots by their content,
so they say nothing about who voted or when; no personal field is written.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from budgets.models import Budget, Pot
from participation.api import ApiError, api_view, csv_response
from participation.phases import Phase

from ..models import Ballot
from ..pabulib import write_pabulib
from ..selectors import FULL, tally_level_for
from .common import budget_or_404

CLOSED = (Phase.COUNTING, Phase.RESULTS, Phase.IMPLEMENTATION)


def ballots_public(user, budget: Budget) -> bool:
    """Whether ``user`` may download ``budget``'s ballots now (see module doc)."""
    return (
        budget.phase() in CLOSED and tally_level_for(user=user, budget=budget) == FULL
    )


def _pot_asked(request, budget: Budget) -> tuple[Pot | None, dict[str, Pot]]:
    pots = {pot.key: pot for pot in budget.pots()}
    key = request.GET.get("pot")
    if key is not None and key not in pots:
        raise ApiError("unknown_pot", _("This budget has no such pot."), 404)
    return (pots[key] if key else None), pots


def _checked(request, slug: str) -> Budget:
    budget = budget_or_404(slug)
    if not ballots_public(request.user, budget):
        raise ApiError(
            "results_hidden", _("The ballots of this budget are not public yet."), 403
        )
    return budget


@api_view
def export_pb(request, slug: str):
    """The election as a Pabulib ``.pb`` file: budget, projects and anonymous ballots.

    ``?pot=`` picks a district pot (its area code) or ``city``; default the
    city-wide or only pot. 403 ``results_hidden`` before the ballots are public,
    404 ``unknown_pot``.
    """
    budget = _checked(request, slug)
    pot, pots = _pot_asked(request, budget)
    text = budget_to_pabulib(budget, pot)
    name = budget.slug if len(pots) == 1 or pot is None else f"{budget.slug}-{pot.key}"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.pb"'
    return response


@api_view
def ballots_csv(request, slug: str):
    """Every anonymous ballot of a budget as CSV, one row a ballot.

    Columns: ``voter_id`` (1..n within a pot, no link to a person), ``pot``
    (district code or ``city``), ``vote`` (project ids, comma-separated, as in
    Pabulib) and ``points`` (cumulative ballots; empty otherwise). ``?pot=``
    limits it to one pot. Errors as ``export_pb``.
    """
    budget = _checked(request, slug)
    pot, pots = _pot_asked(request, budget)
    rows = []
    for each in [pot] if pot else list(pots.values()):
        for number, chosen in enumerate(_pot_ballots(budget, each), start=1):
            rows.append(
                [
                    number,
                    each.key,
                    ",".join(pid for pid, _points in chosen),
                    ",".join(str(points) for _pid, points in chosen)
                    if budget.ballot_rule == Budget.BallotRule.CUMULATIVE
                    else "",
                ]
            )
    name = f"{budget.slug}-{pot.key}" if pot and len(pots) > 1 else budget.slug
    return csv_response(
        f"{name}-ballots.csv", ["voter_id", "pot", "vote", "points"], rows
    )


def _pot_ballots(budget: Budget, pot: Pot) -> list[list[tuple[str, int]]]:
    """The pot's ballots as ``[[(project external id, points), ...], ...]``.

    Imported ballots keep the order of their file; ballots cast here are sorted
    by content, which tells nothing about when or by whom they were cast.
    """
    projects = budget.pot_projects(pot).on_ballot()
    external = dict(projects.values_list("pk", "external_id"))
    ballots: dict[int, list[tuple[str, int]]] = {}
    pot_ballots = Ballot.objects.filter(budget=budget, area=pot.area)
    for ballot_id in pot_ballots.order_by("pk").values_list("pk", flat=True):
        ballots[ballot_id] = []
    items = pot_ballots.values_list(
        "pk", "items__project_id", "items__points"
    ).order_by("pk", "items__id")
    for ballot_id, project_id, points in items.iterator(chunk_size=20000):
        if project_id in external:
            ballots[ballot_id].append((external[project_id], points))
    ordered = list(ballots.values())
    if not budget.is_imported:
        ordered.sort()
    return ordered


def budget_to_pabulib(budget: Budget, pot: Pot | None = None) -> str:
    """Write one pot of ``budget`` in the Pabulib format (see ``voting.pabulib``).

    A Pabulib file holds one election with one budget, so a budget with districts
    is exported one pot at a time (``pot``; default the city-wide or only pot),
    as Pabulib publishes district votes one file per district. Names are in Thai
    (``name``) with the English name, when there is one, in ``name_en``.
    """
    pot = pot or budget.pot_of(None) or budget.pots()[0]
    meta = dict(budget.source_meta.get("meta", {})) if budget.is_imported else {}
    projects = list(budget.pot_projects(pot).on_ballot())
    vote_type = {
        Budget.BallotRule.CUMULATIVE: "cumulative",
    }.get(budget.ballot_rule, "approval")
    if budget.is_imported and meta.get("vote_type") in {"choose-1", "approval"}:
        vote_type = meta["vote_type"]
    ordered = _pot_ballots(budget, pot)
    meta.update(
        {
            "description": meta.get("description") or budget.name_en or budget.name_th,
            "num_projects": str(len(projects)),
            "num_votes": str(len(ordered)),
            "budget": _plain(pot.total),
            "vote_type": vote_type,
            "currency": budget.currency,
        }
    )
    meta.setdefault("country", "Thailand" if budget.currency == "THB" else "")
    meta.setdefault("unit", budget.organisation.name_en if budget.organisation else "")
    meta.setdefault("instance", str(budget.fiscal_year or ""))
    if pot.area is not None:
        meta["subunit"] = pot.area.name_en or pot.area.name_th
    project_rows = {}
    for project in projects:
        row = dict(project.extra.get("pabulib", {})) if budget.is_imported else {}
        row["cost"] = _plain(project.cost)
        row["name"] = project.name_th
        if project.name_en and project.name_en != project.name_th:
            row["name_en"] = project.name_en
        if project.category:
            row.setdefault("category", project.category)
        project_rows[project.external_id] = row
    vote_rows = []
    for number, chosen in enumerate(ordered, start=1):
        row = {"voter_id": str(number), "vote": ",".join(pid for pid, _ in chosen)}
        if vote_type == "cumulative":
            row["points"] = ",".join(str(points) for _, points in chosen)
        vote_rows.append(row)
    return write_pabulib(meta, project_rows, vote_rows)


def _plain(value) -> str:
    return str(int(value)) if value == int(value) else str(value)
