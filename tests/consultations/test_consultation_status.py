"""Consultations: creation, the 15-day warning, status changes and who may make
them, drafts kept from the public, and comments on sections."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import (
    ConsultationError,
    consultation_change_status,
    consultation_update,
    report_issue_add,
    section_save,
)
from participation.comments import CommentError, comment_create
from participation.models import AuditEvent
from tests.conftest import make_user
from tests.consultations.conftest import add_sections, make_consultation

pytestmark = pytest.mark.django_db


def test_official_creates_a_draft(official, organisation):
    consultation = make_consultation(official, organisation)
    assert consultation.status == Consultation.Status.DRAFT
    assert AuditEvent.objects.filter(action="consultation.created").exists()


@pytest.mark.parametrize("who", ["citizen", "moderator", "anonymous"])
def test_others_cannot_create(who, citizen, moderator, organisation):
    from django.contrib.auth.models import AnonymousUser

    user = {"citizen": citizen, "moderator": moderator, "anonymous": AnonymousUser()}[
        who
    ]
    with pytest.raises(ConsultationError) as error:
        make_consultation(user, organisation)
    assert error.value.code == "not_allowed"


def test_official_of_another_organisation_cannot_create(organisation):
    from participation.models import Organisation, RoleGrant
    from participation.services import role_grant

    other = Organisation.objects.create(slug="other", name_th="อบต.อื่น")
    stranger = make_user("stranger@example.com")
    role_grant(user=stranger, role=RoleGrant.Role.OFFICIAL, organisation=other)
    with pytest.raises(ConsultationError):
        make_consultation(stranger, organisation)


def test_fifteen_day_warning(official, organisation):
    short = make_consultation(official, organisation, days=14, slug="short")
    exact = make_consultation(official, organisation, days=15, slug="exact")
    assert short.is_shorter_than_legal_minimum
    assert not exact.is_shorter_than_legal_minimum
    event = AuditEvent.objects.get(action="consultation.created", target_id=short.pk)
    assert event.data["short_period"] is True


def test_short_period_is_warned_on_the_form_and_page(client, official, organisation):
    client.force_login(official)
    now = timezone.localtime()
    response = client.post(
        "/en/consultations/new/",
        {
            "organisation": organisation.pk,
            "slug": "quick",
            "title_th": "ร่างด่วน",
            "summary_th": "สรุป",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 15 days" in html
    assert Consultation.objects.filter(slug="quick").exists()


def test_closing_before_opening_is_refused(official, organisation):
    now = timezone.now()
    with pytest.raises(ConsultationError) as error:
        make_consultation(
            official, organisation, opens_at=now, closes_at=now - timedelta(days=1)
        )
    assert error.value.code == "bad_dates"


def test_opening_needs_sections(official, draft_consultation):
    with pytest.raises(ConsultationError) as error:
        consultation_change_status(
            official=official, consultation=draft_consultation, to_status="open"
        )
    assert error.value.code == "no_sections"


def test_the_whole_status_path(official, draft_consultation):
    add_sections(official, draft_consultation)
    step = draft_consultation
    step = consultation_change_status(
        official=official, consultation=step, to_status="open"
    )
    assert step.status == "open"
    with pytest.raises(ConsultationError) as error:
        consultation_change_status(
            official=official, consultation=step, to_status="published"
        )
    assert error.value.code == "bad_transition"
    step = consultation_change_status(
        official=official, consultation=step, to_status="closed"
    )
    with pytest.raises(ConsultationError) as error:
        consultation_change_status(
            official=official, consultation=step, to_status="published"
        )
    assert error.value.code == "no_report"
    report_issue_add(
        official=official,
        consultation=step,
        title_th="เวลาเปิดตลาด",
        views_th="ผู้ค้าต้องการเปิดเร็วขึ้น",
        answer_th="ปรับเวลาเปิดเป็น 05.00 น.",
        draft_changed=True,
    )
    step = consultation_change_status(
        official=official, consultation=step, to_status="published"
    )
    assert step.status == "published"
    assert step.report.published_at is not None
    actions = list(
        AuditEvent.objects.filter(action="consultation.status_changed").values_list(
            "data__to", flat=True
        )
    )
    assert sorted(actions) == ["closed", "open", "published"]


@pytest.mark.parametrize("who", ["citizen", "moderator"])
def test_only_officials_change_status(who, citizen, moderator, consultation):
    user = citizen if who == "citizen" else moderator
    with pytest.raises(ConsultationError) as error:
        consultation_change_status(
            official=user, consultation=consultation, to_status="closed"
        )
    assert error.value.code == "not_allowed"
    with pytest.raises(ConsultationError):
        consultation_update(official=user, consultation=consultation, title_th="x")
    with pytest.raises(ConsultationError):
        section_save(official=user, consultation=consultation, number=9, body_th="x")


def test_status_change_over_http(client, official, citizen, consultation):
    client.force_login(citizen)
    response = client.post(
        f"/th/consultations/{consultation.slug}/status/", {"to_status": "closed"}
    )
    assert response.status_code == 403
    client.force_login(official)
    client.post(
        f"/th/consultations/{consultation.slug}/status/", {"to_status": "closed"}
    )
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_duplicate_section_number_is_refused(official, consultation):
    with pytest.raises(ConsultationError) as error:
        section_save(
            official=official, consultation=consultation, number=1, body_th="ซ้ำ"
        )
    assert error.value.code == "duplicate_number"


def test_drafts_are_seen_by_officials_only(
    client, official, citizen, draft_consultation
):
    url = f"/th/consultations/{draft_consultation.slug}/"
    assert client.get(url).status_code == 404
    assert (
        draft_consultation.title_th
        not in client.get("/th/consultations/").content.decode()
    )
    client.force_login(citizen)
    assert client.get(url).status_code == 404
    client.force_login(official)
    assert client.get(url).status_code == 200


def test_citizens_comment_on_sections_while_open(citizen, consultation):
    section = consultation.sections.get(number=1)
    comment = comment_create(
        author=citizen, target=section, body="ควรเปิดตลาดเช้ากว่านี้", stance="against"
    )
    assert comment.stance == "against"


def test_no_comments_when_closed_or_unverified(official, citizen, consultation):
    section = consultation.sections.get(number=1)
    unverified = make_user("new@example.com", level=0)
    with pytest.raises(CommentError):
        comment_create(author=unverified, target=section, body="สวัสดี")
    consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )
    section.refresh_from_db()
    section.consultation.refresh_from_db()
    with pytest.raises(CommentError):
        comment_create(author=citizen, target=section, body="ช้าไป")


def test_detail_shows_sections_with_comment_counts_folded(
    client, citizen, consultation
):
    section = consultation.sections.get(number=2)
    comment_create(author=citizen, target=section, body="เห็นด้วยกับข้อนี้", stance="for")
    comment_create(author=citizen, target=section, body="อีกความเห็นหนึ่ง")
    html = client.get(f"/en/consultations/{consultation.slug}/").content.decode()
    assert "ข้อความของข้อ 2" in html
    assert "2 comments" in html
    assert '<details class="section-comments">' in html
    assert "เห็นด้วยกับข้อนี้" in html


def test_section_page_has_the_comment_form_for_verified_people(
    client, citizen, consultation
):
    url = f"/th/consultations/{consultation.slug}/sections/1/"
    assert 'id="comment-form"' not in client.get(url).content.decode()
    client.force_login(citizen)
    html = client.get(url).content.decode()
    assert 'id="comment-form"' in html
    response = client.post(
        "/th/comments/",
        {
            "content_type": "consultations.section",
            "object_id": consultation.sections.get(number=1).pk,
            "body": "ความเห็นผ่านฟอร์ม",
            "stance": "neutral",
            "next": url,
        },
    )
    assert response.status_code == 302
    assert "ความเห็นผ่านฟอร์ม" in client.get(url).content.decode()


def test_moderators_hide_section_comments(client, citizen, moderator, consultation):
    from participation.comments import comment_hide

    section = consultation.sections.get(number=1)
    comment = comment_create(author=citizen, target=section, body="โฆษณาขายของ")
    comment_hide(comment=comment, moderator=moderator, reason="โฆษณา")
    html = client.get(f"/th/consultations/{consultation.slug}/").content.decode()
    assert "โฆษณาขายของ" not in html
    assert "โฆษณา" in html


def test_followers_hear_of_status_changes_in_their_language(
    official, citizen, consultation, django_capture_on_commit_callbacks
):
    from participation.models import Notification
    from participation.notifications import follow

    citizen.preferred_language = "en"
    citizen.save()
    follow(user=citizen, target=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        consultation_change_status(
            official=official, consultation=consultation, to_status="closed"
        )
    notification = Notification.objects.get(recipient=citizen)
    assert "Draft market by-law" in notification.text
    assert not Notification.objects.filter(recipient=official).exists()
