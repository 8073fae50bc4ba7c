"""The OpenAPI 3 document of the public API: ``/api/v1/openapi.json``.

Each app declares its paths and schemas next to its views (``OPENAPI_PATHS``,
``SCHEMAS`` in its ``api`` module, built from the same ``Resource``
declarations that write the data), and this module puts them together. A test
runs schemathesis against the live app with this document, so it stays true.
"""

from django.conf import settings
from django.http import JsonResponse

from consultations import api as consultations_api
from participation.api import ERROR_SCHEMA, api_view
from proposals import api as proposals_api
from voting import api as voting_api

APPS = (proposals_api, consultations_api, voting_api)


def openapi_document() -> dict:
    """The whole OpenAPI 3.0.3 document as a dict (every response schema strict)."""
    schemas = {"Error": ERROR_SCHEMA}
    paths: dict = {}
    for module in APPS:
        for name, schema in module.SCHEMAS.items():
            if name in schemas:
                raise ValueError(f"two apps define the schema {name}")
            schemas[name] = schema
        paths.update(module.OPENAPI_PATHS)
    paths["/api/v1/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Ruamkid open data API",
            "version": "1",
            "description": (
                "Read-only open data of Ruamkid (ร่วมคิด): budgets, projects, "
                "tallies, results, anonymised ballots, proposals and "
                "consultations. JSON by default; CSV (UTF-8 with BOM) with "
                '?format=csv on lists. Errors are {"error": code, "message": '
                "text} in the language of Accept-Language (Thai by default)."
            ),
            "license": {
                "name": getattr(settings, "OPEN_DATA_LICENSE_NAME", "CC BY 4.0"),
                "url": getattr(
                    settings,
                    "OPEN_DATA_LICENSE_URL",
                    "https://creativecommons.org/licenses/by/4.0/",
                ),
            },
        },
        "servers": [{"url": settings.SITE_URL.rstrip("/")}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": schemas},
    }


@api_view
def openapi_view(request):
    """The document as JSON (Thai text unescaped)."""
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
