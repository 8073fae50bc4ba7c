"""The paper-ballot pages: register upload, booth entry, void, print, Thai ID."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation.models import AuditEvent
from tests.voting.paper_helpers import register_budget, thai_id
from voting.models import PaperEntry, Resident
from voting.register import resident_add


@pytest.fixture
def budget(organisation):
    return register_budget(organisation)


def url(budget, name):
    return f"/th/budgets/{budget.slug}/{name}/"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["register", "paper", "paper/print"])
def test_paper_pages_are_for_officials_only(client, budget, citizen, page):
    assert client.get(url(budget, page)).status_code == 302  # log in first
    client.force_login(citizen)
    assert client.get(url(budget, page)).status_code == 403


@pytest.mark.django_db
def test_uploading_the_register_reports_bad_lines(client, budget, official):
    client.force_login(official)
    content = f"ก,{thai_id(1)},\nข,1234,\n".encode()
    response = client.post(
        url(budget, "register"),
        {"action": "upload", "file": SimpleUploadedFile("r.csv", content)},
    )
    assert response.status_code == 200
    assert Resident.objects.count() == 1
    assert response.context["report"].errors[0][0] == 2
    assert "<td>2</td>" in response.content.decode()


@pytest.mark.django_db
def test_adding_a_person_with_a_bad_id_shows_a_translated_error(
    client, budget, official
):
    client.force_login(official)
    response = client.post(
        url(budget, "register"),
        {"action": "add", "name": "ก", "thai_id": "1101700230707", "area": ""},
    )
    assert response.status_code == 200
    assert response.context["resident_form"].errors["thai_id"]
    response = client.post(
        url(budget, "register"),
        {"action": "add", "name": "ก", "thai_id": thai_id(1), "area": ""},
    )
    assert response.status_code == 302
    assert Resident.objects.get().source == "booth"


@pytest.mark.django_db
def test_entering_a_stack_of_ballots_by_number(client, budget, official):
    for n in range(2):
        resident_add(
            budget=budget,
            name=f"คน {n}",
            thai_id=thai_id(n + 1),
            area_code="",
            by=official,
        )
    client.force_login(official)
    page = client.get(url(budget, "paper"))
    assert "autofocus" in page.content.decode()
    response = client.post(
        url(budget, "paper"),
        {"booth": "School", "thai_id": thai_id(1), "pot": "city", "choices": "1 3"},
    )
    assert response.status_code == 302
    response = client.post(
        url(budget, "paper"),
        {"booth": "School", "thai_id": thai_id(2), "pot": "city", "choices": "๒"},
    )
    assert response.status_code == 302
    entries = PaperEntry.objects.order_by("pk")
    assert [
        sorted(e.ballot.items.values_list("project__external_id", flat=True))
        for e in entries
    ] == [["A", "C"], ["B"]]
    page = client.get(url(budget, "paper"))
    assert page.context["subtotals"] == [{"booth": "School", "entered": 2, "voided": 0}]
    assert page.context["form"]["booth"].value() == "School"  # kept for the stack


@pytest.mark.django_db
def test_entry_errors_name_the_problem(client, budget, official):
    resident_add(budget=budget, name="ก", thai_id=thai_id(1), area_code="", by=official)
    client.force_login(official)
    not_registered = client.post(
        url(budget, "paper"),
        {"booth": "S", "thai_id": thai_id(9), "pot": "city", "choices": "1"},
    )
    assert not_registered.context["form"].errors["thai_id"]
    unknown = client.post(
        url(budget, "paper"),
        {"booth": "S", "thai_id": thai_id(1), "pot": "city", "choices": "1 9"},
    )
    assert unknown.context["form"].non_field_errors()
    client.post(
        url(budget, "paper"),
        {"booth": "S", "thai_id": thai_id(1), "pot": "city", "choices": "1"},
    )
    twice = client.post(
        url(budget, "paper"),
        {"booth": "S", "thai_id": thai_id(1), "pot": "city", "choices": "2"},
    )
    assert "กระดาษ" in twice.content.decode() or "paper" in twice.content.decode()
    assert PaperEntry.objects.count() == 1


@pytest.mark.django_db
def test_voiding_from_the_page_needs_a_reason(client, budget, official):
    resident_add(budget=budget, name="ก", thai_id=thai_id(1), area_code="", by=official)
    client.force_login(official)
    client.post(
        url(budget, "paper"),
        {"booth": "S", "thai_id": thai_id(1), "pot": "city", "choices": "1"},
    )
    entry = PaperEntry.objects.get()
    client.post(url(budget, f"paper/{entry.pk}/void"), {"reason": ""})
    entry.refresh_from_db()
    assert entry.voided_at is None
    client.post(url(budget, f"paper/{entry.pk}/void"), {"reason": "Wrong ID"})
    entry.refresh_from_db()
    assert entry.void_reason == "Wrong ID"
    assert AuditEvent.objects.filter(action="ballot.paper_voided").exists()


@pytest.mark.django_db
def test_the_printed_ballot_is_in_thai_with_numbers_costs_and_rule(
    client, budget, official
):
    client.force_login(official)
    page = client.get(
        url(budget, "paper/print") + "?pot=city", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert 'lang="th"' in text
    assert "โครงการ A" in text and "โครงการ C" in text
    assert "<td>1</td>" in text


@pytest.mark.django_db
def test_online_voters_give_their_thai_id_first(client, budget, citizen):
    client.force_login(citizen)
    response = client.get(url(budget, "vote"))
    assert response.status_code == 302
    assert response["Location"].endswith("/thai-id/")
    bad = client.post(url(budget, "thai-id"), {"thai_id": "1234567890123"})
    assert bad.context["form"].errors["thai_id"]
    good = client.post(url(budget, "thai-id"), {"thai_id": thai_id(5)})
    assert good.status_code == 302
    citizen.refresh_from_db()
    assert citizen.thai_id_hmac
    assert client.get(url(budget, "vote")).status_code == 200


@pytest.mark.django_db
def test_a_budget_without_paper_ballots_asks_nobody_for_a_thai_id(client, organisation):
    from tests.conftest import make_budget, make_user

    budget = make_budget(organisation, slug="online-only")
    client.force_login(make_user("online@example.com"))
    response = client.get(f"/th/budgets/{budget.slug}/thai-id/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/budgets/{budget.slug}/vote/")
