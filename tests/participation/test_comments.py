"""Comments: depth 2, stance, 15-minute edit window, the thread as people see it."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from participation.comments.services import (
    CommentError,
    comment_create,
    comment_edit,
)
from participation.models import Comment
from tests.conftest import make_user
from tests.participation.test_sanitize import XSS_CORPUS, assert_safe


def render_thread(target, user, language="th") -> str:
    request = RequestFactory().get(f"/{language}/?area={target.code}")
    request.user = user
    with translation.override(language):
        return Template("{% load comments %}{% comment_thread target %}").render(
            Context({"target": target, "user": user, "request": request})
        )


@pytest.mark.django_db
def test_a_comment_with_a_stance_is_shown_with_its_author_and_date(target, citizen):
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 29, 9))):
        comment = comment_create(
            author=citizen, target=target, body="น้ำท่วมถนน ที่ซอย ๕", stance="for"
        )
    assert comment.body_html == "<p>น้ำท่วมถนน ที่ซอย ๕</p>"
    assert comment.depth == 1
    html = render_thread(target, AnonymousUser())
    assert f'<article class="comment" id="comment-{comment.pk}"' in html
    assert "สมใจ" in html
    assert "เห็นด้วย" in html
    assert "29 พฤศจิกายน 2569 เวลา 09:00 น." in html
    assert "<p>น้ำท่วมถนน ที่ซอย ๕</p>" in html
    english = render_thread(target, AnonymousUser(), "en")
    assert "For" in english
    assert "29 November 2026, 09:00" in english


@pytest.mark.django_db
def test_replies_go_one_level_deep(target, citizen):
    other = make_user("other@example.com")
    comment = comment_create(author=citizen, target=target, body="ความเห็นแรก")
    reply = comment_create(author=other, target=target, body="ตอบ", parent=comment)
    assert reply.depth == 2
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=target, body="ลึกเกิน", parent=reply)
    assert refused.value.code == "depth"
    with translation.override("en"):
        assert refused.value.message == (
            "You can reply to a comment, but not to a reply."
        )
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_reply_must_be_on_the_same_target(target, citizen):
    comment = comment_create(author=citizen, target=target, body="x")
    other_target = type(target).objects.create(code="talat", name_th="ชุมชนตลาด")
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=other_target, body="y", parent=comment)
    assert refused.value.code == "wrong_target"


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["", "   \n\n  ", "<p></p><br>", "<img src=x>"])
def test_empty_comments_are_refused(target, citizen, body):
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=target, body=body)
    assert refused.value.code == "empty"


@pytest.mark.django_db
def test_unknown_stance_is_refused(target, citizen):
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=target, body="x", stance="maybe")
    assert refused.value.code == "bad_stance"


@pytest.mark.django_db
def test_unverified_people_and_closed_targets_cannot_comment(
    target, unverified, citizen, organisation
):
    with pytest.raises(CommentError) as refused:
        comment_create(author=unverified, target=target, body="x")
    assert refused.value.code == "not_allowed"
    # A model without a comments_allowed hook is no comment target at all.
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=organisation, body="x")
    assert refused.value.code == "not_allowed"
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_the_target_decides_when_comments_are_closed(target, citizen, monkeypatch):
    monkeypatch.setattr(type(target), "comments_allowed", lambda self, user: False)
    with pytest.raises(CommentError) as refused:
        comment_create(author=citizen, target=target, body="x")
    assert refused.value.code == "not_allowed"
    assert "ปิดรับความคิดเห็น" in render_thread(target, citizen)


@pytest.mark.django_db
def test_the_author_edits_within_15_minutes_only(target, citizen):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment = comment_create(author=citizen, target=target, body="ร่างแรก")
    with time_machine.travel(start + timedelta(minutes=14, seconds=59), tick=False):
        comment_edit(comment=comment, editor=citizen, body="ฉบับแก้ไข")
        comment.refresh_from_db()
        assert comment.body_html == "<p>ฉบับแก้ไข</p>"
        assert comment.edited_at == timezone.now()
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        with pytest.raises(CommentError) as refused:
            comment_edit(comment=comment, editor=citizen, body="สายไป")
    assert refused.value.code == "edit_window_closed"
    comment.refresh_from_db()
    assert comment.body_html == "<p>ฉบับแก้ไข</p>"


@pytest.mark.django_db
def test_nobody_else_edits_a_comment(target, citizen, moderator):
    comment = comment_create(author=citizen, target=target, body="ของฉัน")
    for editor in [moderator, make_user("x@example.com"), AnonymousUser()]:
        with pytest.raises(CommentError) as refused:
            comment_edit(comment=comment, editor=editor, body="ของคนอื่น")
        assert refused.value.code == "not_allowed"


@pytest.mark.django_db
def test_edits_are_sanitised_and_cannot_be_emptied(target, citizen):
    comment = comment_create(author=citizen, target=target, body="ok")
    comment_edit(comment=comment, editor=citizen, body="<b onclick=x()>ok</b>")
    comment.refresh_from_db()
    assert comment.body_html == "<p>ok</p>"
    with pytest.raises(CommentError) as refused:
        comment_edit(comment=comment, editor=citizen, body="<script></script>")
    assert refused.value.code == "empty"


@pytest.mark.django_db
def test_a_former_member_is_shown_as_such(target, citizen):
    comment_create(author=citizen, target=target, body="ยังอยู่")
    citizen.delete()
    assert Comment.objects.get().author is None
    assert "อดีตสมาชิก" in render_thread(target, AnonymousUser())
    assert "Former member" in render_thread(target, AnonymousUser(), "en")


@pytest.mark.django_db
def test_comment_without_javascript_then_reply_then_edit(client, target, citizen):
    client.force_login(citizen)
    next_url = f"/th/?area={target.code}"
    response = client.post(
        reverse("comments:create"),
        {
            "content_type": "participation.area",
            "object_id": target.pk,
            "body": "ควรขุดลอกท่อก่อนฤดูฝน",
            "stance": "against",
            "next": next_url,
        },
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{next_url}#comment-{comment.pk}"
    assert comment.stance == "against"
    response = client.post(
        reverse("comments:create"),
        {"parent": comment.pk, "body": "เห็นด้วยครับ", "next": next_url},
    )
    reply = Comment.objects.get(parent=comment)
    assert response["Location"] == f"{next_url}#comment-{reply.pk}"
    # The inline edit form holds the text as typed, not its HTML.
    html = render_thread(target, citizen)
    assert f'action="{reverse("comments:edit", args=[comment.pk])}"' in html
    assert ">ควรขุดลอกท่อก่อนฤดูฝน</textarea>" in html
    response = client.post(
        reverse("comments:edit", args=[comment.pk]),
        {"body": "ควรขุดลอกท่อก่อนฤดูฝนทุกปี", "next": next_url},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>ควรขุดลอกท่อก่อนฤดูฝนทุกปี</p>"


@pytest.mark.django_db
def test_the_edit_page_works_on_its_own(client, target, citizen):
    comment = comment_create(author=citizen, target=target, body="บรรทัด 1\nบรรทัด 2")
    client.force_login(citizen)
    page = client.get(reverse("comments:edit", args=[comment.pk]))
    assert page.status_code == 200
    assert "บรรทัด 1\nบรรทัด 2</textarea>" in page.content.decode()
    client.force_login(make_user("other@example.com"))
    assert client.get(reverse("comments:edit", args=[comment.pk])).status_code == 403


@pytest.mark.django_db
def test_a_refused_comment_keeps_the_text_and_says_why(client, target, citizen):
    comment = comment_create(author=citizen, target=target, body="แรก")
    reply = comment_create(author=citizen, target=target, body="ตอบ", parent=comment)
    client.force_login(citizen)
    response = client.post(
        "/en/comments/", {"parent": reply.pk, "body": "ข้อความที่พิมพ์ไว้"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can reply to a comment, but not to a reply." in html
    assert "ข้อความที่พิมพ์ไว้</textarea>" in html


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_and_next_must_be_on_this_site(
    client, target, citizen
):
    data = {
        "content_type": "participation.area",
        "object_id": target.pk,
        "body": "x",
        "next": "https://evil.example/",
    }
    response = client.post(reverse("comments:create"), data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(citizen)
    response = client.post(reverse("comments:create"), data)
    assert response["Location"].startswith(f"/th/?area={target.code}#comment-")
    for bad in ["//evil.example/x", "javascript:alert(1)", "/\\evil.example"]:
        response = client.post(reverse("comments:create"), {**data, "next": bad})
        assert response["Location"].startswith("/th/?area="), bad


@pytest.mark.django_db
def test_unknown_targets_are_not_found(client, citizen):
    client.force_login(citizen)
    for content_type, object_id in [
        ("participation.area", 999),
        ("nosuch.model", 1),
        ("participation.area", "x"),
    ]:
        response = client.post(
            reverse("comments:create"),
            {"content_type": content_type, "object_id": object_id, "body": "x"},
        )
        assert response.status_code == 404


@pytest.mark.django_db
def test_comment_forms_need_the_csrf_token(target, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(
        reverse("comments:create"),
        {"content_type": "participation.area", "object_id": target.pk, "body": "x"},
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_who_sees_which_form(target, citizen, unverified):
    anonymous = render_thread(target, AnonymousUser())
    assert "/accounts/login/?next=" in anonymous
    assert 'name="body"' not in anonymous
    assert "ยืนยันอีเมล" in render_thread(target, unverified)
    mine = render_thread(target, citizen)
    assert 'name="stance" value="for"' in mine
    assert 'name="stance" value="against"' in mine
    assert 'name="csrfmiddlewaretoken"' not in mine  # no request token in a bare render


@pytest.mark.django_db
def test_the_xss_corpus_through_comments_renders_safe(client, target, citizen):
    client.force_login(citizen)
    for attack in XSS_CORPUS:
        client.post(
            reverse("comments:create"),
            {
                "content_type": "participation.area",
                "object_id": target.pk,
                "body": attack + " ท้าย",
            },
        )
    stored = list(Comment.objects.values_list("body_html", flat=True))
    assert len(stored) == len(XSS_CORPUS)
    for body_html in stored:
        assert_safe(body_html)
    html = render_thread(target, AnonymousUser())
    bodies = html.split('<div class="comment-body">')[1:]
    assert len(bodies) == len(XSS_CORPUS)
    for body in bodies:
        assert_safe(body.split("</div>")[0])


@pytest.mark.django_db
def test_the_thread_costs_the_same_queries_for_3_or_30_comments(
    target, citizen, moderator, django_assert_max_num_queries
):
    authors = [make_user(f"p{number}@example.com") for number in range(5)]

    def add(count):
        for number in range(count):
            comment = comment_create(
                author=authors[number % 5], target=target, body=f"ความเห็น {number}"
            )
            comment_create(
                author=authors[(number + 1) % 5],
                target=target,
                body="ตอบ",
                parent=comment,
            )

    add(3)
    for viewer in [AnonymousUser(), citizen, moderator]:
        with django_assert_max_num_queries(6):
            render_thread(target, viewer)
    add(27)
    for viewer in [AnonymousUser(), citizen, moderator]:
        with django_assert_max_num_queries(6):
            html = render_thread(target, viewer)
    assert html.count('<article class="comment') == 60
