"""Hearing sessions and their live room: join by code, ask, upvote, moderate,
live polls, the projector view and the HTTP snapshot for resync and polling.

Walk-ins without an account enter the room code (rate-limited per address);
their browser session then holds a random participant token for that room.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.rules import is_official_of

from ..forms import AskForm, JoinForm, PollForm, SessionForm
from ..models import HearingSession, Poll, PollVote, Registration, RoomQuestion, Upvote
from ..selectors import room_filtered, room_snapshot
from ..services import (
    ConsultationError,
    can_moderate_room,
    join_attempt_allowed,
    member_participant,
    new_walkin_participant,
    normalise_code,
    poll_save,
    poll_set_status,
    poll_vote,
    room_question_ask,
    room_question_moderate,
    room_question_upvote,
    room_set_open,
    session_register,
    session_save,
    session_unregister,
)
from .common import done, get_consultation, get_session, wants_json

WALKINS = "consultation_rooms"


def participant_of(request, session: HearingSession) -> str:
    """``u:<id>`` for a member, the walk-in token for this room, or ``""``."""
    if request.user.is_authenticated:
        return member_participant(request.user)
    return request.session.get(WALKINS, {}).get(session.room_code, {}).get("p", "")


def _room_url(session: HearingSession) -> str:
    return reverse("consultations:room", args=[session.room_code])


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def room_join(request):
    """Enter a room code (and an optional name) to take part without an account."""
    form = JoinForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        if not join_attempt_allowed(_client_address(request)):
            form.add_error(None, _("Too many attempts. Please wait ten minutes."))
        else:
            code = normalise_code(form.cleaned_data["code"])
            session = (
                HearingSession.objects.filter(room_code=code)
                .exclude(consultation__status="draft")
                .first()
            )
            if session is None:
                form.add_error("code", _("No room has this code."))
            else:
                rooms = request.session.get(WALKINS, {})
                entry = rooms.get(code) or {"p": new_walkin_participant()}
                entry["name"] = form.cleaned_data["name"]
                rooms[code] = entry
                request.session[WALKINS] = rooms
                return HttpResponseRedirect(_room_url(session))
    return render(request, "consultations/room_join.html", {"form": form})


def _room_context(request, session: HearingSession) -> dict:
    moderator = can_moderate_room(request.user, session)
    snapshot = room_filtered(room_snapshot(session), moderator=moderator)
    participant = participant_of(request, session)
    my_upvotes = set()
    my_votes = {}
    if participant:
        my_upvotes = set(
            Upvote.objects.filter(
                question__session=session, participant=participant
            ).values_list("question_id", flat=True)
        )
        my_votes = dict(
            PollVote.objects.filter(
                poll__session=session, participant=participant
            ).values_list("poll_id", "option")
        )
    for question in snapshot["questions"]:
        question["mine"] = question["id"] in my_upvotes
    polls = snapshot["polls"]
    for poll in polls:
        poll["my_option"] = my_votes.get(poll["id"])
        poll["label"] = _pick(poll["question"])
        for index, option in enumerate(poll["options"]):
            option["index"] = index
            option["label"] = _pick(option)
            option["percent"] = (
                round(100 * option["votes"] / poll["total"]) if poll["total"] else 0
            )
    pinned = next(
        (q for q in snapshot["questions"] if q["id"] == snapshot["pinned"]), None
    )
    return {
        "session": session,
        "consultation": session.consultation,
        "snapshot": snapshot,
        "pinned": pinned,
        "open_poll": next((p for p in polls if p["status"] == "open"), None),
        "moderator": moderator,
        "is_official": is_official_of(request.user, session.consultation.organisation),
        "participant": participant,
        "my_upvotes": ",".join(str(pk) for pk in sorted(my_upvotes)),
        "ask_form": AskForm(),
        "join_form": JoinForm(initial={"code": session.room_code}),
        "poll_form": PollForm(),
        "registered": request.user.is_authenticated
        and Registration.objects.filter(session=session, user=request.user).exists(),
        "seats_taken": session.registrations.count(),
        # Models that room.js clones to draw questions and polls it receives.
        "template_question": {"id": 0, "body": "", "name": "", "upvotes": 0},
        "template_poll": {
            "id": 0,
            "status": "prepared",
            "label": "",
            "total": 0,
            "options": [{"index": 0, "label": "", "votes": 0, "percent": 0}],
        },
    }


def _pick(texts: dict) -> str:
    if translation.get_language() == "en" and texts.get("en"):
        return texts["en"]
    return texts["th"]


def room(request, code: str):
    """The live room on a phone or laptop: Q&A and polls (works without JS)."""
    session = get_session(request, code)
    return render(request, "consultations/room.html", _room_context(request, session))


def projector(request, code: str):
    """Large type for the screen in the hall: pinned question, poll, QR code."""
    session = get_session(request, code)
    context = _room_context(request, session)
    if context["open_poll"] is None:
        closed = [p for p in context["snapshot"]["polls"] if p["status"] == "closed"]
        context["shown_poll"] = closed[-1] if closed else None
    else:
        context["shown_poll"] = context["open_poll"]
    room_address = request.build_absolute_uri(_room_url(session))
    qr = segno.make(room_address, error="m")
    context["qr_svg"] = mark_safe(  # noqa: S308 - segno's own SVG of our URL
        qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
    )
    context["room_address"] = room_address
    context["top_questions"] = [
        q for q in context["snapshot"]["questions"] if not q["answered"]
    ][:5]
    return render(request, "consultations/projector.html", context)


def room_snapshot_view(request, code: str):
    """The room's snapshot as this person may see it: resync after reconnect."""
    session = get_session(request, code)
    snapshot = room_filtered(
        room_snapshot(session), moderator=can_moderate_room(request.user, session)
    )
    response = JsonResponse(snapshot)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def room_ask(request, code: str):
    session = get_session(request, code)
    participant = participant_of(request, session)
    if not participant:
        return done(
            request,
            reverse("consultations:join") + f"?code={session.room_code}",
            error=ConsultationError("not_a_participant"),
        )
    form = AskForm(request.POST)
    if not form.is_valid():
        return done(request, _room_url(session), error=ConsultationError("empty"))
    name = request.session.get(WALKINS, {}).get(session.room_code, {}).get("name", "")
    try:
        question = room_question_ask(
            session=session,
            participant=participant,
            body=form.cleaned_data["body"],
            user=request.user if request.user.is_authenticated else None,
            display_name=name,
        )
    except ConsultationError as error:
        return done(request, _room_url(session), error=error)
    if not wants_json(request):
        messages.success(request, _("Your question was sent."))
    return done(request, _room_url(session) + "#questions", id=question.pk)


@require_POST
def room_upvote(request, code: str, pk: int):
    session = get_session(request, code)
    question = get_object_or_404(RoomQuestion, pk=pk, session=session)
    try:
        counted = room_question_upvote(
            question=question, participant=participant_of(request, session)
        )
    except ConsultationError as error:
        return done(request, _room_url(session), error=error)
    return done(request, _room_url(session) + f"#q-{pk}", counted=counted)


@require_POST
def room_moderate(request, code: str, pk: int):
    """Answer, pin, hide (with a reason) or show a question."""
    session = get_session(request, code)
    if not can_moderate_room(request.user, session):
        raise PermissionDenied
    question = get_object_or_404(RoomQuestion, pk=pk, session=session)
    try:
        room_question_moderate(
            moderator=request.user,
            question=question,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )
    except ConsultationError as error:
        return done(request, _room_url(session), error=error)
    return done(request, _room_url(session) + f"#q-{pk}")


@require_POST
@login_required
def room_open_view(request, code: str):
    session = get_session(request, code)
    try:
        room_set_open(
            official=request.user,
            session=session,
            is_open=request.POST.get("open") == "1",
        )
    except ConsultationError as error:
        raise PermissionDenied from error
    return done(request, _room_url(session))


@require_POST
@login_required
def poll_create(request, code: str):
    session = get_session(request, code)
    form = PollForm(request.POST)
    if not form.is_valid():
        return done(request, _room_url(session), error=ConsultationError("empty"))
    try:
        poll_save(official=request.user, session=session, **form.cleaned_data)
    except ConsultationError as error:
        if error.code == "not_allowed":
            raise PermissionDenied from error
        return done(request, _room_url(session), error=error)
    return done(request, _room_url(session) + "#polls")


@require_POST
@login_required
def poll_status(request, code: str, pk: int):
    session = get_session(request, code)
    poll = get_object_or_404(Poll, pk=pk, session=session)
    try:
        poll_set_status(
            official=request.user,
            poll=poll,
            to_status=request.POST.get("to_status", ""),
        )
    except ConsultationError as error:
        if error.code == "not_allowed":
            raise PermissionDenied from error
        return done(request, _room_url(session), error=error)
    return done(request, _room_url(session) + "#polls")


@require_POST
def poll_answer(request, code: str, pk: int):
    session = get_session(request, code)
    poll = get_object_or_404(Poll, pk=pk, session=session)
    try:
        option = int(request.POST.get("option", ""))
    except ValueError:
        return done(request, _room_url(session), error=ConsultationError("bad_answer"))
    try:
        poll_vote(
            poll=poll, participant=participant_of(request, session), option=option
        )
    except ConsultationError as error:
        return done(request, _room_url(session), error=error)
    return done(request, _room_url(session) + "#polls")


@require_POST
@login_required
def session_register_view(request, code: str):
    session = get_session(request, code)
    try:
        if "cancel" in request.POST:
            session_unregister(user=request.user, session=session)
            messages.success(request, _("Your registration was cancelled."))
        else:
            session_register(user=request.user, session=session)
            messages.success(request, _("You are registered for this session."))
    except ConsultationError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(_room_url(session))


@login_required
def session_create(request, slug: str | None = None, code: str | None = None):
    """Add a hearing session to a consultation (``slug``) or change one (``code``)."""
    session = None
    if code is not None:
        session = get_session(request, code)
        consultation = session.consultation
    else:
        consultation = get_consultation(request, slug)
    if not is_official_of(request.user, consultation.organisation):
        raise PermissionDenied
    initial = (
        {name: getattr(session, name) for name in SessionForm.base_fields}
        if session
        else {}
    )
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_save(
                official=request.user,
                consultation=consultation,
                session=session,
                **form.cleaned_data,
            )
        except ConsultationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The session was saved. Its room code is %(code)s.")
                % {"code": session.room_code},
            )
            return HttpResponseRedirect(consultation.get_absolute_url())
    return render(
        request,
        "consultations/session_form.html",
        {"form": form, "consultation": consultation, "session": session},
    )
