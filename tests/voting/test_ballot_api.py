"""The JSON ballot endpoint and the API's JSON error contract."""

import json

import pytest
from django.test import Client

from tests.conftest import make_user, project_pks
from voting.models import Ballot


def post(client, slug, body, **headers):
    return client.post(
        f"/api/v1/budgets/{slug}/ballot/",
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        **headers,
    )


@pytest.mark.django_db
def test_vote_over_the_api(client, citizen, budget):
    client.force_login(citizen)
    response = post(client, budget.slug, {"projects": project_pks(budget, "A", "C")})
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    ballot = Ballot.objects.get(voter=citizen)
    assert set(ballot.items.values_list("project__external_id", flat=True)) == {
        "A",
        "C",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"projects": "13"},
        {"projects": [True]},
        {"projects": [4.9]},
        {"projects": {"1": 1}},
        {"projects": [10**30]},
        {"projects": list(range(1, 300_000))},
        {"projects": [1], "points": {"1": 2.9}},
        {"projects": [1], "pot": 7},
        {"projects": [1], "project": [2]},  # a misspelt key is not ignored
        [1, 2],
        "not json",
    ],
)
def test_malformed_ballots_get_a_json_400(client, citizen, budget, body):
    client.force_login(citizen)
    response = post(client, budget.slug, body)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_ballot_errors_are_json_with_a_translated_message(
    client, citizen, organisation
):
    from tests.conftest import make_budget

    budget = make_budget(organisation, max_projects=1)
    client.force_login(citizen)
    response = post(
        client,
        budget.slug,
        {"projects": project_pks(budget, "A", "B")},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "too_many"
    assert response.json()["message"]


@pytest.mark.django_db
def test_anonymous_gets_401_and_missing_csrf_gets_json_403(budget, citizen):
    anonymous = Client(enforce_csrf_checks=True)
    response = post(anonymous, budget.slug, {"projects": []})
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(citizen)
    response = post(signed_in, budget.slug, {"projects": project_pks(budget, "A")})
    assert response.status_code == 403
    assert response.json()["error"] == "csrf_failed"


@pytest.mark.django_db
def test_api_404_and_405_are_json(client, budget):
    missing = client.get("/api/v1/budgets/nope/tally/")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    wrong = client.get(f"/api/v1/budgets/{budget.slug}/ballot/")
    assert wrong.status_code == 405
    assert wrong.json()["error"] == "method_not_allowed"


@pytest.mark.django_db
def test_idempotency_key_replays_and_refuses_reuse(client, citizen, budget):
    client.force_login(citizen)
    first = post(
        client,
        budget.slug,
        {"projects": project_pks(budget, "A")},
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    again = post(
        client,
        budget.slug,
        {"projects": project_pks(budget, "A")},
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert first.status_code == again.status_code == 200
    budget.refresh_from_db()
    assert budget.tally_version == 1  # the retry did not vote again
    other = post(
        client,
        budget.slug,
        {"projects": project_pks(budget, "B")},
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_district_pot_over_the_api(client, organisation):
    from budgets.models import BudgetDistrict, Project
    from participation.models import Area
    from tests.conftest import make_budget

    north = Area.objects.create(code="north", name_th="เหนือ")
    budget = make_budget(organisation, slug="d", projects=[("C1", 100)])
    BudgetDistrict.objects.create(budget=budget, area=north, total=400)
    n1 = Project.objects.create(
        budget=budget, external_id="N1", name_th="N1", cost=100, area=north
    )
    voter = make_user("n@example.com", home_area=north)
    client.force_login(voter)
    assert (
        post(client, budget.slug, {"projects": [n1.pk], "pot": "north"}).status_code
        == 200
    )
    assert (
        post(client, budget.slug, {"projects": [n1.pk]}).json()["error"]
        == "unknown_project"
    )
    assert (
        post(client, budget.slug, {"projects": [n1.pk], "pot": "south"}).json()["error"]
        == "unknown_pot"
    )
