"""The voting part of the JSON API under ``/api/v1/budgets/<slug>/``.

Errors are ``{"error": "<code>", "message": "<text in the request's language>"}``
with a 4xx status. Results visibility applies exactly as on the pages.
"""

import hashlib
import json
import random

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from budgets.models import Budget, Pot
from participation.api import api_view

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
    if request.GET.get("public") == "1":
        # the town-hall screen: what the public may see, even for an official
        level = snapshot["public_level"]
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
    pots = {pot.key: pot for pot in budget.pots()}
    key = request.GET.get("pot")
    if key is not None and key not in pots:
        return api_error("unknown_pot", _("This budget has no such pot."), 404)
    pot = pots[key] if key else None
    text = budget_to_pabulib(budget, pot)
    name = budget.slug if len(pots) == 1 or pot is None else f"{budget.slug}-{pot.key}"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.pb"'
    return response


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
    ballots: dict[int, list[tuple[str, int]]] = {}
    pot_ballots = Ballot.objects.filter(budget=budget, area=pot.area)
    for ballot_id in pot_ballots.order_by("pk").values_list("pk", flat=True):
        ballots[ballot_id] = []
    external = {project.pk: project.external_id for project in projects}
    items = pot_ballots.values_list(
        "pk", "items__project_id", "items__points"
    ).order_by("pk", "items__id")
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


MAX_CHOICES = 500
MAX_ID = 2**63 - 1


def _parse_ballot_body(raw: bytes) -> tuple[list[int], dict[int, int], str | None]:
    """Parse ``{"projects": [int], "points": {pk: int}, "pot": str}``; ValueError."""
    body = json.loads(raw or b"{}")
    if not isinstance(body, dict):
        raise ValueError("body")
    projects = body.get("projects", [])
    if not isinstance(projects, list) or len(projects) > MAX_CHOICES:
        raise ValueError("projects")
    for pk in projects:
        if type(pk) is not int or not 0 < pk <= MAX_ID:
            raise ValueError("projects")
    raw_points = body.get("points") or {}
    if not isinstance(raw_points, dict) or len(raw_points) > MAX_CHOICES:
        raise ValueError("points")
    points = {}
    for pk, value in raw_points.items():
        if not str(pk).isdecimal() or type(value) is not int or not 0 < value <= 10**6:
            raise ValueError("points")
        points[int(pk)] = value
    pot = body.get("pot")
    if pot is not None and not isinstance(pot, str):
        raise ValueError("pot")
    return projects, points, pot


@csrf_exempt  # checked below, after the 401 for anonymous callers
@require_POST
def ballot(request, slug: str):
    """Cast or replace the signed-in voter's ballot (session auth and CSRF).

    Body: ``{"projects": [project pk, ...], "points": {"<pk>": n}, "pot": key}``
    (``pot``: the district code, or ``city``; default the city-wide pot). An
    ``Idempotency-Key`` header makes a retried request return the first answer;
    the same key with another body is refused (422), and a request still being
    handled under that key answers 409.
    """
    if not request.user.is_authenticated:
        return api_error("not_authenticated", _("Log in to vote."), 401)
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}):
        return api_error(
            "csrf_failed", _("The security token is missing or wrong; reload."), 403
        )
    budget = _budget_or_404(slug)
    try:
        project_ids, points, pot_key = _parse_ballot_body(request.body)
    except (ValueError, TypeError, UnicodeDecodeError):
        return api_error(
            "bad_request", _("The request body is not a valid ballot."), 400
        )
    pots = {pot.key: pot for pot in budget.pots()}
    pot = pots.get(pot_key or "city")
    if pot is None:
        return api_error("unknown_pot", _("This budget has no such ballot."), 400)
    key = request.headers.get("Idempotency-Key", "")[:100]
    digest = hashlib.sha256(request.body).hexdigest()
    cache_key = f"ballot-idem:{request.user.pk}:{budget.pk}:{key}"
    if key:
        seen = cache.get(cache_key)
        if seen is not None:
            if seen["hash"] != digest:
                return api_error(
                    "idempotency_key_reused",
                    _("This Idempotency-Key was used for another ballot."),
                    422,
                )
            return JsonResponse(seen["body"], status=seen["status"])
        if not cache.add(f"{cache_key}:lock", 1, 60):
            return api_error(
                "request_in_progress",
                _("The same request is still being handled; try again shortly."),
                409,
            )
    try:
        ballot_submit(
            voter=request.user,
            budget=budget,
            project_ids=project_ids,
            points=points,
            area=pot.area,
        )
    except BallotError as error:
        status = 403 if error.code in {"not_in_voting_phase", "not_eligible"} else 400
        result = {"error": error.code, "message": error.message}
    else:
        status, result = 200, {"ok": True}
    if key:
        cache.set(cache_key, {"hash": digest, "status": status, "body": result}, 86400)
        cache.delete(f"{cache_key}:lock")
    return JsonResponse(result, status=status)


@api_view
def budget_list(request):
    return HttpResponse(status=501)


@api_view
def budget_detail(request, slug: str):
    return HttpResponse(status=501)


@api_view
def project_list(request, slug: str):
    return HttpResponse(status=501)


@api_view
def ballots_csv(request, slug: str):
    return HttpResponse(status=501)
