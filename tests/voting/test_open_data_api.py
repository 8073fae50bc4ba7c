"""The budgets part of the read API: lists, filters, pages, CSV and visibility."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import Budget, Project
from participation.models import Organisation
from tests.conftest import make_budget, make_user, project_pks
from voting.pabulib import parse_pabulib
from voting.services import ballot_submit, budget_results_publish


def read_csv(response) -> list[dict]:
    """A CSV answer read as a spreadsheet would: BOM first, then rows."""
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:], newline="")))


def vote(budget, *choices: tuple[str, ...]) -> None:
    for number, chosen in enumerate(choices):
        voter = make_user(f"voter{number}-{budget.slug}@example.com")
        ballot_submit(
            voter=voter, budget=budget, project_ids=project_pks(budget, *chosen)
        )


def close(budget: Budget) -> None:
    budget.voting_opens = timezone.now() - timedelta(days=2)
    budget.voting_closes = timezone.now() - timedelta(minutes=1)
    budget.save()


@pytest.fixture
def published(organisation, official):
    budget = make_budget(organisation, slug="done", results_visibility="live")
    vote(budget, ("A", "B"), ("A",), ("C",), ("A", "C"))
    close(budget)
    budget_results_publish(budget=budget, by=official)
    budget.refresh_from_db()
    return budget


@pytest.fixture
def hidden(organisation):
    budget = make_budget(organisation, slug="secret", results_visibility="hidden")
    vote(budget, ("A",), ("B",))
    return budget


@pytest.mark.django_db
def test_budget_list_pages_are_stable_and_complete(client, organisation):
    for number in range(7):
        make_budget(
            organisation,
            slug=f"b{number}",
            voting_opens=timezone.now() - timedelta(days=number + 1),
        )
    first = client.get("/api/v1/budgets/?page_size=3").json()
    assert first["count"] == 7 and first["page"] == 1
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    slugs = [b["slug"] for page in (first, second, third) for b in page["results"]]
    assert slugs == [f"b{n}" for n in range(7)]  # newest voting first, no repeats
    assert third["next"] is None
    assert client.get(second["previous"]).json() == first
    past_end = client.get("/api/v1/budgets/?page=9").json()
    assert past_end["results"] == [] and past_end["count"] == 7


@pytest.mark.django_db
def test_bad_page_and_filters_are_json_errors_in_the_callers_language(
    client, organisation
):
    make_budget(organisation)
    for query in ("page=0", "page=x", "page_size=-1"):
        response = client.get(f"/api/v1/budgets/?{query}")
        assert response.status_code == 400
        assert response.json()["error"] == "bad_page"
    thai = client.get("/api/v1/budgets/?organisation=nobody").json()
    assert thai["error"] == "invalid_filter"
    assert "organisation" in thai["message"]
    english = client.get(
        "/api/v1/budgets/?organisation=nobody", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["message"].startswith("These filters have values")
    assert thai["message"] != english["message"]
    assert client.get("/api/v1/budgets/?format=xml").json()["error"] == (
        "unknown_format"
    )


@pytest.mark.django_db
def test_budget_filters_narrow_the_list(client, organisation):
    other = Organisation.objects.create(slug="other", name_th="อื่น")
    make_budget(organisation, slug="ours", fiscal_year=2570)
    make_budget(other, slug="theirs", fiscal_year=2569)
    slugs = lambda url: [b["slug"] for b in client.get(url).json()["results"]]  # noqa: E731
    assert slugs("/api/v1/budgets/?organisation=other") == ["theirs"]
    assert slugs("/api/v1/budgets/?fiscal_year=2570") == ["ours"]
    assert slugs("/api/v1/budgets/?fiscal_year=2570&organisation=other") == []


@pytest.mark.django_db
def test_budget_list_as_csv_opens_in_a_spreadsheet(client, organisation):
    make_budget(organisation, slug="csv", name_th='=HYPERLINK("http://x")งบชุมชน')
    rows = read_csv(client.get("/api/v1/budgets/?format=csv"))
    assert rows[0]["slug"] == "csv"
    assert rows[0]["name_th"] == '\'=HYPERLINK("http://x")งบชุมชน'
    assert rows[0]["organisation_name_th"] == "เทศบาลเมืองร่วมใจ"
    assert rows[0]["total"] == "1000.0"
    assert "links" not in rows[0]


@pytest.mark.django_db
def test_hidden_tally_gives_no_counts_anywhere(client, hidden, official):
    listed = client.get("/api/v1/budgets/").json()["results"][0]
    assert listed["turnout"] is None and listed["links"]["results"] is None
    detail = client.get(f"/api/v1/budgets/{hidden.slug}/").json()
    assert detail["turnout"] is None
    assert all(pot["turnout"] is None for pot in detail["pots"])
    projects = client.get(f"/api/v1/budgets/{hidden.slug}/projects/").json()
    assert [p["votes"] for p in projects["results"]] == [None, None, None]
    rows = read_csv(client.get(f"/api/v1/budgets/{hidden.slug}/projects/?format=csv"))
    assert {row["votes"] for row in rows} == {""}
    tally = client.get(f"/api/v1/budgets/{hidden.slug}/tally/").json()
    assert set(tally) == {"type", "v", "visibility"} and tally["v"] == 0
    for path in ("results/", "results/?format=csv", "export.pb", "ballots.csv"):
        response = client.get(f"/api/v1/budgets/{hidden.slug}/{path}")
        assert response.status_code == 403, path
        assert response.json()["error"] == "results_hidden"
    # nor does the page (the socket: tests/voting/test_tally_consumer.py)
    page = client.get(f"/en/budgets/{hidden.slug}/").content.decode()
    cells = re.findall(r"<td class=\"num\" data-votes[^>]*>([^<]*)</td>", page)
    assert cells == ["", "", ""]
    # the organiser's official sees the counts
    client.force_login(official)
    detail = client.get(f"/api/v1/budgets/{hidden.slug}/").json()
    assert detail["turnout"] == 2
    votes = client.get(f"/api/v1/budgets/{hidden.slug}/projects/").json()["results"]
    assert [p["votes"] for p in votes] == [1, 1, 0]


@pytest.mark.django_db
def test_ballots_wait_for_the_close_even_with_a_live_tally(
    client, organisation, official
):
    budget = make_budget(organisation, slug="live", results_visibility="live")
    vote(budget, ("A",))
    assert client.get(f"/api/v1/budgets/{budget.slug}/tally/").json()["projects"]
    for path in ("export.pb", "ballots.csv"):
        assert client.get(f"/api/v1/budgets/{budget.slug}/{path}").status_code == 403
    client.force_login(official)
    assert client.get(f"/api/v1/budgets/{budget.slug}/ballots.csv").status_code == 403
    close(budget)
    assert client.get(f"/api/v1/budgets/{budget.slug}/ballots.csv").status_code == 200
    client.logout()  # closed but not published: the public still waits
    assert client.get(f"/api/v1/budgets/{budget.slug}/ballots.csv").status_code == 403


@pytest.mark.django_db
def test_published_ballots_as_csv_and_pabulib_agree(client, published):
    rows = read_csv(client.get(f"/api/v1/budgets/{published.slug}/ballots.csv"))
    assert [row["voter_id"] for row in rows] == ["1", "2", "3", "4"]
    assert sorted(row["vote"] for row in rows) == ["A", "A,B", "A,C", "C"]
    assert set(rows[0]) == {"voter_id", "pot", "vote", "points"}
    response = client.get(f"/api/v1/budgets/{published.slug}/export.pb")
    assert response.status_code == 200
    election = parse_pabulib(response.content.decode())
    assert election.meta["num_votes"] == "4"
    assert sorted(v["vote"] for v in election.votes) == sorted(
        row["vote"] for row in rows
    )
    assert set(election.votes[0]) == {"voter_id", "vote"}


@pytest.mark.django_db
def test_results_json_and_csv_explain_each_project(client, published):
    body = client.get(
        f"/api/v1/budgets/{published.slug}/results/?rule=greedy",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert body["rule"] == "greedy" and body["money"] == 1000
    (pot,) = body["pots"]
    by_id = {p["id"]: p for p in pot["projects"]}
    assert by_id["A"]["votes"] == 3 and by_id["A"]["funded"] is True
    assert set(body["winners"]) == {p for p, row in by_id.items() if row["funded"]}
    assert by_id["A"]["explanation_en"].startswith("Funded")
    assert by_id["A"]["explanation_th"].startswith("ได้รับงบประมาณ")
    rows = read_csv(
        client.get(f"/api/v1/budgets/{published.slug}/results/?rule=mes&format=csv")
    )
    assert {row["id"] for row in rows} == {"A", "B", "C"}
    assert {row["funded"] for row in rows} <= {"true", "false"}
    assert all(row["explanation_th"] and row["explanation_en"] for row in rows)
    bad = client.get(f"/api/v1/budgets/{published.slug}/results/?rule=dhondt")
    assert bad.status_code == 400 and bad.json()["error"] == "unknown_rule"


@pytest.mark.django_db
def test_projects_list_filters_and_shows_review_outcomes(client, organisation):
    budget = make_budget(organisation, slug="review")
    Project.objects.filter(budget=budget, external_id="C").update(
        feasibility=Project.Feasibility.UNFEASIBLE,
        feasibility_reason="ที่ดินเป็นของเอกชน",
    )
    rejected = client.get(
        f"/api/v1/budgets/{budget.slug}/projects/?feasibility=unfeasible"
    ).json()["results"]
    assert [(p["id"], p["feasibility_reason"]) for p in rejected] == [
        ("C", "ที่ดินเป็นของเอกชน")
    ]
    assert rejected[0]["votes"] is None
    wrong = client.get(f"/api/v1/budgets/{budget.slug}/projects/?feasibility=maybe")
    assert wrong.status_code == 400
    assert client.get("/api/v1/budgets/none/projects/").json()["error"] == "not_found"


@pytest.mark.django_db
def test_write_methods_are_refused_as_json(client, budget):
    response = client.post("/api/v1/budgets/")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_budget_list_page_filters_as_the_api_does(client, organisation):
    other = Organisation.objects.create(slug="other", name_th="อำเภออื่น")
    make_budget(organisation, slug="ours", name_th="งบของเรา")
    make_budget(other, slug="theirs", name_th="งบของเขา")
    page = client.get("/th/budgets/?organisation=other").content.decode()
    assert "งบของเขา" in page and "งบของเรา" not in page
    assert 'href="/api/v1/budgets/?organisation=other&amp;format=csv"' in page


@pytest.mark.django_db
def test_an_address_without_its_slash_is_redirected_keeping_the_method(client, budget):
    response = client.post(f"/api/v1/budgets/{budget.slug}/ballot?x=1", data={})
    assert response.status_code == 308
    assert response["Location"] == f"/api/v1/budgets/{budget.slug}/ballot/?x=1"
    assert client.get("/api/v1/budgets").status_code == 308
    missing = client.delete("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


@pytest.mark.django_db
def test_open_data_is_readable_from_any_site_and_pages_take_thai_digits(
    client, organisation
):
    for number in range(3):
        make_budget(organisation, slug=f"d{number}")
    response = client.get("/api/v1/budgets/?page=๒&page_size=๑")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [b["slug"] for b in response.json()["results"]] == ["d1"]
    beyond = client.get("/api/v1/budgets/?page=9&page_size=1").json()
    assert beyond["results"] == [] and beyond["previous"].endswith("page=3&page_size=1")
    assert client.post("/api/v1/openapi.json").status_code == 405
