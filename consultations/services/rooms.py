"""Writes of hearing sessions and their live rooms: Q&A and live polls.

Every write to a room bumps ``HearingSession.room_version`` in its own
transaction and, after commit, marks the room dirty
(``live.mark_dirty("room", session_id)``), so every daphne process pushes the
same versions. A participant is ``u:<user id>`` for a member or ``w:<token>``
for a walk-in who entered the room code (``room_participant``).
"""

import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from participation import live
from participation.models import User
from participation.rules import is_moderator, is_official_of
from participation.sanitize import plain_text
from participation.services import audit_log

from ..models import (
    Consultation,
    HearingSession,
    Poll,
    PollVote,
    Registration,
    RoomQuestion,
    Upvote,
)
from .errors import ConsultationError

#: Room codes avoid letters and digits people confuse (0/O, 1/I/L).
ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ROOM_CODE_LENGTH = 6
MAX_QUESTION_LENGTH = 500
#: A participant asks at most this many questions per ``ASK_WINDOW``.
ASK_LIMIT = 3
ASK_WINDOW = timedelta(minutes=1)
#: Attempts to enter a room code per address per ``JOIN_WINDOW`` seconds.
JOIN_LIMIT = 20
JOIN_WINDOW = 600


def new_room_code() -> str:
    while True:
        code = "".join(
            secrets.choice(ROOM_CODE_ALPHABET) for _ in range(ROOM_CODE_LENGTH)
        )
        if not HearingSession.objects.filter(room_code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()[: ROOM_CODE_LENGTH + 2]


def join_attempt_allowed(address: str) -> bool:
    """Count one attempt to enter a room code from ``address``; False past the limit.

    Stops guessing codes by brute force (a code is 6 characters of 31).
    """
    key = f"consultations:join:{address}"
    cache.add(key, 0, JOIN_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, JOIN_WINDOW)
        attempts = 1
    return attempts <= JOIN_LIMIT


def member_participant(user) -> str:
    return f"u:{user.pk}"


def new_walkin_participant() -> str:
    return "w:" + secrets.token_urlsafe(12)


def can_moderate_room(user, session: HearingSession) -> bool:
    """Moderators and the organiser's officials moderate a hearing room."""
    return bool(
        user is not None
        and user.is_authenticated
        and (
            is_moderator(user)
            or is_official_of(user, session.consultation.organisation)
        )
    )


def _bump(session_id: int) -> None:
    """Bump the room's version in this transaction; push after commit."""
    HearingSession.objects.filter(pk=session_id).update(
        room_version=F("room_version") + 1
    )
    transaction.on_commit(lambda: live.mark_dirty("room", session_id))


@transaction.atomic
def session_save(
    *,
    official: User,
    consultation: Consultation,
    session: HearingSession | None = None,
    **fields,
) -> HearingSession:
    """Add a hearing session to ``consultation`` (or change ``session``).

    ``fields``: ``title_th``, ``title_en``, ``mode``, ``place``, ``online_url``,
    ``starts_at``, ``ends_at``, ``registration_required``, ``capacity``. A new
    session gets a room code. Raises ``ConsultationError``: ``not_allowed``,
    ``bad_dates``.
    """
    if not is_official_of(official, consultation.organisation):
        raise ConsultationError("not_allowed")
    if session is not None and session.consultation_id != consultation.pk:
        raise ConsultationError("not_allowed")
    session = session or HearingSession(
        consultation=consultation, room_code=new_room_code()
    )
    for name, value in fields.items():
        if name in ("title_th", "title_en", "place"):
            value = plain_text(value or "")
        setattr(session, name, value)
    if (
        not session.starts_at
        or not session.ends_at
        or session.ends_at <= session.starts_at
    ):
        raise ConsultationError("bad_session_times")
    session.full_clean()
    session.save()
    audit_log(actor=official, action="consultation.session_saved", target=session)
    return session


@transaction.atomic
def session_register(*, user: User, session: HearingSession) -> Registration:
    """Register ``user`` for a session with seats; idempotent.

    Raises ``ConsultationError``: ``not_verified``, ``no_registration``, ``full``.
    """
    if not user.is_authenticated or user.verification_level < 1:
        raise ConsultationError("not_verified")
    session = HearingSession.objects.select_for_update().get(pk=session.pk)
    if not session.registration_required:
        raise ConsultationError("no_registration")
    existing = Registration.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    if (
        session.capacity is not None
        and session.registrations.count() >= session.capacity
    ):
        raise ConsultationError("full")
    return Registration.objects.create(session=session, user=user)


@transaction.atomic
def session_unregister(*, user: User, session: HearingSession) -> None:
    Registration.objects.filter(session=session, user=user).delete()


@transaction.atomic
def room_set_open(*, official: User, session: HearingSession, is_open: bool) -> None:
    """An official opens or closes the room for new questions."""
    session = HearingSession.objects.select_for_update().get(pk=session.pk)
    if not is_official_of(official, session.consultation.organisation):
        raise ConsultationError("not_allowed")
    session.room_open = is_open
    session.save(update_fields=["room_open"])
    _bump(session.pk)
    audit_log(
        actor=official,
        action="room.opened" if is_open else "room.closed",
        target=session,
    )


@transaction.atomic
def room_question_ask(
    *,
    session: HearingSession,
    participant: str,
    body: str,
    user: User | None = None,
    display_name: str = "",
) -> RoomQuestion:
    """A participant asks a question in the room.

    ``participant`` comes from ``member_participant`` or the walk-in's session.
    Raises ``ConsultationError``: ``not_a_participant``, ``room_closed``,
    ``empty``, ``too_long``, ``too_fast`` (more than 3 a minute).
    """
    if not participant:
        raise ConsultationError("not_a_participant")
    session = HearingSession.objects.select_for_update().get(pk=session.pk)
    if not session.room_open:
        raise ConsultationError("room_closed")
    body = plain_text(body or "")
    if not body:
        raise ConsultationError("empty")
    if len(body) > MAX_QUESTION_LENGTH:
        raise ConsultationError("too_long", max=MAX_QUESTION_LENGTH)
    now = timezone.now()
    recent = RoomQuestion.objects.filter(
        session=session, participant=participant, created_at__gte=now - ASK_WINDOW
    ).count()
    if recent >= ASK_LIMIT:
        raise ConsultationError("too_fast")
    if user is not None and user.is_authenticated:
        display_name = user.public_name
        author = user
    else:
        author = None
        display_name = plain_text(display_name or "")[:80]
    question = RoomQuestion.objects.create(
        session=session,
        author=author,
        participant=participant,
        display_name=display_name,
        body=body,
        created_at=now,
    )
    _bump(session.pk)
    return question


@transaction.atomic
def room_question_upvote(*, question: RoomQuestion, participant: str) -> bool:
    """Upvote once; True when counted, False when this participant already did.

    The asker may not upvote their own question. Raises ``ConsultationError``:
    ``not_a_participant``, ``not_allowed`` (own or hidden question).
    """
    if not participant:
        raise ConsultationError("not_a_participant")
    question = RoomQuestion.objects.select_for_update().get(pk=question.pk)
    if question.participant == participant or question.is_hidden:
        raise ConsultationError("not_allowed")
    try:
        with transaction.atomic():
            Upvote.objects.create(question=question, participant=participant)
    except IntegrityError:
        return False
    RoomQuestion.objects.filter(pk=question.pk).update(
        upvote_count=F("upvote_count") + 1
    )
    _bump(question.session_id)
    return True


@transaction.atomic
def room_question_moderate(
    *, moderator: User, question: RoomQuestion, action: str, reason: str = ""
) -> RoomQuestion:
    """``action``: ``answer``, ``unanswer``, ``pin``, ``unpin``, ``hide`` (with a
    reason), ``show``. Pinning one question unpins the others.

    Raises ``ConsultationError``: ``not_allowed``, ``reason_required``.
    """
    question = (
        RoomQuestion.objects.select_for_update()
        .select_related("session__consultation__organisation")
        .get(pk=question.pk)
    )
    if not can_moderate_room(moderator, question.session):
        raise ConsultationError("not_allowed")
    now = timezone.now()
    if action == "answer":
        question.answered_at = now
        question.pinned = False
    elif action == "unanswer":
        question.answered_at = None
    elif action == "pin":
        RoomQuestion.objects.filter(session=question.session_id, pinned=True).update(
            pinned=False
        )
        question.pinned = True
    elif action == "unpin":
        question.pinned = False
    elif action == "hide":
        reason = plain_text(reason or "")[:500]
        if not reason:
            raise ConsultationError("reason_required")
        question.hidden_at, question.hidden_by, question.hidden_reason = (
            now,
            moderator,
            reason,
        )
        question.pinned = False
    elif action == "show":
        question.hidden_at, question.hidden_by, question.hidden_reason = None, None, ""
    else:
        raise ConsultationError("not_allowed")
    question.save(
        update_fields=[
            "answered_at",
            "pinned",
            "hidden_at",
            "hidden_by",
            "hidden_reason",
        ]
    )
    if action in ("hide", "show"):
        audit_log(
            actor=moderator,
            action=f"room_question.{action}",
            target=question,
            data={"reason": reason} if action == "hide" else {},
        )
    _bump(question.session_id)
    return question


@transaction.atomic
def poll_save(
    *,
    official: User,
    session: HearingSession,
    question_th: str,
    options_th: str,
    question_en: str = "",
    options_en: str = "",
) -> Poll:
    """An official prepares a poll (at least two options, one a line)."""
    if not is_official_of(official, session.consultation.organisation):
        raise ConsultationError("not_allowed")
    poll = Poll(
        session=session,
        position=session.polls.count() + 1,
        question_th=plain_text(question_th),
        question_en=plain_text(question_en),
        options_th=plain_text(options_th),
        options_en=plain_text(options_en),
    )
    if not poll.question_th or len(poll.options("th")) < 2:
        raise ConsultationError("empty")
    poll.full_clean()
    poll.save()
    _bump(session.pk)
    return poll


@transaction.atomic
def poll_set_status(*, official: User, poll: Poll, to_status: str) -> Poll:
    """Open a prepared poll (closing any other open one) or close an open poll.

    Results stay with the session. Raises ``ConsultationError``: ``not_allowed``,
    ``bad_transition``.
    """
    poll = (
        Poll.objects.select_for_update()
        .select_related("session__consultation")
        .get(pk=poll.pk)
    )
    if not is_official_of(official, poll.session.consultation.organisation):
        raise ConsultationError("not_allowed")
    now = timezone.now()
    if to_status == Poll.Status.OPEN and poll.status == Poll.Status.PREPARED:
        Poll.objects.filter(session=poll.session_id, status=Poll.Status.OPEN).update(
            status=Poll.Status.CLOSED, closed_at=now
        )
        poll.status, poll.opened_at = Poll.Status.OPEN, now
    elif to_status == Poll.Status.CLOSED and poll.status == Poll.Status.OPEN:
        poll.status, poll.closed_at = Poll.Status.CLOSED, now
    else:
        raise ConsultationError("bad_transition")
    poll.save(update_fields=["status", "opened_at", "closed_at"])
    _bump(poll.session_id)
    return poll


@transaction.atomic
def poll_vote(*, poll: Poll, participant: str, option: int) -> PollVote:
    """A participant answers an open poll; a second answer replaces the first.

    Raises ``ConsultationError``: ``not_a_participant``, ``poll_not_open``,
    ``bad_answer``.
    """
    if not participant:
        raise ConsultationError("not_a_participant")
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != Poll.Status.OPEN:
        raise ConsultationError("poll_not_open")
    if not 0 <= option < len(poll.options("th")):
        raise ConsultationError("bad_answer")
    vote, _created = PollVote.objects.update_or_create(
        poll=poll, participant=participant, defaults={"option": option}
    )
    _bump(poll.session_id)
    return vote
