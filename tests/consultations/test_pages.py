"""Consultation pages without JavaScript: list, forms, the room by code for
walk-ins, the snapshot endpoint, the projector with its QR code, the report."""

import pytest
from django.core.cache import cache

from consultations.models import RoomQuestion
from consultations.services import (
    consultation_change_status,
    member_participant,
    poll_save,
    poll_set_status,
    report_issue_add,
    report_save,
    room_question_ask,
    room_question_moderate,
)
from participation.comments import comment_create

pytestmark = pytest.mark.django_db


def test_list_and_detail_render(client, consultation, hearing):
    html = client.get("/th/consultations/").content.decode()
    assert consultation.title_th in html
    html = client.get(f"/en/consultations/{consultation.slug}/").content.decode()
    assert "Draft market by-law" in html
    assert hearing.room_code in html


def test_official_forms_render_and_save(client, official, consultation):
    client.force_login(official)
    for path in (
        "new/",
        f"{consultation.slug}/edit/",
        f"{consultation.slug}/sections/new/",
        f"{consultation.slug}/sessions/new/",
        f"{consultation.slug}/sections/1/edit/",
    ):
        assert client.get(f"/th/consultations/{path}").status_code == 200, path
    response = client.post(
        f"/th/consultations/{consultation.slug}/sections/new/",
        {"number": 3, "heading_th": "บทเฉพาะกาล", "body_th": "ให้ใช้บังคับเมื่อพ้น 30 วัน"},
    )
    assert response.status_code == 302
    assert consultation.sections.filter(number=3).exists()


def test_citizens_get_no_official_forms(client, citizen, consultation):
    client.force_login(citizen)
    assert client.get("/th/consultations/new/").status_code == 403
    assert client.get(f"/th/consultations/{consultation.slug}/edit/").status_code == 403


def test_walkin_joins_by_code_and_asks_without_javascript(client, hearing):
    html = client.get(f"/th/consultations/rooms/{hearing.room_code}/").content.decode()
    assert "id_code" in html  # the join form, not the ask form
    response = client.post(
        "/th/consultations/rooms/",
        {"code": hearing.room_code.lower(), "name": "ลุงสมชาย"},
    )
    assert response.status_code == 302
    client.post(
        f"/th/consultations/rooms/{hearing.room_code}/ask/",
        {"body": "จะมีที่จอดรถเพิ่มไหม"},
    )
    question = RoomQuestion.objects.get()
    assert question.display_name == "ลุงสมชาย" and question.author is None
    html = client.get(f"/th/consultations/rooms/{hearing.room_code}/").content.decode()
    assert "จะมีที่จอดรถเพิ่มไหม" in html


def test_wrong_codes_are_rate_limited(client, hearing):
    cache.clear()
    for _ in range(20):
        client.post("/th/consultations/rooms/", {"code": "ZZZZZZ"})
    response = client.post("/en/consultations/rooms/", {"code": hearing.room_code})
    assert response.status_code == 200
    assert "Too many attempts" in response.content.decode()
    cache.clear()


def test_upvote_over_json(client, citizen, hearing):
    question = room_question_ask(
        session=hearing, participant="w:someone", body="คำถาม", display_name=""
    )
    client.force_login(citizen)
    url = f"/th/consultations/rooms/{hearing.room_code}/questions/{question.pk}/upvote/"
    answer = client.post(url, HTTP_ACCEPT="application/json").json()
    assert answer == {"ok": True, "counted": True}
    answer = client.post(url, HTTP_ACCEPT="application/json").json()
    assert answer["counted"] is False


def test_moderation_over_http_needs_a_moderator(client, citizen, moderator, hearing):
    question = room_question_ask(session=hearing, participant="w:x", body="คำถาม")
    url = (
        f"/th/consultations/rooms/{hearing.room_code}/questions/{question.pk}/moderate/"
    )
    client.force_login(citizen)
    assert client.post(url, {"action": "pin"}).status_code == 403
    client.force_login(moderator)
    response = client.post(url, {"action": "hide"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "reason_required"
    client.post(url, {"action": "hide", "reason": "ซ้ำ"})
    question.refresh_from_db()
    assert question.is_hidden


def test_snapshot_endpoint_filters_for_the_viewer(client, moderator, hearing):
    question = room_question_ask(session=hearing, participant="w:x", body="ลับ")
    room_question_moderate(
        moderator=moderator, question=question, action="hide", reason="ข้อมูลส่วนตัว"
    )
    url = f"/th/consultations/rooms/{hearing.room_code}/snapshot/"
    public = client.get(url).json()
    assert public["type"] == "room" and public["questions"] == []
    client.force_login(moderator)
    assert client.get(url).json()["questions"][0]["reason"] == "ข้อมูลส่วนตัว"


def test_projector_shows_pinned_question_poll_and_qr(client, official, hearing):
    question = room_question_ask(session=hearing, participant="w:x", body="คำถามเด่น")
    room_question_moderate(moderator=official, question=question, action="pin")
    poll = poll_save(
        official=official, session=hearing, question_th="โพลสด", options_th="ก\nข"
    )
    poll_set_status(official=official, poll=poll, to_status="open")
    html = client.get(
        f"/th/consultations/rooms/{hearing.room_code}/projector/"
    ).content.decode()
    assert "คำถามเด่น" in html and "โพลสด" in html
    assert "<svg" in html and hearing.room_code in html
    assert "data:" not in html  # the strict CSP allows no data: images


def test_official_runs_the_room_over_http(client, official, citizen, hearing):
    client.force_login(official)
    client.post(
        f"/th/consultations/rooms/{hearing.room_code}/polls/",
        {"question_th": "เห็นด้วยไหม", "options_th": "เห็นด้วย\nไม่เห็นด้วย"},
    )
    poll = hearing.polls.get()
    client.post(
        f"/th/consultations/rooms/{hearing.room_code}/polls/{poll.pk}/status/",
        {"to_status": "open"},
    )
    client.force_login(citizen)
    client.post(
        f"/th/consultations/rooms/{hearing.room_code}/polls/{poll.pk}/vote/",
        {"option": "1"},
    )
    assert poll.votes.get().participant == member_participant(citizen)
    html = client.get(f"/th/consultations/rooms/{hearing.room_code}/").content.decode()
    assert "เห็นด้วยไหม" in html


def test_registration_respects_capacity(client, official, citizen, consultation):
    from consultations.services import ConsultationError, session_register
    from tests.conftest import make_user
    from tests.consultations.conftest import make_session

    session = make_session(
        official, consultation, registration_required=True, capacity=1
    )
    session_register(user=citizen, session=session)
    session_register(user=citizen, session=session)  # idempotent
    with pytest.raises(ConsultationError) as error:
        session_register(user=make_user("late@example.com"), session=session)
    assert error.value.code == "full"


def test_report_written_published_and_printed(client, official, citizen, consultation):
    section = consultation.sections.get(number=1)
    comment = comment_create(
        author=citizen, target=section, body="ขอเปิดเช้า", stance="against"
    )
    consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )
    client.force_login(official)
    assert (
        client.get(f"/th/consultations/{consultation.slug}/report/edit/").status_code
        == 200
    )
    report_save(official=official, consultation=consultation, summary_th="ภาพรวม")
    client.post(
        f"/th/consultations/{consultation.slug}/report/edit/",
        {
            "add_issue": "1",
            "title_th": "เวลาเปิดตลาด",
            "views_th": "ผู้ค้าส่วนใหญ่ขอเปิดเช้า",
            "answer_th": "ปรับเป็น 05.00 น.",
            "draft_changed": "on",
            "change_th": "แก้ข้อ 1",
            "sections": [section.pk],
            "comments": [comment.pk],
        },
    )
    issue = consultation.report.issues.get()
    assert list(issue.comments.all()) == [comment]
    client.logout()
    assert (
        client.get(f"/th/consultations/{consultation.slug}/report/").status_code == 404
    )
    consultation_change_status(
        official=official, consultation=consultation, to_status="published"
    )
    html = client.get(f"/th/consultations/{consultation.slug}/report/").content.decode()
    assert "ปรับเป็น 05.00 น." in html and "ขอเปิดเช้า" in html
    printed = client.get(f"/th/consultations/{consultation.slug}/report/print/")
    assert printed.status_code == 200
    assert "site-header" not in printed.content.decode()


def test_report_needs_a_closed_consultation(official, consultation):
    from consultations.services import ConsultationError

    with pytest.raises(ConsultationError) as error:
        report_issue_add(
            official=official,
            consultation=consultation,
            title_th="x",
            views_th="y",
            answer_th="z",
        )
    assert error.value.code == "not_closed"


@pytest.mark.parametrize("sections", [2, 12])
def test_detail_query_count_does_not_grow_with_sections_or_comments(
    client, official, citizen, organisation, sections, django_assert_max_num_queries
):
    from tests.consultations.conftest import add_sections, make_consultation

    consultation = make_consultation(official, organisation, slug=f"many-{sections}")
    add_sections(official, consultation, sections)
    consultation = consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    for section in consultation.sections.all():
        comment_create(author=citizen, target=section, body="ความเห็น", stance="for")
    with django_assert_max_num_queries(12):
        response = client.get(f"/th/consultations/{consultation.slug}/")
    assert response.status_code == 200


def test_draft_document_is_attached_and_downloadable(
    client, official, organisation, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.consultations.conftest import make_consultation

    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation(
        official,
        organisation,
        slug="with-file",
        draft_file=SimpleUploadedFile("ร่าง.pdf", b"%PDF-1.4 demo", "application/pdf"),
    )
    client.force_login(official)
    response = client.get(f"/th/consultations/{consultation.slug}/draft/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"


def test_only_pdf_and_docx_are_accepted(client, official, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(official)
    response = client.post(
        "/en/consultations/new/",
        {
            "organisation": organisation.pk,
            "slug": "exe",
            "title_th": "ร่าง",
            "summary_th": "สรุป",
            "opens_at": "2026-12-01T09:00",
            "closes_at": "2026-12-31T17:00",
            "draft_file": SimpleUploadedFile("virus.exe", b"MZ", "application/x-exe"),
        },
    )
    assert response.status_code == 200
    assert "Attach a .pdf or .docx file." in response.content.decode()


def test_official_edits_a_session(client, official, citizen, hearing):
    url = f"/th/consultations/rooms/{hearing.room_code}/edit/"
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(official)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title_th": "เวทีที่ย้ายสถานที่",
            "mode": "in_person",
            "place": "โรงเรียนเทศบาล 1",
            "starts_at": "2026-12-05T09:00",
            "ends_at": "2026-12-05T12:00",
        },
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.place == "โรงเรียนเทศบาล 1" and hearing.mode == "in_person"
