"""Follows, in-site notifications and e-mail in each recipient's language."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participation.comments.services import comment_create
from participation.models import Follow, Notification, User
from participation.notifications.services import (
    FollowError,
    follow,
    notify_followers,
    unfollow,
    unsubscribe_token,
)
from tests.conftest import make_user

STATUS_TEXT = {
    "th": "ข้อเสนอที่ท่านติดตามเปลี่ยนสถานะเป็น อยู่ระหว่างพิจารณา",
    "en": "A proposal you follow is now under review",
}


def status_text(language: str) -> str:
    return STATUS_TEXT[language]


@pytest.fixture
def followers(target, citizen, english_citizen):
    follow(user=citizen, target=target)
    follow(user=english_citizen, target=target)
    return citizen, english_citizen


@pytest.mark.django_db
def test_follow_is_idempotent_and_unfollow_removes_it(target, citizen):
    first = follow(user=citizen, target=target)
    assert follow(user=citizen, target=target) == first
    assert Follow.objects.of(target).count() == 1
    assert unfollow(user=citizen, target=target) is True
    assert unfollow(user=citizen, target=target) is False
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_only_followable_models_can_be_followed(citizen, organisation):
    with pytest.raises(FollowError) as refused:
        follow(user=citizen, target=organisation)
    assert refused.value.code == "not_followable"


@pytest.mark.django_db
def test_followers_are_notified_in_their_own_language(
    target, followers, official, django_capture_on_commit_callbacks
):
    thai, english = followers
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_followers(
            target=target,
            verb="proposal.status_changed",
            url="/th/?area=rim-nam",
            text=status_text,
            exclude=official,
        )
    assert len(created) == 2
    by_person = {n.recipient: n for n in Notification.objects.all()}
    assert by_person[thai].text == STATUS_TEXT["th"]
    assert by_person[thai].url == "/th/?area=rim-nam"
    assert by_person[english].text == STATUS_TEXT["en"]
    assert by_person[english].url == "/en/?area=rim-nam"
    assert {n.verb for n in by_person.values()} == {"proposal.status_changed"}

    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    thai_mail, english_mail = by_address[thai.email], by_address[english.email]
    assert thai_mail.subject.startswith("ร่วมคิด: ")
    assert STATUS_TEXT["th"] in thai_mail.body
    assert "เรียน สมใจ" in thai_mail.body
    assert "http://127.0.0.1:8000/th/?area=rim-nam" in thai_mail.body
    assert english_mail.subject.startswith("Ruamkid: ")
    assert "Hello John," in english_mail.body
    assert STATUS_TEXT["en"] in english_mail.body
    assert "http://127.0.0.1:8000/en/?area=rim-nam" in english_mail.body
    for message in mail.outbox:
        link = re.search(r"http://\S+/notifications/unsubscribe/\S+/", message.body)
        assert link, message.body
        assert message.extra_headers["List-Unsubscribe"] == f"<{link.group(0)}>"


@pytest.mark.django_db
def test_a_msgid_and_params_are_translated_per_recipient(
    target, followers, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_noop

    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(
            target=target,
            verb="comment.restored",
            url="",
            text=(
                gettext_noop("A moderator showed your comment on %(target)s again."),
                {"target": target},
            ),
        )
    texts = {n.recipient.preferred_language: n.text for n in Notification.objects.all()}
    assert "ชุมชนริมน้ำ" in texts["th"]
    assert texts["en"] == "A moderator showed your comment on Rim Nam community again."


@pytest.mark.django_db
def test_no_mail_before_commit_nor_to_those_who_do_not_want_it(
    target, followers, unverified, django_capture_on_commit_callbacks
):
    thai, english = followers
    follow(user=unverified, target=target)
    User.objects.filter(pk=english.pk).update(email_notifications=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_followers(target=target, verb="x", url="", text=status_text)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [[thai.email]]
    # Everyone still has the notification in the site.
    assert Notification.objects.count() == 3


@pytest.mark.django_db
def test_followers_of_an_area_hear_once_about_what_happens_in_it(
    target, citizen, django_capture_on_commit_callbacks
):
    project_like = type(target).objects.create(code="talat", name_th="ตลาด")
    follow(user=citizen, target=target)
    follow(user=citizen, target=project_like)
    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(
            target=project_like,
            verb="x",
            url="",
            text=status_text,
            also_followers_of=[target],
        )
    assert Notification.objects.filter(recipient=citizen).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reply_notifies_the_parent_author_in_their_language(
    target, citizen, english_citizen, django_capture_on_commit_callbacks
):
    parent = comment_create(author=english_citizen, target=target, body="Why?")
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_create(
            author=citizen, target=target, body="เพราะน้ำท่วม", parent=parent
        )
        comment_create(author=english_citizen, target=target, body="ok", parent=parent)
    notification = Notification.objects.get()
    assert notification.recipient == english_citizen
    assert notification.verb == "comment.replied"
    assert notification.text == (
        "สมใจ replied to your comment on Rim Nam community: “เพราะน้ำท่วม”"
    )
    assert notification.url == f"/en/comments/{reply.pk}/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [english_citizen.email]


@pytest.mark.django_db
def test_unsubscribe_works_logged_out_and_stops_mail(
    target, followers, django_capture_on_commit_callbacks
):
    thai, english = followers
    client = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(thai)])
    page = client.get(url)
    assert page.status_code == 200
    assert "หยุดส่งการแจ้งเตือนทางอีเมล" in page.content.decode()
    thai.refresh_from_db()
    assert thai.email_notifications  # a GET (a mail scanner) changes nothing
    # The one-click POST of mail programs carries no CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    thai.refresh_from_db()
    assert not thai.email_notifications
    with django_capture_on_commit_callbacks(execute=True):
        notify_followers(target=target, verb="x", url="", text=status_text)
    assert [message.to for message in mail.outbox] == [[english.email]]
    assert Notification.objects.filter(recipient=thai).count() == 1


@pytest.mark.django_db
def test_a_forged_unsubscribe_token_changes_nothing(client, citizen):
    token = unsubscribe_token(citizen)
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.post(
        reverse("notifications:unsubscribe", args=[forged]),
    )
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.email_notifications


@pytest.mark.django_db
def test_follow_button_without_javascript(client, target, citizen):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory

    def button(user):
        request = RequestFactory().get("/th/?area=rim-nam")
        request.user = user
        return Template("{% load comments %}{% follow_button target %}").render(
            Context({"target": target, "user": user, "request": request})
        )

    assert "/accounts/login/?next=" in button(AnonymousUser())
    assert 'value="follow"' in button(citizen)
    data = {
        "content_type": "participation.area",
        "object_id": target.pk,
        "action": "follow",
        "next": "/th/?area=rim-nam",
    }
    response = client.post(reverse("notifications:follow"), data)
    assert "/accounts/login/" in response["Location"]
    client.force_login(citizen)
    response = client.post(reverse("notifications:follow"), data)
    assert response["Location"] == "/th/?area=rim-nam"
    assert Follow.objects.filter(user=citizen).count() == 1
    assert 'value="unfollow"' in button(citizen)
    client.post(reverse("notifications:follow"), {**data, "action": "unfollow"})
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_the_notifications_page_and_the_unread_count_in_the_menu(
    client, target, citizen
):
    follow(user=citizen, target=target)
    notify_followers(target=target, verb="x", url="/th/?area=rim-nam", text=status_text)
    client.force_login(citizen)
    html = client.get("/th/").content.decode()
    assert "การแจ้งเตือน (ยังไม่ได้อ่าน 1)" in html
    english = client.get("/en/").content.decode()
    assert "Notifications (1 unread)" in english
    page = client.get(reverse("notifications:list")).content.decode()
    assert STATUS_TEXT["th"] in page
    notification = Notification.objects.get()
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/th/?area=rim-nam"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "ยังไม่ได้อ่าน" not in client.get("/th/").content.decode()
    # Someone else's notification is not found.
    client.force_login(make_user("other@example.com"))
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_mark_all_read_and_the_email_switch(client, target, citizen):
    follow(user=citizen, target=target)
    for _ in range(3):
        notify_followers(target=target, verb="x", url="", text=status_text)
    client.force_login(citizen)
    client.post(reverse("notifications:read"))
    assert not Notification.objects.unread().exists()
    client.post(reverse("notifications:email"), {})
    citizen.refresh_from_db()
    assert not citizen.email_notifications
    client.post(reverse("notifications:email"), {"email_notifications": "on"})
    citizen.refresh_from_db()
    assert citizen.email_notifications


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_for_notifications(client):
    response = client.get(reverse("notifications:list"))
    assert "/accounts/login/" in response["Location"]
