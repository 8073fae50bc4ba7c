"""The voting part of the JSON API under ``/api/v1/budgets/<slug>/``.

Errors are ``{"error": "<code>", "message": "<text in the request's language>"}``
with a 4xx status. Results visibility applies exactly as on the pages.
"""

import json
import random

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets.models import Budget

from . import results as results_service
from .models import Ballot
from .pabulib import write_pabulib
from .selectors import FULL, tally_filtered, tally_level_for, tally_snapshot
from .services import BallotError, ballot_submit


def api_error(code: str, message: str, status: int) -> JsonResponse:
    """A JSON error body with a stable code and a translated message."""
    return JsonResponse({"error": code, "message": str(message)}, status=status)


def _budget_or_404(slug: str) -> Budget:
    return get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)


@require_GET
def tally(request, slug: str):
    """The tally snapshot as this client may see it (``{"type": "tally", ...}``)."""
    budget = _budget_or_404(slug)
    snapshot = tally_snapshot(budget)
    level = tally_level_for(
        user=request.user, budget=budget, public_level=snapshot["public_level"]
    )
    response = JsonResponse(tally_filtered(snapshot, level))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def results(request, slug: str):
    """Winners and explanations under ``?rule=`` (default: the budget's rule)."""
    budget = _budget_or_404(slug)
    rule = request.GET.get("rule") or budget.counting_rule
    if rule not in Budget.CountingRule.values:
        return api_error("unknown_rule", _("Unknown counting rule."), 400)
    if tally_level_for(user=request.user, budget=budget) != FULL:
        return api_error(
            "results_hidden", _("The results of this budget are not public yet."), 403
        )
    return JsonResponse(results_service.budget_result(budget, rule))


@require_GET
def export_pb(request, slug: str):
    """The election as a Pabulib ``.pb`` file: budget, projects and anonymous ballots.

    Ballots appear only when the full tally may be seen; voter ids are numbers
    with no link to any person, in random order for ballots cast on the site.
    """
    budget = _budget_or_404(slug)
    if tally_level_for(user=request.user, budget=budget) != FULL:
        return api_error(
            "results_hidden", _("The ballots of this budget are not public yet."), 403
        )
    text = budget_to_pabulib(budget)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{budget.slug}.pb"'
    return response


def budget_to_pabulib(budget: Budget) -> str:
    """Write ``budget`` in the Pabulib format (see ``voting.pabulib``)."""
    meta = dict(budget.source_meta.get("meta", {})) if budget.is_imported else {}
    projects = list(budget.projects.on_ballot())
    vote_type = {
        Budget.BallotRule.CUMULATIVE: "cumulative",
    }.get(budget.ballot_rule, "approval")
    if budget.is_imported and meta.get("vote_type") in {"choose-1", "approval"}:
        vote_type = meta["vote_type"]
    ballots: dict[int, list[tuple[str, int]]] = {}
    for ballot_id in (
        Ballot.objects.filter(budget=budget).order_by("pk").values_list("pk", flat=True)
    ):
        ballots[ballot_id] = []
    external = {project.pk: project.external_id for project in projects}
    items = (
        Ballot.objects.filter(budget=budget)
        .values_list("pk", "items__project_id", "items__points")
        .order_by("pk", "items__id")
    )
    for ballot_id, project_id, points in items.iterator(chunk_size=20000):
        if project_id in external:
            ballots[ballot_id].append((external[project_id], points))
    ordered = list(ballots.values())
    if not budget.is_imported:
        random.SystemRandom().shuffle(ordered)
    meta.update(
        {
            "description": meta.get("description") or budget.name_en or budget.name_th,
            "num_projects": str(len(projects)),
            "num_votes": str(len(ordered)),
            "budget": _plain(budget.total),
            "vote_type": vote_type,
            "currency": budget.currency,
        }
    )
    meta.setdefault("country", "Thailand" if budget.currency == "THB" else "")
    meta.setdefault("unit", budget.organisation.name_en if budget.organisation else "")
    meta.setdefault("instance", str(budget.fiscal_year or ""))
    project_rows = {}
    for project in projects:
        row = dict(project.extra.get("pabulib", {})) if budget.is_imported else {}
        row["cost"] = _plain(project.cost)
        row["name"] = project.name_en or project.name_th
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


@require_POST
def ballot(request, slug: str):
    """Cast or replace the signed-in voter's ballot (session auth and CSRF).

    Body: ``{"projects": [project pk, ...], "points": {"<pk>": n}}``. An
    ``Idempotency-Key`` header makes a retried request return the first answer.
    """
    if not request.user.is_authenticated:
        return api_error("not_authenticated", _("Log in to vote."), 401)
    budget = _budget_or_404(slug)
    key = request.headers.get("Idempotency-Key", "")[:100]
    cache_key = f"ballot-idem:{request.user.pk}:{budget.pk}:{key}" if key else None
    if cache_key and (seen := cache.get(cache_key)) is not None:
        return JsonResponse(seen["body"], status=seen["status"])
    try:
        body = json.loads(request.body or b"{}")
        project_ids = [int(pk) for pk in body.get("projects", [])]
        points = {int(pk): int(n) for pk, n in (body.get("points") or {}).items()}
    except (ValueError, TypeError, AttributeError):
        return api_error("bad_request", _("The request body is not valid JSON."), 400)
    try:
        ballot_submit(
            voter=request.user, budget=budget, project_ids=project_ids, points=points
        )
    except BallotError as error:
        status = 403 if error.code in {"not_in_voting_phase", "not_eligible"} else 400
        result = {
            "status": status,
            "body": {"error": error.code, "message": error.message},
        }
    else:
        result = {"status": 200, "body": {"ok": True}}
    if cache_key:
        cache.set(cache_key, result, 24 * 3600)
    return JsonResponse(result["body"], status=result["status"])
