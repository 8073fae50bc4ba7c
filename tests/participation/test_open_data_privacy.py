"""No export leaks a person: every API answer, CSV, .pb and open-data page is
scanned for e-mail addresses, Thai IDs and their hashes, register names and the
private contact details of paper submissions.

The crawl starts from the OpenAPI document, so a new endpoint is scanned as
soon as it is documented. It runs as the public and as the organiser's
official (who may see more, but never people's private data in open data).
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from budgets.models import Budget
from consultations.models import Consultation
from participation.models import Organisation, User
from participation.portal import demo
from participation.thai_id import thai_id_hmac, user_thai_id_set
from proposals.models import Proposal
from proposals.services import proposal_submit
from tests.conftest import make_budget, make_user, project_pks
from tests.voting.paper_helpers import thai_id
from voting.models import Resident
from voting.paper import paper_ballot_enter
from voting.register import resident_add
from voting.services import ballot_submit, budget_results_publish


def _people_and_paper(official: User) -> None:
    """People with Thai IDs voting online and on paper, and a paper proposal."""
    organisation = Organisation.objects.get(slug="ruamjai")
    budget = make_budget(
        organisation,
        slug="register-2570",
        uses_register=True,
        results_visibility="live",
    )
    for number in range(3):
        voter = make_user(f"private.voter{number}@example.org")
        voter = user_thai_id_set(user=voter, thai_id=thai_id(100 + number))
        ballot_submit(voter=voter, budget=budget, project_ids=project_pks(budget, "A"))
    for number in range(2):
        resident = resident_add(
            budget=budget,
            name=f"นางสาวลับเฉพาะ นามสกุลส่วนตัว{number}",
            thai_id=thai_id(200 + number),
            area_code="",
            by=official,
        )
        paper_ballot_enter(
            budget=budget,
            resident=resident,
            project_ids=project_pks(budget, "B"),
            booth="หน่วยที่ 1",
            by=official,
        )
    budget.voting_opens = timezone.now() - timedelta(days=3)
    budget.voting_closes = timezone.now() - timedelta(minutes=5)
    budget.save()
    budget_results_publish(budget=budget, by=official)
    proposal_submit(
        author=None,
        organisation=organisation,
        kind=Proposal.Kind.REPORT,
        title="ไฟถนนดับหน้าตลาด",
        body="<p>ไฟดับมาสามคืนแล้ว</p>",
        channel=Proposal.Channel.PHONE,
        registered_by=official,
        submitter_name="นายผู้แจ้ง ไม่เปิดเผย",
        submitter_contact="081-234-5678 private.caller@example.net",
    )


def _secrets() -> set[str]:
    secrets = set(User.objects.values_list("email", flat=True))
    secrets |= set(
        User.objects.exclude(thai_id_hmac=None).values_list("thai_id_hmac", flat=True)
    )
    for resident in Resident.objects.all():
        secrets |= {resident.name, resident.thai_id_hmac}
    secrets |= {thai_id(n) for n in (100, 101, 102, 200, 201)}
    secrets |= {thai_id_hmac(thai_id(n)) for n in (100, 101, 102, 200, 201)}
    for name, contact in Proposal.objects.values_list(
        "submitter_name", "submitter_contact"
    ):
        secrets |= {name, contact, "081-234-5678"}
    return {secret for secret in secrets if secret}


def _urls(client) -> list[str]:
    """Every documented GET path with every real id, each list also as CSV."""
    document = client.get("/api/v1/openapi.json").json()
    ids = {
        "slug": list(Budget.objects.values_list("slug", flat=True))
        + list(Consultation.objects.values_list("slug", flat=True)),
        "tracking": list(Proposal.objects.values_list("tracking_number", flat=True)),
    }
    urls = []
    for path, item in document["paths"].items():
        if "get" not in item:
            continue
        names = re.findall(r"{(\w+)}", path)
        values = [{}] if not names else [{names[0]: value} for value in ids[names[0]]]
        for value in values:
            url = path
            for name, text in value.items():
                url = url.replace(f"{{{name}}}", text)
            queries = {
                p["name"]
                for p in item["get"].get("parameters", [])
                if p["in"] == "query"
            }
            urls.append(url)
            if "format" in queries:
                urls.append(url + "?format=csv")
            if "pot" in queries:
                urls += [f"{url}?pot={key}" for key in ("city", "d1", "d2", "d3")]
            if "rule" in queries:
                urls += [f"{url}?rule={rule}" for rule in Budget.CountingRule.values]
    return urls + [
        "/open-data/catalog.jsonld",
        "/th/open-data/",
        "/en/open-data/",
        "/th/dashboard/",
        "/en/dashboard/",
    ]


def _crawl(client, urls: list[str]) -> dict[str, str]:
    bodies, queue = {}, list(urls)
    while queue:
        url = queue.pop()
        if url in bodies:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode("utf-8")
        bodies[url] = body
        if response["Content-Type"].startswith("application/json"):
            data = response.json()
            if isinstance(data, dict) and data.get("next"):
                parts = urlsplit(data["next"])
                queue.append(f"{parts.path}?{parts.query}")
    return bodies


@pytest.mark.django_db
def test_no_export_names_a_person(client, settings):
    settings.SITE_URL = "http://testserver"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    official = User.objects.get(email=demo.OFFICIAL_EMAIL)
    _people_and_paper(official)
    secrets = _secrets()
    assert len(secrets) > 30  # the demo's accounts, the IDs, the register, paper
    urls = _urls(client)
    public = _crawl(client, urls)
    client.force_login(official)
    as_official = _crawl(client, urls)
    scanned = 0
    for who, bodies in (("public", public), ("official", as_official)):
        for url, body in bodies.items():
            for secret in secrets:
                assert secret not in body, f"{who} {url} shows {secret!r}"
            scanned += 1
    # the crawl reached the data: ballots, results, registers' budget, proposals
    assert any(
        url.endswith("register-2570/ballots.csv") and "A" in body
        for url, body in public.items()
    )
    assert any("ไฟถนนดับหน้าตลาด" in body for body in public.values())
    assert scanned > 100
