"""Flags by people; moderators hide with a reason that stays visible in place."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from participation.comments.services import (
    CommentError,
    comment_create,
    comment_flag,
    comment_flags_dismiss,
    comment_hide,
    comment_restore,
)
from participation.models import AuditEvent, Comment, CommentFlag, Notification
from tests.conftest import make_user
from tests.participation.test_comments import render_thread


@pytest.fixture
def comment(target, citizen):
    return comment_create(
        author=citizen, target=target, body="ข้อความที่ไม่เหมาะสม", stance="against"
    )


@pytest.fixture
def reader(db):
    return make_user("reader@example.com", display_name="ผู้อ่าน")


@pytest.mark.django_db
def test_a_person_flags_a_comment_once(comment, reader):
    flag = comment_flag(comment=comment, user=reader, reason="ใช้คำหยาบ <b>มาก</b>")
    assert flag.reason == "ใช้คำหยาบ มาก"
    with pytest.raises(CommentError) as refused:
        comment_flag(comment=comment, user=reader, reason="อีกครั้ง")
    assert refused.value.code == "already_flagged"
    assert CommentFlag.objects.count() == 1
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFlag.objects.create(comment=comment, user=reader, reason="ซ้ำ")


@pytest.mark.django_db
def test_flags_need_a_reason_and_not_ones_own_comment(comment, citizen, reader):
    with pytest.raises(CommentError) as refused:
        comment_flag(comment=comment, user=reader, reason="  <i></i> ")
    assert refused.value.code == "reason_required"
    with pytest.raises(CommentError) as refused:
        comment_flag(comment=comment, user=citizen, reason="ของตัวเอง")
    assert refused.value.code == "not_allowed"
    with pytest.raises(CommentError) as refused:
        comment_flag(comment=comment, user=AnonymousUser(), reason="x")
    assert refused.value.code == "not_allowed"


@pytest.mark.django_db
def test_a_citizen_cannot_hide_a_comment(client, comment, reader):
    with pytest.raises(CommentError) as refused:
        comment_hide(comment=comment, moderator=reader, reason="ไม่ชอบ")
    assert refused.value.code == "not_allowed"
    client.force_login(reader)
    response = client.post(
        reverse("comments:hide", args=[comment.pk]), {"reason": "ไม่ชอบ"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert not AuditEvent.objects.filter(action="comment.hidden").exists()


@pytest.mark.django_db
def test_hiding_needs_a_reason(comment, moderator):
    with pytest.raises(CommentError) as refused:
        comment_hide(comment=comment, moderator=moderator, reason=" ")
    assert refused.value.code == "reason_required"


@pytest.mark.django_db
def test_a_moderator_hides_with_a_reason_everyone_sees(
    comment, moderator, reader, citizen, django_capture_on_commit_callbacks
):
    comment_flag(comment=comment, user=reader, reason="หยาบคาย")
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, moderator=moderator, reason="ใช้ถ้อยคำไม่สุภาพ")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.hidden_by == moderator
    assert comment.hidden_reason == "ใช้ถ้อยคำไม่สุภาพ"
    assert not CommentFlag.objects.open().exists()
    event = AuditEvent.objects.get(action="comment.hidden")
    assert event.actor == moderator
    assert event.target_id == str(comment.pk)
    assert event.data == {"reason": "ใช้ถ้อยคำไม่สุภาพ", "flags_resolved": 1}

    for viewer in [AnonymousUser(), reader, citizen]:
        html = render_thread(comment.target, viewer)
        assert "ผู้ดูแลเนื้อหาซ่อนข้อความนี้ เหตุผล: ใช้ถ้อยคำไม่สุภาพ" in html
        assert "ข้อความที่ไม่เหมาะสม" not in html
    english = render_thread(comment.target, AnonymousUser(), "en")
    assert 'Hidden by a moderator: <span lang="th">ใช้ถ้อยคำไม่สุภาพ</span>' in english
    # Moderators still see what was hidden, and can show it again.
    moderator_view = render_thread(comment.target, moderator)
    assert "ข้อความที่ไม่เหมาะสม" in moderator_view
    assert reverse("comments:restore", args=[comment.pk]) in moderator_view


@pytest.mark.django_db
def test_the_author_is_told_in_their_language(
    comment, moderator, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, moderator=moderator, reason="โฆษณาสินค้า")
    notification = Notification.objects.get(recipient=citizen)
    assert notification.verb == "comment.hidden"
    assert "ผู้ดูแลเนื้อหาซ่อนความคิดเห็นของท่าน" in notification.text
    assert "ชุมชนริมน้ำ" in notification.text
    assert "โฆษณาสินค้า" in notification.text
    assert notification.url == reverse("comments:permalink", args=[comment.pk])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [citizen.email]
    assert "โฆษณาสินค้า" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_hidden_comment_takes_no_replies_edits_or_flags(
    client, comment, moderator, citizen, reader
):
    comment_hide(comment=comment, moderator=moderator, reason="สแปม")
    with pytest.raises(CommentError):
        comment_create(author=reader, target=comment.target, body="ตอบ", parent=comment)
    with pytest.raises(CommentError) as refused:
        comment_flag(comment=comment, user=reader, reason="x")
    assert refused.value.code == "already_hidden"
    with pytest.raises(CommentError) as refused:
        comment_hide(comment=comment, moderator=moderator, reason="อีกครั้ง")
    assert refused.value.code == "already_hidden"


@pytest.mark.django_db
def test_hide_and_restore_through_the_pages(client, comment, moderator, citizen):
    client.force_login(moderator)
    next_url = "/th/?area=rim-nam"
    response = client.post(
        reverse("comments:hide", args=[comment.pk]),
        {"reason": "<script>x</script>ข้อมูลส่วนบุคคล", "next": next_url},
    )
    assert response["Location"] == f"{next_url}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.hidden_reason == "xข้อมูลส่วนบุคคล"
    response = client.post(
        reverse("comments:restore", args=[comment.pk]), {"next": next_url}
    )
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert AuditEvent.objects.filter(action="comment.restored").count() == 1
    assert Notification.objects.filter(
        recipient=citizen, verb="comment.restored"
    ).exists()
    with pytest.raises(CommentError) as refused:
        comment_restore(comment=comment, moderator=moderator)
    assert refused.value.code == "not_hidden"


@pytest.mark.django_db
def test_flag_through_the_page(client, comment, reader):
    client.force_login(reader)
    url = reverse("comments:flag", args=[comment.pk])
    response = client.post(url, {"reason": "ข่มขู่", "next": "/th/"}, follow=True)
    assert "ขอบคุณ" in response.content.decode()
    response = client.post(url, {"reason": "ข่มขู่", "next": "/th/"}, follow=True)
    assert "ท่านแจ้งความคิดเห็นนี้แล้ว" in response.content.decode()
    assert CommentFlag.objects.count() == 1
    # The flag form is gone for this reader now.
    assert url not in render_thread(comment.target, reader)


@pytest.mark.django_db
def test_the_moderation_queue(client, comment, moderator, reader, citizen):
    other = comment_create(author=reader, target=comment.target, body="ปกติ")
    comment_flag(comment=comment, user=reader, reason="หยาบคาย")
    client.force_login(citizen)
    assert client.get(reverse("comments:moderation")).status_code == 403
    client.force_login(moderator)
    html = client.get(reverse("comments:moderation")).content.decode()
    assert "ข้อความที่ไม่เหมาะสม" in html
    assert "หยาบคาย" in html
    assert "ปกติ" not in html
    assert other.pk != comment.pk
    comment_flags_dismiss(comment=comment, moderator=moderator)
    html = client.get(reverse("comments:moderation")).content.decode()
    assert "ข้อความที่ไม่เหมาะสม" not in html
    assert AuditEvent.objects.filter(action="comment.flags_dismissed").count() == 1


@pytest.mark.django_db
def test_moderators_see_the_report_count_in_the_thread(comment, moderator, reader):
    comment_flag(comment=comment, user=reader, reason="หยาบคาย")
    assert "มีผู้แจ้ง 1 ครั้ง" in render_thread(comment.target, moderator)
    assert "มีผู้แจ้ง 1 ครั้ง" not in render_thread(comment.target, reader)


@pytest.mark.django_db
def test_the_permalink_leads_to_the_comment(client, comment):
    response = client.get(reverse("comments:permalink", args=[comment.pk]))
    assert response["Location"] == f"/th/?area=rim-nam#comment-{comment.pk}"
    assert Comment.objects.count() == 1
