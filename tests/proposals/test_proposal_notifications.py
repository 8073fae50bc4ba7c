"""Status changes reach the author and followers, in-site and by e-mail."""

import pytest
from django.core import mail

from participation.models import Area
from participation.notifications import follow
from participation.notifications.models import Notification
from proposals.services import proposal_change_status
from tests.conftest import make_user
from tests.proposals.conftest import submit


@pytest.mark.django_db
def test_author_and_area_followers_hear_of_an_answer(
    official, organisation, django_capture_on_commit_callbacks
):
    area = Area.objects.create(code="riverside", name_th="ริมน้ำ", name_en="Riverside")
    author = make_user("author@example.com", preferred_language="th")
    neighbour = make_user("neighbour@example.com", preferred_language="en")
    follow(user=neighbour, target=area)
    report = submit(author, organisation, kind="report", title="ไฟดับ", area=area)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_change_status(
            proposal=report, official=official, to_status="resolved", answer="ซ่อมแล้ว"
        )
    assert Notification.objects.filter(recipient=author).count() == 1
    assert Notification.objects.filter(recipient=neighbour).count() == 1
    assert not Notification.objects.filter(recipient=official).exists()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "ซ่อมแล้ว" in by_recipient["author@example.com"].body
    assert "ดำเนินการเสร็จสิ้น" in by_recipient["author@example.com"].body
    assert "Resolved" in by_recipient["neighbour@example.com"].body


@pytest.mark.django_db
def test_comments_count_for_the_most_discussed_sort(client, citizen, organisation):
    from participation.comments import comment_create

    idea = submit(citizen, organisation)
    other = make_user("other@example.com")
    comment_create(author=other, target=idea, body="เห็นด้วยอย่างยิ่ง", stance="for")
    comment_create(author=citizen, target=idea, body="ขอบคุณครับ")
    idea.refresh_from_db()
    assert idea.comment_count == 2
    html = client.get(f"/th/proposals/{idea.tracking_number}/").content.decode()
    assert "เห็นด้วยอย่างยิ่ง" in html


@pytest.mark.django_db
def test_the_author_hears_of_comments_on_their_proposal(organisation):
    from participation.comments import comment_create

    author = make_user("author@example.com")
    idea = submit(author, organisation)
    commenter = make_user("commenter@example.com")
    comment_create(author=commenter, target=idea, body="เห็นด้วย", stance="for")
    told = Notification.objects.filter(recipient=author, verb="comment.created")
    assert told.count() == 1
    assert not Notification.objects.filter(recipient=commenter).exists()
