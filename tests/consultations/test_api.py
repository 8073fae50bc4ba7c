"""The consultations API: list, one consultation, the hearing report and the
questionnaire results as counts."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from consultations.api import OPENAPI_PATHS, SCHEMAS
from consultations.services import (
    consultation_change_status,
    question_save,
    report_issue_add,
    report_save,
    response_submit,
    room_question_ask,
)
from participation.comments import comment_create
from tests.conftest import make_user
from tests.consultations.conftest import add_sections, make_consultation, make_session

pytestmark = pytest.mark.django_db

LIST = "/api/v1/consultations/"


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def opened(official, organisation, slug: str, *, days_ago: int = 0, **extra):
    """A consultation with two sections, open since ``days_ago`` days."""
    now = timezone.now()
    consultation = make_consultation(
        official,
        organisation,
        slug=slug,
        opens_at=now - timedelta(days=days_ago, hours=1),
        closes_at=now + timedelta(days=30),
        **extra,
    )
    add_sections(official, consultation)
    return consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )


def closed(official, consultation):
    return consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )


def with_report(official, consultation, *, publish: bool):
    """Close ``consultation`` and write a report with one issue on section 1."""
    closed(official, consultation)
    report_save(
        official=official,
        consultation=consultation,
        summary_th="ผู้ค้าส่วนใหญ่เห็นด้วย",
        summary_en="Most traders agree",
    )
    report_issue_add(
        official=official,
        consultation=consultation,
        title_th="เวลาเปิดตลาด",
        views_th="ขอเปิดเช้าขึ้น",
        answer_th="ปรับเป็น 05.00 น.",
        draft_changed=True,
        change_th="แก้ข้อ 1",
        sections=[consultation.sections.get(number=1)],
    )
    if publish:
        consultation_change_status(
            official=official, consultation=consultation, to_status="published"
        )
    consultation.refresh_from_db()
    return consultation


# --- The list ------------------------------------------------------------------


def test_the_public_list_has_no_drafts_officials_see_theirs(
    client, official, organisation, draft_consultation
):
    opened(official, organisation, "older", days_ago=5)
    opened(official, organisation, "newer", days_ago=1)
    body = client.get(LIST).json()
    assert [c["slug"] for c in body["results"]] == ["newer", "older"]
    assert set(body["results"][0]) == set(SCHEMAS["Consultation"]["properties"])
    assert (
        draft_consultation.slug
        not in client.get(LIST, {"format": "csv"}).content.decode()
    )
    assert client.get(LIST, {"status": "draft"}).json()["count"] == 0
    client.force_login(official)
    slugs = [c["slug"] for c in client.get(LIST).json()["results"]]
    assert draft_consultation.slug in slugs and len(slugs) == 3


def test_status_filter_narrows_and_a_bad_one_is_400(client, official, organisation):
    opened(official, organisation, "still-open")
    closed(official, opened(official, organisation, "done"))
    assert [
        c["slug"] for c in client.get(LIST, {"status": "closed"}).json()["results"]
    ] == ["done"]
    assert [
        c["slug"] for c in client.get(LIST, {"status": "open"}).json()["results"]
    ] == ["still-open"]
    response = client.get(LIST, {"status": "finished"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_filter"


def test_counts_in_the_list(client, official, citizen, organisation):
    consultation = opened(official, organisation, "counted")
    section = consultation.sections.get(number=2)
    first = comment_create(author=citizen, target=section, body="เห็นด้วย")
    comment_create(
        author=make_user("b@example.com"), target=section, body="ไม่", parent=first
    )
    response_submit(respondent=citizen, consultation=consultation, answers={})
    opened(official, organisation, "empty")
    records = {c["slug"]: c for c in client.get(LIST).json()["results"]}
    assert records["counted"]["section_count"] == 2
    assert records["counted"]["comment_count"] == 2
    assert records["counted"]["response_count"] == 1
    assert records["counted"]["report_published"] is False
    assert records["empty"]["comment_count"] == records["empty"]["response_count"] == 0
    assert records["counted"]["organisation"]["name_en"] == "Ruamjai Town"
    assert records["counted"]["url"].endswith("/th/consultations/counted/")


def test_list_pages_and_csv(client, official, organisation):
    for day in range(3):
        opened(official, organisation, f"c-{day}", days_ago=day)
    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert [c["slug"] for c in first["results"] + second["results"]] == [
        "c-0",
        "c-1",
        "c-2",
    ]
    assert second["next"] is None
    assert client.get(LIST, {"page": 5, "page_size": 2}).json()["results"] == []
    bad = client.get(LIST, {"page": "0"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad_page"
    rows = csv_rows(client.get(LIST, {"format": "csv"}))
    assert [row["slug"] for row in rows] == ["c-0", "c-1", "c-2"]
    assert rows[0]["title_th"] == "ร่างเทศบัญญัติตลาด"
    assert rows[0]["organisation_slug"] == "ruamjai"
    assert rows[0]["report_published"] == "false"


def test_csv_neutralises_a_formula_title(client, official, organisation):
    opened(official, organisation, "evil", title_th='=HYPERLINK("http://x","คลิก")')
    rows = csv_rows(client.get(LIST, {"format": "csv"}))
    assert rows[0]["title_th"] == '\'=HYPERLINK("http://x","คลิก")'


def test_list_query_count_does_not_grow(
    client, official, citizen, organisation, django_assert_max_num_queries
):
    for number in range(8):
        consultation = opened(official, organisation, f"many-{number}")
        for section in consultation.sections.all():
            comment_create(author=citizen, target=section, body="ความเห็น")
    with django_assert_max_num_queries(3):
        assert client.get(LIST).json()["count"] == 8


# --- One consultation ----------------------------------------------------------


def test_detail_has_sections_and_sessions_without_room_codes(
    client, official, citizen, consultation
):
    hearing = make_session(
        official,
        consultation,
        title_en="First hearing",
        online_url="https://meet.example/x",
    )
    comment_create(
        author=citizen, target=consultation.sections.get(number=1), body="ขอแก้ข้อนี้"
    )
    response = client.get(f"{LIST}{consultation.slug}/")
    assert response.status_code == 200
    record = response.json()
    assert set(record) == set(SCHEMAS["ConsultationDetail"]["properties"])
    assert [s["number"] for s in record["sections"]] == [1, 2]
    assert record["sections"][0]["heading_th"] == "หัวข้อ 1"
    assert record["sections"][0]["text_th"] == "ข้อความของข้อ 1"
    assert [s["comment_count"] for s in record["sections"]] == [1, 0]
    assert record["sections"][0]["url"].endswith(
        f"/consultations/{consultation.slug}/sections/1/"
    )
    [session] = record["hearing_sessions"]
    assert session["title_en"] == "First hearing" and session["mode"] == "hybrid"
    assert session["place"] == "หอประชุมเทศบาล"
    assert session["online_url"] == "https://meet.example/x"
    assert hearing.room_code not in response.content.decode()
    assert record["draft_url"] is None


def test_a_draft_is_404_for_the_public_and_seen_by_its_officials(
    client, official, draft_consultation
):
    url = f"{LIST}{draft_consultation.slug}/"
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "ไม่พบข้อมูลที่ขอ"}
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"error": "not_found", "message": "Nothing is here."}
    assert client.get(f"{LIST}no-such-thing/").status_code == 404
    client.force_login(official)
    assert client.get(url).json()["status"] == "draft"


# --- The hearing report --------------------------------------------------------


def test_the_published_report_with_issues_and_counts(
    client, official, citizen, consultation, hearing
):
    comment_create(
        author=citizen, target=consultation.sections.get(number=1), body="เปิดเช้า"
    )
    room_question_ask(session=hearing, participant="w:a", body="ที่จอดรถ?")
    with_report(official, consultation, publish=True)
    response = client.get(f"{LIST}{consultation.slug}/report/")
    assert response.status_code == 200
    report = response.json()
    assert set(report) == set(SCHEMAS["ConsultationReport"]["properties"])
    assert report["summary_th"] == "ผู้ค้าส่วนใหญ่เห็นด้วย"
    assert report["published_at"] is not None
    assert (report["section_count"], report["comment_count"]) == (2, 1)
    assert (report["response_count"], report["question_count"]) == (0, 1)
    [issue] = report["issues"]
    assert issue == {
        "number": 1,
        "title_th": "เวลาเปิดตลาด",
        "title_en": "",
        "views_th": "ขอเปิดเช้าขึ้น",
        "views_en": "",
        "answer_th": "ปรับเป็น 05.00 น.",
        "answer_en": "",
        "draft_changed": True,
        "change_th": "แก้ข้อ 1",
        "change_en": "",
        "sections": [1],
    }
    assert report["url"].endswith(f"/consultations/{consultation.slug}/report/")
    listed = client.get(LIST).json()["results"][0]
    assert listed["report_published"] is True and listed["status"] == "published"


def test_the_report_as_csv(client, official, consultation):
    with_report(official, consultation, publish=True)
    response = client.get(f"{LIST}{consultation.slug}/report/", {"format": "csv"})
    assert (
        f'filename="{consultation.slug}-report.csv"' in response["Content-Disposition"]
    )
    [row] = csv_rows(response)
    assert row["title_th"] == "เวลาเปิดตลาด"
    assert row["answer_th"] == "ปรับเป็น 05.00 น."
    assert row["draft_changed"] == "true" and row["sections"] == "1"
    bad = client.get(f"{LIST}{consultation.slug}/report/", {"format": "xml"})
    assert bad.status_code == 400 and bad.json()["error"] == "unknown_format"


def test_an_unpublished_report_is_404_except_for_the_organisers_officials(
    client, official, consultation
):
    url = f"{LIST}{consultation.slug}/report/"
    assert client.get(url).status_code == 404  # no report at all
    with_report(official, consultation, publish=False)
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert client.get(url, {"format": "csv"}).status_code == 404
    other = make_user("elsewhere@example.com")
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(official)
    draft = client.get(url).json()
    assert draft["published_at"] is None and len(draft["issues"]) == 1


# --- Questionnaire results -----------------------------------------------------


@pytest.fixture
def questionnaire(official, organisation):
    """A consultation with one question of each kind, open for answers."""
    consultation = make_consultation(official, organisation, slug="survey")
    add_sections(official, consultation, 1)
    questions = {
        "single": question_save(
            official=official,
            consultation=consultation,
            kind="single",
            text_th="คุณเป็นผู้ค้าหรือไม่",
            text_en="Are you a trader?",
            choices_th="เป็นผู้ค้า\nไม่เป็น",
            choices_en="Trader\nNot a trader",
        ),
        "multiple": question_save(
            official=official,
            consultation=consultation,
            kind="multiple",
            text_th="=ปัญหาที่พบ",
            choices_th="ขยะ\nที่จอดรถ\nเสียงดัง",
            choices_en="Waste",  # does not match the Thai lines: left out
        ),
        "scale": question_save(
            official=official, consultation=consultation, kind="scale", text_th="พอใจ"
        ),
        "text": question_save(
            official=official, consultation=consultation, kind="text", text_th="ข้อเสนอ"
        ),
    }
    consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    consultation.refresh_from_db()
    return consultation, questions


def answer_it(questionnaire, citizen):
    consultation, q = questionnaire
    response_submit(
        respondent=citizen,
        consultation=consultation,
        answers={
            q["single"].pk: "0",
            q["multiple"].pk: ["0", "2"],
            q["scale"].pk: "4",
            q["text"].pk: "บ้านเลขที่ 12 โทร 081-111-2222",
        },
    )
    response_submit(
        respondent=make_user("second@example.com", display_name="คนที่สอง"),
        consultation=consultation,
        answers={q["single"].pk: "0", q["multiple"].pk: ["2"], q["scale"].pk: "4"},
    )


def test_results_are_counts_per_option_once_closed(
    client, official, citizen, questionnaire
):
    answer_it(questionnaire, citizen)
    consultation = closed(official, questionnaire[0])
    response = client.get(f"{LIST}{consultation.slug}/questionnaire.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    table = [
        (r["position"], r["kind"], r["option_th"], r["option_en"], r["count"])
        for r in rows
    ]
    assert table == [
        ("1", "single", "เป็นผู้ค้า", "Trader", "2"),
        ("1", "single", "ไม่เป็น", "Not a trader", "0"),
        ("2", "multiple", "ขยะ", "", "1"),
        ("2", "multiple", "ที่จอดรถ", "", "0"),
        ("2", "multiple", "เสียงดัง", "", "2"),
        ("3", "scale", "1", "1", "0"),
        ("3", "scale", "2", "2", "0"),
        ("3", "scale", "3", "3", "0"),
        ("3", "scale", "4", "4", "2"),
        ("3", "scale", "5", "5", "0"),
        ("4", "text", "", "", "1"),
    ]
    assert rows[0]["question_en"] == "Are you a trader?"
    assert rows[2]["question_th"] == "'=ปัญหาที่พบ"  # a formula start, neutralised
    body = response.content.decode()
    for secret in ("บ้านเลขที่ 12", "081-111-2222", "citizen@example.com", "คนที่สอง"):
        assert secret not in body


def test_results_wait_for_the_close(client, official, citizen, questionnaire):
    answer_it(questionnaire, citizen)
    url = f"{LIST}{questionnaire[0].slug}/questionnaire.csv"
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"] == "not_available"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert (
        english
        == "The questionnaire results are published when the consultation closes."
    )
    with translation.override("th"):
        thai = translation.gettext(english)
    assert response.json()["message"] == thai
    client.force_login(official)  # officials have the per-respondent export instead
    assert client.get(url).status_code == 404


def test_results_of_a_draft_are_404_not_found(client, draft_consultation):
    response = client.get(f"{LIST}{draft_consultation.slug}/questionnaire.csv")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_no_personal_data_in_any_answer(
    client, official, citizen, questionnaire, organisation
):
    answer_it(questionnaire, citizen)
    consultation = questionnaire[0]
    hearing = make_session(official, consultation)
    room_question_ask(
        session=hearing, participant="w:x", body="ถามหน่อย", display_name="ลุงสมชาย"
    )
    comment_create(
        author=citizen, target=consultation.sections.get(), body="ความเห็นของฉัน"
    )
    with_report(official, consultation, publish=True)
    bodies = [
        client.get(path).content.decode()
        for path in (
            LIST,
            f"{LIST}?format=csv",
            f"{LIST}{consultation.slug}/",
            f"{LIST}{consultation.slug}/report/",
            f"{LIST}{consultation.slug}/report/?format=csv",
            f"{LIST}{consultation.slug}/questionnaire.csv",
        )
    ]
    for body in bodies:
        for secret in (
            citizen.email,
            official.email,
            "second@example.com",
            "ลุงสมชาย",
            "081-111-2222",
            hearing.room_code,
        ):
            assert secret not in body


def test_openapi_declares_what_the_views_read_and_answer():
    listing = OPENAPI_PATHS["/api/v1/consultations/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "status",
        "format",
        "page",
        "page_size",
    }
    assert set(listing["responses"]) == {"200", "400"}
    report = OPENAPI_PATHS["/api/v1/consultations/{slug}/report/"]["get"]
    assert set(report["responses"]) == {"200", "400", "404"}
    results = OPENAPI_PATHS["/api/v1/consultations/{slug}/questionnaire.csv"]["get"]
    assert set(results["responses"]["200"]["content"]) == {"text/csv"}
    assert set(results["responses"]) == {"200", "404"}
