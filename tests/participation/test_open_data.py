"""The open-data catalogue: the page and its DCAT-AP catalogue in JSON-LD.

Done when ``catalog.jsonld``, with its ``@context`` inline (nothing fetched),
parses with rdflib into a ``dcat:Catalog`` whose every ``dcat:Dataset`` has a
title in Thai and English, a ``dct:license``, a modification date and at least
one ``dcat:Distribution`` with a download URL and media type; and only what the
anonymous public may see is in it.
"""

import json
import re
import socket
from datetime import timedelta

import pytest
import rdflib.namespace
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, Graph, Namespace, URIRef

from budgets.models import Budget, BudgetDistrict
from consultations.services import (
    consultation_change_status,
    report_issue_add,
    report_save,
)
from consultations.services.questionnaires import question_save
from participation.models import Area
from participation.portal.opendata.selectors import _pots, catalogue
from tests.conftest import make_budget, make_user, project_pks
from tests.consultations.conftest import add_sections, make_consultation
from tests.proposals.conftest import submit
from voting.services import ballot_submit, budget_results_publish

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
IANA = "http://www.iana.org/assignments/media-types/"
# (not ``from rdflib import XSD``: pytest's collection trips on its namespace)
DATE_TYPES = (rdflib.namespace.XSD.dateTime, rdflib.namespace.XSD.date)
DATASETS = [
    "budgets",
    "projects",
    "ballots",
    "results",
    "proposals",
    "consultations",
    "reports",
]
CATALOG_URL = "/open-data/catalog.jsonld"
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def site(settings):
    """The public address is the test client's, so URLs compare as paths."""
    settings.SITE_URL = SITE


def cast(budget, *choices):
    """One ballot per choice list, each from a new verified voter."""
    for number, chosen in enumerate(choices):
        ballot_submit(
            voter=make_user(f"{budget.slug}-{number}@example.com"),
            budget=budget,
            project_ids=project_pks(budget, *chosen),
        )


def close_voting(budget):
    now = timezone.now()
    Budget.objects.filter(pk=budget.pk).update(
        voting_opens=now - timedelta(days=10), voting_closes=now - timedelta(hours=2)
    )
    budget.refresh_from_db()


def consultation_through(official, organisation, slug, status, *, report=False):
    """A consultation moved through the services up to ``status``."""
    consultation = make_consultation(official, organisation, slug=slug)
    add_sections(official, consultation)
    question_save(
        official=official,
        consultation=consultation,
        kind="single",
        text_th="เห็นด้วยกับร่างนี้หรือไม่",
        choices_th="เห็นด้วย\nไม่เห็นด้วย",
    )
    for step in ("open", "closed"):
        if status == "draft" or (status == "open" and step == "closed"):
            break
        consultation = consultation_change_status(
            official=official, consultation=consultation, to_status=step
        )
    if report:
        report_save(
            official=official, consultation=consultation, summary_th="สรุปภาพรวม"
        )
        for title in ("เวลาเปิดตลาด", "ที่จอดรถ"):
            report_issue_add(
                official=official,
                consultation=consultation,
                title_th=title,
                views_th="ผู้ค้าขอให้เปิดเช้าขึ้น",
                answer_th="เทศบาลเห็นด้วย",
            )
    if status == "published":
        consultation = consultation_change_status(
            official=official, consultation=consultation, to_status="published"
        )
    return consultation


def make_scene(organisation, official) -> dict:
    """Budgets with public and hidden results, consultations at every stage,
    proposals published and in draft, all made through the services."""
    published = make_budget(organisation, slug="published-2569", name_en="")
    cast(published, ["A", "C"], ["B"], ["A"])
    close_voting(published)
    budget_results_publish(budget=published, by=official)
    hidden = make_budget(
        organisation,
        slug="hidden-2570",
        results_visibility=Budget.ResultsVisibility.HIDDEN,
    )
    cast(hidden, ["A"], ["B"])
    counting = make_budget(organisation, slug="counting-2570")
    cast(counting, ["C"])
    close_voting(counting)  # closed, results not yet published: turnout only
    submit(official, organisation)
    submit(official, organisation, title="ไฟดับซอย 3", kind="report")
    submit(official, organisation, title="ร่างที่ยังไม่ส่ง", publish=False)
    return {
        "published": published,
        "hidden": hidden,
        "counting": counting,
        "draft": consultation_through(official, organisation, "draft-bylaw", "draft"),
        "open": consultation_through(official, organisation, "open-bylaw", "open"),
        "unpublished": consultation_through(
            official, organisation, "closed-bylaw", "closed", report=True
        ),
        "reported": consultation_through(
            official, organisation, "market-bylaw", "published", report=True
        ),
    }


@pytest.fixture
def scene(organisation, official):
    return make_scene(organisation, official)


def jsonld(client) -> tuple[dict, Graph]:
    response = client.get(CATALOG_URL)
    assert response.status_code == 200
    document = json.loads(response.content)
    return document, Graph().parse(data=response.content, format="json-ld")


def download_urls(graph: Graph) -> set[str]:
    return {str(url) for url in graph.objects(None, DCAT.downloadURL)}


def absolute(path: str) -> str:
    return f"{SITE}{path}"


@pytest.mark.django_db
def test_every_dataset_has_thai_and_english_titles_licence_date_and_a_download(
    client, scene
):
    _document, graph = jsonld(client)

    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogs == [URIRef(absolute(CATALOG_URL))]
    datasets = list(graph.objects(catalogs[0], DCAT.dataset))
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == set(datasets)
    assert sorted(str(d).rsplit("#", 1)[1] for d in datasets) == sorted(DATASETS)
    for dataset in datasets:
        languages = {title.language for title in graph.objects(dataset, DCT.title)}
        assert languages == {"th", "en"}, dataset
        licences = list(graph.objects(dataset, DCT.license))
        assert licences == [URIRef("https://creativecommons.org/licenses/by/4.0/")]
        modified = list(graph.objects(dataset, DCT.modified))
        assert len(modified) == 1 and modified[0].datatype in DATE_TYPES
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert list(graph.objects(distribution, DCAT.downloadURL)), distribution
            media = list(graph.objects(distribution, DCAT.mediaType))
            assert len(media) == 1 and str(media[0]).startswith(IANA), distribution
            assert list(graph.objects(distribution, DCT.license)) == licences
            titles = list(graph.objects(distribution, DCT.title))
            assert {title.language for title in titles} == {"th", "en"}


@pytest.mark.django_db
def test_only_what_the_public_may_see_is_catalogued(client, scene):
    document, graph = jsonld(client)
    urls = download_urls(graph)
    text = json.dumps(document, ensure_ascii=False)

    published = scene["published"].slug
    for name in ("results", "export_pb", "ballots_csv", "budget_projects"):
        assert absolute(reverse(f"api:{name}", args=[published])) in urls, name
    for budget in ("hidden", "counting"):
        slug = scene[budget].slug
        for name in ("results", "export_pb", "ballots_csv"):
            assert not any(
                url.startswith(absolute(reverse(f"api:{name}", args=[slug])))
                for url in urls
            ), (budget, name)
        assert absolute(reverse("api:budget_projects", args=[slug])) in urls
    assert "draft-bylaw" not in text
    assert "ร่างที่ยังไม่ส่ง" not in text
    report = reverse("api:consultation_report", args=["market-bylaw"])
    assert absolute(report) in urls
    assert not any("closed-bylaw/report" in url for url in urls)
    for slug in ("closed-bylaw", "market-bylaw"):
        questionnaire = reverse("api:consultation_questionnaire", args=[slug])
        assert absolute(questionnaire) in urls
    assert not any("open-bylaw" in url for url in urls)


@pytest.mark.django_db
def test_record_counts_follow_the_public_rows(scene):
    records = {dataset.key: dataset.records for dataset in catalogue()}

    assert records == {
        "budgets": 3,
        "projects": 9,
        "ballots": 3,  # the published budget's only
        "results": 3,  # its three feasible projects
        "proposals": 2,  # the draft is left out
        "consultations": 3,  # the draft is left out
        "reports": 2,  # the published report's issues
    }


@pytest.mark.django_db
def test_the_context_is_inline_and_nothing_is_fetched(client, scene, monkeypatch):
    response = client.get(CATALOG_URL)

    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.content.decode()
    assert "งบประมาณแบบมีส่วนร่วม" in body  # Thai as Thai, not \u escapes
    assert "\\u0e" not in body
    document = json.loads(body)
    assert isinstance(document["@context"], dict)

    def no_network(*args, **kwargs):
        raise AssertionError("the catalogue parsed only with a network fetch")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    graph = Graph().parse(data=body, format="json-ld")
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == len(DATASETS)


@pytest.mark.django_db
def test_a_live_tally_during_voting_is_not_catalogued(client, organisation):
    live = make_budget(
        organisation, slug="live-2570", results_visibility=Budget.ResultsVisibility.LIVE
    )
    cast(live, ["A"], ["B"])

    _document, graph = jsonld(client)
    page = client.get("/en/open-data/").content.decode()

    urls = download_urls(graph)
    for name in ("results", "export_pb", "ballots_csv"):
        path = reverse(f"api:{name}", args=[live.slug])
        assert not any(url.startswith(absolute(path)) for url in urls), name
        assert path not in page, name
    assert {dataset.key: dataset.records for dataset in catalogue()}["results"] == 0
    assert "Nothing published yet." in section_of(page, "results")
    assert "Nothing published yet." in section_of(page, "ballots")


@pytest.mark.django_db
def test_addresses_are_on_the_public_site_not_the_request_host(client, scene, settings):
    settings.SITE_URL = "https://ruamkid.example.go.th/"

    document, graph = jsonld(client)
    page = client.get("/en/open-data/").content.decode()

    catalog_url = f"https://ruamkid.example.go.th{CATALOG_URL}"
    assert document["@id"] == catalog_url
    assert f'<code class="address">{catalog_url}</code>' in page
    assert document["foaf:homepage"]["@id"] == (
        "https://ruamkid.example.go.th/th/open-data/"
    )
    urls = download_urls(graph)
    assert urls
    assert all(url.startswith("https://ruamkid.example.go.th/api/v1/") for url in urls)
    assert "testserver" not in json.dumps(document)


@pytest.mark.django_db
def test_a_dataset_with_nothing_public_is_left_out_of_the_jsonld_only(
    client, organisation
):
    make_budget(organisation, results_visibility=Budget.ResultsVisibility.HIDDEN)

    _document, graph = jsonld(client)
    page = client.get("/en/open-data/").content.decode()

    shown = {str(d).rsplit("#", 1)[1] for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert shown == {"budgets", "projects"}
    for key in DATASETS:
        section = section_of(page, key)
        if key in shown:
            assert "Nothing published yet." not in section, key
        else:
            assert "Nothing published yet." in section, key


def section_of(page: str, key: str) -> str:
    found = re.search(rf'<section[^>]*id="{key}".*?</section>', page, re.S)
    assert found, f"no section {key}"
    return found.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_page_shows_each_dataset_licence_update_date_and_size(client, scene, lang):
    datasets = catalogue()
    response = client.get(f"/{lang}/open-data/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/open-data/catalog.jsonld"' in page
    assert 'href="/api/v1/openapi.json"' in page
    for dataset in datasets:
        section = section_of(page, dataset.key)
        assert f'<h2 id="{dataset.key}-title">{dataset.title[lang]}</h2>' in section
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in section
        assert "CC BY 4.0" in section
        year = timezone.localtime(dataset.modified).year
        shown_year = year + 543 if lang == "th" else year
        assert re.search(
            rf"<time datetime=\"{year}-[^\"]+\">[^<]*{shown_year}", section
        )
        assert re.search(rf">{dataset.records} [^<]+</dd>", section), dataset.key
        for distribution in dataset.distributions:
            link = f'href="{distribution.path}" type="{distribution.media_type}"'
            assert link.replace("&", "&amp;") in section
    if lang == "en":
        assert ">9 records</dd>" in section_of(page, "projects")
        assert "Download as Pabulib .pb" in section_of(page, "ballots")


@pytest.mark.django_db
def test_an_official_sees_the_same_page_as_everyone(client, scene, official):
    anonymous_page = client.get("/en/open-data/").content.decode()
    client.force_login(official)
    official_page = client.get("/en/open-data/").content.decode()

    hidden = reverse("api:results", args=[scene["hidden"].slug])
    assert hidden not in official_page
    assert "draft-bylaw" not in official_page
    without_header = re.compile(r"<header.*?</header>", re.S)
    assert without_header.sub("", anonymous_page) == without_header.sub(
        "", official_page
    )


@pytest.mark.django_db
def test_the_licence_and_publisher_are_configurable(client, scene, settings):
    settings.OPEN_DATA_LICENSE_URL = "https://data.go.th/licence/open"
    settings.OPEN_DATA_LICENSE_NAME = "Open Data Licence TH"
    settings.OPEN_DATA_PUBLISHER_NAME = "เทศบาลเมืองร่วมใจ"
    settings.OPEN_DATA_PUBLISHER_URL = "https://ruamjai.go.th/"

    _document, graph = jsonld(client)
    page = client.get("/en/open-data/").content.decode()

    assert set(graph.objects(None, DCT.license)) == {
        URIRef("https://data.go.th/licence/open")
    }
    assert "Open Data Licence TH" in page
    publisher = URIRef("https://ruamjai.go.th/")
    assert set(graph.objects(None, DCT.publisher)) == {publisher}
    names = {str(name) for name in graph.objects(publisher, FOAF.name)}
    assert names == {"เทศบาลเมืองร่วมใจ"}


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_records(
    client, scene, official, organisation
):
    with CaptureQueriesContext(connection) as before:
        client.get(CATALOG_URL)
    second = make_budget(organisation, slug="more-2569")
    cast(second, ["A"])
    close_voting(second)
    budget_results_publish(budget=second, by=official)
    consultation_through(official, organisation, "more-bylaw", "published", report=True)
    with CaptureQueriesContext(connection) as after:
        client.get(CATALOG_URL)

    assert len(after.captured_queries) == len(before.captured_queries) <= 15


@pytest.mark.django_db
def test_pots_of_many_budgets_match_the_budget_model(organisation):
    areas = [
        Area.objects.create(code=code, name_th=f"ชุมชน {code}")
        for code in ("north", "south")
    ]
    with_districts = make_budget(organisation, slug="districts", total=1000)
    for area in areas:
        BudgetDistrict.objects.create(budget=with_districts, area=area, total=300)
    with_districts.projects.filter(external_id="A").update(area=areas[0])
    all_in_districts = make_budget(organisation, slug="no-city", total=600)
    for area in areas:
        BudgetDistrict.objects.create(budget=all_in_districts, area=area, total=300)
    all_in_districts.projects.update(area=areas[1])
    plain = make_budget(organisation, slug="plain")
    budgets = [with_districts, all_in_districts, plain]

    pots = _pots(budgets)

    for budget in budgets:
        assert pots[budget.pk] == budget.pots(), budget.slug
    assert [pot.key for pot in pots[with_districts.pk]] == ["north", "south", "city"]
    assert [pot.key for pot in pots[all_in_districts.pk]] == ["north", "south"]


@pytest.mark.django_db
def test_a_new_site_has_a_page_and_an_empty_catalogue(client):
    document, graph = jsonld(client)
    page = client.get("/th/open-data/")

    assert document["dcat:dataset"] == []
    assert list(graph.subjects(RDF.type, DCAT.Catalog))
    assert page.status_code == 200
    assert page.content.decode().count('class="notice"') == len(DATASETS)
