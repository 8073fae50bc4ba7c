"""JSON errors for every response under ``/api/``, whatever produced them.

The API promises ``{"error": "<code>", "message": "<localised text>"}`` with a
4xx or 5xx status. Django's own 403 (CSRF), 404 and 405 pages and unexpected
exceptions are HTML; this middleware turns them into that shape.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import is_valid_path
from django.utils.translation import gettext as _

logger = logging.getLogger("ruamkid.api")

CODES = {
    400: ("bad_request", lambda: _("The request is not valid.")),
    401: ("not_authenticated", lambda: _("Log in first.")),
    403: ("forbidden", lambda: _("You may not do this.")),
    404: ("not_found", lambda: _("Nothing is here.")),
    405: ("method_not_allowed", lambda: _("This method is not allowed here.")),
    500: ("server_error", lambda: _("Something went wrong on our side.")),
}


def _json_error(status: int) -> JsonResponse:
    code, message = CODES.get(status, CODES[500] if status >= 500 else CODES[400])
    return JsonResponse(
        {"error": code, "message": str(message())},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _with_slash(request) -> HttpResponseRedirect | None:
    """``/api/v1/budgets`` → 308 to ``/api/v1/budgets/``, keeping method and body.

    Django's own APPEND_SLASH answers 301, which turns a POST into a GET (and,
    with DEBUG, refuses a POST with an error page).
    """
    path = request.path_info
    if not path.startswith("/api/") or path.endswith("/") or is_valid_path(path):
        return None
    if not is_valid_path(path + "/"):
        return None
    target = request.get_full_path(force_append_slash=True)
    return HttpResponseRedirect(target, status=308)


class ApiErrorMiddleware:
    """Make every API error JSON (the API's error contract)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        moved = _with_slash(request)
        if moved is not None:
            return moved
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allow = response.get("Allow")
            response = _json_error(response.status_code)
            if allow:
                response["Allow"] = allow
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        if isinstance(exception, Http404):
            return _json_error(404)
        if isinstance(exception, PermissionDenied):
            return _json_error(403)
        logger.exception("API error on %s", request.path)
        return _json_error(500)
