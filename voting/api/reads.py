"""Budgets, projects, tallies and results through the read API.

Visibility is the pages' own: ``voting.selectors.tally_level_for`` decides what
a client sees of votes and results (FULL, TURNOUT or NONE), so a hidden tally
gives no counts here either, in JSON or CSV.
"""

from fractions import Fraction

from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from budgets.models import Budget, Implementation, Project
from participation.api import (
    AREA_SCHEMA,
    ORGANISATION_SCHEMA,
    ApiError,
    Field,
    Resource,
    api_error,
    api_view,
    area_item,
    array,
    boolean,
    csv_response,
    date_time,
    filtered,
    integer,
    iso,
    list_response,
    money,
    obj,
    organisation_item,
    ref,
    site_url,
    string,
    wanted_format,
)
from participation.phases import Phase

from .. import results as results_service
from ..explain import explain_project
from ..filters import BudgetFilter, ProjectFilter
from ..selectors import (
    FULL,
    NONE,
    tally_filtered,
    tally_level_for,
    tally_snapshot,
    turnouts,
)
from .common import budget_or_404
from .exports import ballots_public

PHASES = [phase.value for phase in Phase]


def _choices(enum) -> dict:
    return string(enum=list(enum.values))


def _budget_links(budget: Budget, *, results: bool, ballots: bool) -> dict:
    def api(name: str) -> str:
        return site_url(reverse(f"api:{name}", args=[budget.slug]))

    return {
        "page": site_url(budget.get_absolute_url()),
        "projects": api("budget_projects"),
        "tally": api("tally"),
        "results": api("results") if results else None,
        "export_pb": api("export_pb") if ballots else None,
        "ballots_csv": api("ballots_csv") if ballots else None,
    }


LINKS_SCHEMA = obj(
    {
        "page": string(format="uri"),
        "projects": string(format="uri"),
        "tally": string(format="uri"),
        "results": string(nullable=True, format="uri"),
        "export_pb": string(nullable=True, format="uri"),
        "ballots_csv": string(nullable=True, format="uri"),
    }
)

BUDGET = Resource(
    "Budget",
    [
        Field("slug", string(), lambda b: b.slug),
        Field("name_th", string(), lambda b: b.name_th),
        Field("name_en", string(), lambda b: b.name_en),
        Field("description_th", string(), lambda b: b.description_th),
        Field("description_en", string(), lambda b: b.description_en),
        Field(
            "organisation",
            ORGANISATION_SCHEMA,
            lambda b: organisation_item(b.organisation),
        ),
        Field("fiscal_year_be", integer(nullable=True), lambda b: b.fiscal_year),
        Field("currency", string(), lambda b: b.currency),
        Field("total", {"type": "number", "minimum": 0}, lambda b: money(b.total)),
        Field("phase", string(enum=PHASES), lambda b: b.phase().value),
        Field("ballot_rule", _choices(Budget.BallotRule), lambda b: b.ballot_rule),
        Field(
            "counting_rule", _choices(Budget.CountingRule), lambda b: b.counting_rule
        ),
        Field(
            "results_visibility",
            _choices(Budget.ResultsVisibility),
            lambda b: b.results_visibility,
        ),
        Field("ideas_opens", date_time(nullable=True), lambda b: iso(b.ideas_opens)),
        Field("review_opens", date_time(nullable=True), lambda b: iso(b.review_opens)),
        Field("voting_opens", date_time(nullable=True), lambda b: iso(b.voting_opens)),
        Field(
            "voting_closes", date_time(nullable=True), lambda b: iso(b.voting_closes)
        ),
        Field(
            "results_published_at",
            date_time(nullable=True),
            lambda b: iso(b.results_published_at),
        ),
        Field("project_count", integer(minimum=0), lambda b: b.project_count),
        Field("turnout", integer(nullable=True, minimum=0), lambda b: b.turnout),
        Field("links", LINKS_SCHEMA, lambda b: b.links, csv=False),
        Field("url", string(format="uri"), lambda b: b.links["page"]),
    ],
)

POT = obj(
    {
        "key": string(),
        "area": AREA_SCHEMA,
        "total": {"type": "number", "minimum": 0},
        "turnout": integer(nullable=True, minimum=0),
    }
)
BUDGET_DETAIL = Resource(
    "BudgetDetail",
    [*BUDGET.fields, Field("pots", array(POT), lambda b: b.pot_items)],
)

PROJECT = Resource(
    "Project",
    [
        Field("id", string(), lambda p: p.external_id),
        Field("pk", integer(minimum=1), lambda p: p.pk),
        Field("name_th", string(), lambda p: p.name_th),
        Field("name_en", string(), lambda p: p.name_en),
        Field("description_th", string(), lambda p: p.description_th),
        Field("description_en", string(), lambda p: p.description_en),
        Field("cost", {"type": "number", "minimum": 0}, lambda p: money(p.cost)),
        Field("category", string(), lambda p: p.category),
        Field("area", AREA_SCHEMA, lambda p: area_item(p.area)),
        Field("feasibility", _choices(Project.Feasibility), lambda p: p.feasibility),
        Field("feasibility_reason", string(), lambda p: p.feasibility_reason),
        Field("cost_note", string(), lambda p: p.cost_note),
        Field(
            "merged_into",
            string(nullable=True),
            lambda p: p.merged_into.external_id if p.merged_into_id else None,
        ),
        Field(
            "from_proposal",
            string(nullable=True),
            lambda p: (
                p.source_proposal.tracking_number if p.source_proposal_id else None
            ),
        ),
        Field("votes", integer(nullable=True, minimum=0), lambda p: p.votes),
        Field(
            "implementation_status",
            string(nullable=True, enum=[*Implementation.Status.values, None]),
            lambda p: p.progress.status if p.progress else None,
        ),
        Field(
            "implementation_percent",
            integer(nullable=True, minimum=0, maximum=100),
            lambda p: p.progress.percent if p.progress else None,
        ),
        Field("url", string(format="uri"), lambda p: site_url(p.get_absolute_url())),
    ],
)

RESULT_PROJECT = Resource(
    "ResultProject",
    [
        Field("pot", string(), lambda row: row["pot"]),
        Field("id", string(), lambda row: row["id"]),
        Field("name_th", string(), lambda row: row["name_th"]),
        Field("name_en", string(), lambda row: row["name_en"]),
        Field("cost", {"type": "number", "minimum": 0}, lambda row: row["cost"]),
        Field("votes", integer(minimum=0), lambda row: row["votes"]),
        Field("funded", boolean(), lambda row: row["funded"]),
        Field("explanation_th", string(), lambda row: row["explanation_th"]),
        Field("explanation_en", string(), lambda row: row["explanation_en"]),
    ],
)
POT_RESULT = obj(
    {
        "pot": string(),
        "area": AREA_SCHEMA,
        "money": {"type": "number", "minimum": 0},
        "cost": {"type": "number", "minimum": 0},
        "ballots": integer(minimum=0),
        "winners": array(string()),
        "projects": array(ref("ResultProject")),
    }
)
BUDGET_RESULT = obj(
    {
        "budget": string(),
        "rule": _choices(Budget.CountingRule),
        "money": {"type": "number", "minimum": 0},
        "cost": {"type": "number", "minimum": 0},
        "winners": array(string()),
        "pots": array(ref("PotResult")),
    }
)
TALLY = obj(
    {
        "type": string(enum=["tally"]),
        "v": integer(minimum=0),
        "visibility": string(enum=["full", "turnout", "none"]),
        "turnout": integer(minimum=0),
        "pots": array(obj({"pot": string(), "turnout": integer(minimum=0)})),
        "projects": array(obj({"id": string(), "votes": integer(minimum=0)})),
    }
)
# Only type, v and visibility are always there: the rest depends on visibility.
TALLY["required"] = ["type", "v", "visibility"]


def _decorate(request, budgets: list[Budget]) -> list[Budget]:
    """Add ``turnout`` (None when hidden from this client) and ``links``."""
    counts = turnouts([budget.pk for budget in budgets])
    for budget in budgets:
        level = tally_level_for(user=request.user, budget=budget)
        budget.tally_level = level
        budget.turnout = counts.get(budget.pk, 0) if level != NONE else None
        budget.links = _budget_links(
            budget,
            results=level == FULL,
            ballots=ballots_public(request.user, budget),
        )
    return budgets


class _Decorated:
    """A sliceable view of a queryset whose slices are decorated for the API."""

    def __init__(self, request, queryset):
        self.request, self.queryset = request, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item):
        return _decorate(self.request, list(self.queryset[item]))

    def __iter__(self):
        for start in range(0, self.count(), 500):
            yield from self[start : start + 500]


def _budgets():
    feasible = Q(projects__feasibility=Project.Feasibility.FEASIBLE)
    return Budget.objects.listed().annotate(
        project_count=Count("projects", filter=feasible)
    )


@api_view
def budget_list(request):
    """Every budget, newest voting first; filters ``organisation``, ``fiscal_year``.

    JSON pages (``?page=``, ``?page_size=``) or CSV (``?format=csv``).
    ``turnout`` is null where this client may not see it yet.
    """
    records = filtered(BudgetFilter, request, _budgets())
    return list_response(
        request,
        records=_Decorated(request, records),
        resource=BUDGET,
        filename="budgets.csv",
    )


@api_view
def budget_detail(request, slug: str):
    """One budget with its pots (district money) and links to its data."""
    wanted_format(request, ("json",))
    budget = _budgets().filter(slug=slug).first()
    if budget is None:
        raise ApiError("not_found", _("Nothing is here."), 404)
    _decorate(request, [budget])
    pots = (
        tally_filtered(tally_snapshot(budget), budget.tally_level).get("pots")
        if budget.tally_level != NONE
        else None
    )
    pot_turnout = {row["pot"]: row["turnout"] for row in pots or []}
    budget.pot_items = [
        {
            "key": pot.key,
            "area": area_item(pot.area),
            "total": money(pot.total),
            "turnout": pot_turnout.get(pot.key) if pots is not None else None,
        }
        for pot in budget.pots()
    ]
    return JsonResponse(
        BUDGET_DETAIL.item(budget), json_dumps_params={"ensure_ascii": False}
    )


@api_view
def project_list(request, slug: str):
    """All projects of a budget, on the ballot or not, in ballot order.

    Filters ``feasibility`` and ``area`` (area id). ``votes`` is null unless
    this client may see the full tally. JSON pages or CSV.
    """
    budget = budget_or_404(slug)
    snapshot = tally_snapshot(budget)
    level = tally_level_for(
        user=request.user, budget=budget, public_level=snapshot["public_level"]
    )
    votes = {row["id"]: row["votes"] for row in snapshot["projects"]}
    queryset = filtered(
        ProjectFilter,
        request,
        budget.projects.select_related(
            "area", "merged_into", "source_proposal", "implementation"
        ).order_by("position", "external_id", "pk"),
    )

    class Projects(_Decorated):
        def __getitem__(self, item):
            chunk = list(self.queryset[item])
            for project in chunk:
                project.votes = (
                    votes.get(project.external_id, 0)
                    if level == FULL
                    and project.feasibility == Project.Feasibility.FEASIBLE
                    else None
                )
                try:
                    project.progress = project.implementation
                except Implementation.DoesNotExist:
                    project.progress = None
            return chunk

    return list_response(
        request,
        records=Projects(request, queryset),
        resource=PROJECT,
        filename=f"{budget.slug}-projects.csv",
    )


@api_view
def tally(request, slug: str):
    """The tally snapshot as this client may see it (``{"type": "tally", ...}``).

    ``?public=1`` gives what the public sees, even to an official (the
    town-hall screen).
    """
    budget = budget_or_404(slug)
    snapshot = tally_snapshot(budget)
    level = tally_level_for(
        user=request.user, budget=budget, public_level=snapshot["public_level"]
    )
    if request.GET.get("public") == "1":
        level = snapshot["public_level"]
    response = JsonResponse(tally_filtered(snapshot, level))
    response["Cache-Control"] = "no-store"
    return response


def _explained(budget: Budget, rule: str, entry: dict, projects: list) -> dict:
    """The plain-language reason for one project in Thai and in English, so a
    downloaded file says the same whatever language asked for it."""
    texts = {}
    for language in ("th", "en"):
        with translation.override(language):
            names = {project.external_id: project.tr("name") for project in projects}
            texts[f"explanation_{language}"] = explain_project(
                budget=budget, rule=rule, explanation=entry, names=names
            )
    return texts


def _result_body(budget: Budget, rule: str) -> dict:
    """The outcome under ``rule`` with a sentence per project (request language)."""
    pots = []
    snapshot = tally_snapshot(budget)
    votes = {row["id"]: row["votes"] for row in snapshot["projects"]}
    for pot in budget.pots():
        result = results_service.pot_result(budget, rule, pot, wait=False)
        projects = list(budget.pot_projects(pot).on_ballot())
        winners = set(result["winners"])
        pots.append(
            {
                "pot": pot.key,
                "area": area_item(pot.area),
                "money": money(pot.total),
                "cost": float(Fraction(str(result["cost"]))),
                "ballots": result["voters"],
                "winners": list(result["winners"]),
                "projects": [
                    {
                        "pot": pot.key,
                        "id": project.external_id,
                        "name_th": project.name_th,
                        "name_en": project.name_en,
                        "cost": money(project.cost),
                        "votes": votes.get(project.external_id, 0),
                        "funded": project.external_id in winners,
                        **_explained(
                            budget,
                            rule,
                            result["explanations"].get(project.external_id, {}),
                            projects,
                        ),
                    }
                    for project in projects
                ],
            }
        )
    return {
        "budget": budget.slug,
        "rule": rule,
        "money": money(budget.total),
        "cost": sum(pot["cost"] for pot in pots),
        "winners": sorted(w for pot in pots for w in pot["winners"]),
        "pots": pots,
    }


@api_view
def results(request, slug: str):
    """Winners and a plain-language reason per project (Thai and English)
    under ``?rule=``.

    ``rule``: greedy, mes or mes_add1_greedy (default: the budget's own rule).
    403 ``results_hidden`` while this client may not see the full tally;
    400 ``unknown_rule``; 503 ``counting`` with ``Retry-After`` (seconds) while
    another request is counting it (this one does not count again).
    ``?format=csv`` gives one row a project.
    """
    fmt = wanted_format(request)
    budget = budget_or_404(slug)
    rule = request.GET.get("rule") or budget.counting_rule
    if rule not in Budget.CountingRule.values:
        raise ApiError("unknown_rule", _("Unknown counting rule."))
    if tally_level_for(user=request.user, budget=budget) != FULL:
        raise ApiError(
            "results_hidden", _("The results of this budget are not public yet."), 403
        )
    try:
        body = _result_body(budget, rule)
    except results_service.CountingInProgress as running:
        response = api_error(
            "counting",
            _("The votes are being counted right now. Please try again in a minute."),
            503,
        )
        response["Retry-After"] = str(running.retry_after)
        return response
    if fmt == "csv":
        rows = [
            RESULT_PROJECT.csv_row(p) for pot in body["pots"] for p in pot["projects"]
        ]
        return csv_response(
            f"{budget.slug}-results-{rule}.csv", RESULT_PROJECT.csv_header, rows
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
