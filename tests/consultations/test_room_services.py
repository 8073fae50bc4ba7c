"""The live room's services: asking (member or walk-in), upvotes once each,
moderation by moderators and officials only, live polls, versions and one
broadcast per write."""

import pytest
from django.contrib.auth.models import AnonymousUser

from consultations.models import HearingSession, PollVote
from consultations.selectors import room_filtered, room_snapshot
from consultations.services import (
    ConsultationError,
    member_participant,
    new_walkin_participant,
    poll_save,
    poll_set_status,
    poll_vote,
    room_question_ask,
    room_question_moderate,
    room_question_upvote,
    room_set_open,
)
from consultations.services import rooms as room_services

pytestmark = pytest.mark.django_db


def ask(hearing, user=None, body="ตลาดจะเปิดกี่โมง", participant=None):
    return room_question_ask(
        session=hearing,
        participant=participant or member_participant(user),
        body=body,
        user=user,
    )


def test_members_and_walkins_ask(citizen, hearing):
    member = ask(hearing, citizen)
    walkin = room_question_ask(
        session=hearing,
        participant=new_walkin_participant(),
        body="ที่จอดรถพอไหม",
        display_name="ป้าแดง",
    )
    assert member.display_name == citizen.public_name
    assert walkin.author is None and walkin.display_name == "ป้าแดง"


def test_a_closed_room_takes_no_questions(official, citizen, hearing):
    room_set_open(official=official, session=hearing, is_open=False)
    with pytest.raises(ConsultationError) as error:
        ask(hearing, citizen)
    assert error.value.code == "room_closed"


def test_only_officials_open_the_room(citizen, moderator, hearing):
    for user in (citizen, moderator):
        with pytest.raises(ConsultationError):
            room_set_open(official=user, session=hearing, is_open=False)


def test_asking_is_rate_limited(hearing):
    walkin = new_walkin_participant()
    for number in range(room_services.ASK_LIMIT):
        ask(hearing, participant=walkin, body=f"คำถาม {number}")
    with pytest.raises(ConsultationError) as error:
        ask(hearing, participant=walkin, body="อีกข้อ")
    assert error.value.code == "too_fast"


def test_no_participant_no_question(hearing):
    with pytest.raises(ConsultationError) as error:
        room_question_ask(session=hearing, participant="", body="x")
    assert error.value.code == "not_a_participant"


def test_upvote_once_each_not_own(citizen, hearing):
    question = ask(hearing, citizen)
    with pytest.raises(ConsultationError):
        room_question_upvote(question=question, participant=member_participant(citizen))
    walkin = new_walkin_participant()
    assert room_question_upvote(question=question, participant=walkin) is True
    assert room_question_upvote(question=question, participant=walkin) is False
    question.refresh_from_db()
    assert question.upvote_count == 1


def test_upvotes_reorder_the_snapshot(citizen, hearing):
    first = ask(hearing, citizen, body="คำถามแรก")
    second = ask(hearing, citizen, body="คำถามที่สอง")
    for _ in range(2):
        room_question_upvote(question=second, participant=new_walkin_participant())
    ids = [q["id"] for q in room_snapshot(hearing)["questions"]]
    assert ids == [second.pk, first.pk]


@pytest.mark.parametrize("who", ["citizen", "anonymous"])
def test_citizens_and_walkins_cannot_moderate(who, citizen, hearing):
    question = ask(hearing, citizen)
    user = citizen if who == "citizen" else AnonymousUser()
    with pytest.raises(ConsultationError) as error:
        room_question_moderate(moderator=user, question=question, action="pin")
    assert error.value.code == "not_allowed"


def test_moderator_and_official_moderate(official, moderator, citizen, hearing):
    first = ask(hearing, citizen, body="ข้อแรก")
    second = ask(hearing, citizen, body="ข้อสอง")
    room_question_moderate(moderator=official, question=first, action="pin")
    room_question_moderate(moderator=moderator, question=second, action="pin")
    first.refresh_from_db()
    assert not first.pinned  # one pinned question at a time
    room_question_moderate(moderator=moderator, question=first, action="answer")
    first.refresh_from_db()
    assert first.answered_at is not None
    with pytest.raises(ConsultationError) as error:
        room_question_moderate(moderator=moderator, question=first, action="hide")
    assert error.value.code == "reason_required"
    room_question_moderate(
        moderator=moderator, question=first, action="hide", reason="นอกประเด็น"
    )
    snapshot = room_snapshot(hearing)
    public = room_filtered(snapshot, moderator=False)
    staff = room_filtered(snapshot, moderator=True)
    assert first.pk not in [q["id"] for q in public["questions"]]
    hidden = next(q for q in staff["questions"] if q["id"] == first.pk)
    assert hidden["hidden"] and hidden["reason"] == "นอกประเด็น"


def test_polls_open_close_and_one_answer_each(official, citizen, moderator, hearing):
    poll = poll_save(
        official=official,
        session=hearing,
        question_th="เห็นด้วยกับเวลาเปิดตลาดใหม่หรือไม่",
        options_th="เห็นด้วย\nไม่เห็นด้วย",
    )
    with pytest.raises(ConsultationError) as error:
        poll_vote(poll=poll, participant=member_participant(citizen), option=0)
    assert error.value.code == "poll_not_open"
    with pytest.raises(ConsultationError):
        poll_set_status(official=moderator, poll=poll, to_status="open")
    poll_set_status(official=official, poll=poll, to_status="open")
    walkin = new_walkin_participant()
    poll_vote(poll=poll, participant=walkin, option=0)
    poll_vote(poll=poll, participant=walkin, option=1)
    poll_vote(poll=poll, participant=member_participant(citizen), option=1)
    assert PollVote.objects.filter(poll=poll).count() == 2
    with pytest.raises(ConsultationError):
        poll_vote(poll=poll, participant=walkin, option=5)
    poll_set_status(official=official, poll=poll, to_status="closed")
    with pytest.raises(ConsultationError):
        poll_vote(poll=poll, participant=new_walkin_participant(), option=0)
    shown = room_snapshot(hearing)["polls"][0]
    assert shown["status"] == "closed"
    assert [o["votes"] for o in shown["options"]] == [0, 2]


def test_opening_a_poll_closes_the_open_one(official, hearing):
    first = poll_save(
        official=official, session=hearing, question_th="หนึ่ง", options_th="ก\nข"
    )
    second = poll_save(
        official=official, session=hearing, question_th="สอง", options_th="ก\nข"
    )
    poll_set_status(official=official, poll=first, to_status="open")
    poll_set_status(official=official, poll=second, to_status="open")
    first.refresh_from_db()
    assert first.status == "closed"


def test_prepared_polls_are_for_moderators_only(official, hearing):
    poll_save(official=official, session=hearing, question_th="ลับ", options_th="ก\nข")
    snapshot = room_snapshot(hearing)
    assert room_filtered(snapshot, moderator=False)["polls"] == []
    assert len(room_filtered(snapshot, moderator=True)["polls"]) == 1


def test_each_write_bumps_the_version_and_broadcasts_once(
    citizen, hearing, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        room_services.live, "mark_dirty", lambda topic, key: sent.append((topic, key))
    )
    before = HearingSession.objects.get(pk=hearing.pk).room_version
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(hearing, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        room_question_upvote(question=question, participant=new_walkin_participant())
    assert sent == [("room", hearing.pk), ("room", hearing.pk)]
    assert HearingSession.objects.get(pk=hearing.pk).room_version == before + 2
    assert room_snapshot(hearing)["v"] == before + 2
