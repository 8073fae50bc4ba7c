"""The OpenAPI document tells the truth: schemathesis against the live app.

Schemathesis generates requests from ``/api/v1/openapi.json`` (valid and
invalid query values, unknown and real ids) and checks every answer: no 5xx,
only declared status codes and content types, and every JSON body valid
against its strict schema. It runs on the demo data (budgets in voting and
published, districts, an imported Pabulib election, proposals, consultations
with a published report), as the public and as the organiser's official.
"""

import contextlib
import copy

import pytest
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from participation.portal import demo

schemathesis = pytest.importorskip("schemathesis")
# A filter naming no record (an unknown organisation or area) is valid by type
# but answered 400 invalid_filter, on purpose: a typo should say so rather than
# return an empty list. Every other check runs, negative data included.
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

EXAMPLES_PER_OPERATION = 25


@contextlib.contextmanager
def _on_the_test_connection():
    """Requests in this thread keep the test's transaction open, as the test
    client does (Django closes "old" connections around each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def wsgi_app():
    return get_wsgi_application()


def _real_ids() -> dict[str, list[str]]:
    from budgets.models import Budget
    from consultations.models import Consultation
    from proposals.models import Proposal

    return {
        "slug": list(Budget.objects.values_list("slug", flat=True))
        + list(Consultation.objects.values_list("slug", flat=True)),
        "tracking": list(
            Proposal.objects.exclude(tracking_number="").values_list(
                "tracking_number", flat=True
            )[:20]
        ),
    }


def _with_real_ids(document: dict, ids: dict[str, list[str]]) -> dict:
    """The document with path ids drawn from the data (plus one unknown id), so
    generated requests reach real records; the response schemas are untouched."""
    narrowed = copy.deepcopy(document)
    for item in narrowed["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and ids.get(parameter["name"]):
                    parameter["schema"] = {
                        "type": "string",
                        "enum": [*ids[parameter["name"]], "no-such-thing"],
                    }
    return narrowed


def _run(document: dict, app, cookies: dict | None = None) -> int:
    schema = schemathesis.openapi.from_dict(document)
    calls = 0
    with _on_the_test_connection():
        for result in schema.get_all_operations():
            operation = result.ok()

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                nonlocal calls
                headers = {"Accept-Language": "en"}
                if cookies:
                    headers["Cookie"] = "; ".join(
                        f"{k}={v}" for k, v in cookies.items()
                    )
                case.call_and_validate(
                    app=app, headers=headers, excluded_checks=[positive_data_acceptance]
                )
                calls += 1

            check()
    return calls


@pytest.mark.django_db
def test_every_answer_matches_the_openapi_document(client, wsgi_app, settings):
    settings.SITE_URL = "http://testserver"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")

    calls = _run(document, wsgi_app)  # random ids: 404s must be JSON errors too
    calls += _run(_with_real_ids(document, _real_ids()), wsgi_app)

    from participation.models import User

    client.force_login(User.objects.get(email=demo.OFFICIAL_EMAIL))
    calls += _run(
        _with_real_ids(document, _real_ids()),
        wsgi_app,
        cookies={"sessionid": client.cookies["sessionid"].value},
    )
    assert calls > 3 * len(document["paths"])


@pytest.mark.django_db
def test_every_response_schema_is_strict(client):
    """Every object in a response schema types and requires all its properties
    and allows no others (the issue's "strict schemas")."""
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def walk(schema, where):
        if "$ref" in schema:
            return
        if schema.get("type") == "object" and "properties" in schema:
            assert schema.get("additionalProperties") is False, where
            if where != "components.Tally":  # its counts depend on visibility
                assert set(schema["required"]) == set(schema["properties"]), where
            for name, sub in schema["properties"].items():
                assert "type" in sub or "$ref" in sub, f"{where}.{name}"
                walk(sub, f"{where}.{name}")
        if schema.get("type") == "array":
            walk(schema["items"], f"{where}[]")

    for name, schema in schemas.items():
        walk(schema, f"components.{name}")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                for media, content in answer.get("content", {}).items():
                    if media == "application/json" and path != "/api/v1/openapi.json":
                        walk(content["schema"], f"{method} {path} {status}")
