"""Casting a ballot through the API: ``POST /api/v1/budgets/<slug>/ballot/``.

Session authentication and CSRF, as the HTML form; both go through
``voting.services.ballot_submit``.
"""

import hashlib
import json

from django.core.cache import cache
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from participation.api import api_error

from ..services import BallotError, ballot_submit
from .common import budget_or_404

MAX_CHOICES = 500
MAX_ID = 2**63 - 1


def _parse_ballot_body(raw: bytes) -> tuple[list[int], dict[int, int], str | None]:
    """Parse ``{"projects": [int], "points": {pk: int}, "pot": str}``; ValueError."""
    body = json.loads(raw or b"{}")
    if not isinstance(body, dict) or set(body) - {"projects", "points", "pot"}:
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
    budget = budget_or_404(slug)
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
            return JsonResponse(
                seen["body"],
                status=seen["status"],
                json_dumps_params={"ensure_ascii": False},
            )
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
    return JsonResponse(
        result, status=status, json_dumps_params={"ensure_ascii": False}
    )
