"""Reads of consultations: what a person may see, comment counts, room snapshots."""

from django.db.models import Count, Q, QuerySet

from participation.models import Comment, Organisation
from participation.rules import is_admin

from .models import Consultation, HearingSession, Poll, PollVote, RoomQuestion


def consultations_visible_to(user) -> QuerySet:
    """Every consultation past draft, and the drafts of the user's organisations."""
    public = ~Q(status=Consultation.Status.DRAFT)
    queryset = Consultation.objects.select_related("organisation")
    if not user.is_authenticated:
        return queryset.filter(public)
    if is_admin(user):
        return queryset
    own = Organisation.objects.filter(
        role_grants__user=user, role_grants__role="official"
    )
    return queryset.filter(public | Q(organisation__in=own))


def comments_on_sections(consultation: Consultation) -> QuerySet:
    """Every comment on a section of ``consultation`` (replies included).

    The content type is matched by name in the query, not through Django's
    per-process content-type cache, so a long-running server stays right
    even when content types are re-created (the browser tests flush them).
    """
    return Comment.objects.filter(
        content_type__app_label="consultations",
        content_type__model="section",
        object_id__in=consultation.sections.values("pk"),
    )


def section_comment_counts(consultation: Consultation) -> dict[int, int]:
    """Section id -> number of comments on it (one query)."""
    return dict(
        comments_on_sections(consultation)
        .values_list("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )


def section_comments(consultation: Consultation) -> dict[int, list[Comment]]:
    """Section id -> its top-level comments, oldest first (for the folded view)."""
    by_section: dict[int, list[Comment]] = {}
    comments = (
        comments_on_sections(consultation)
        .filter(parent__isnull=True)
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        by_section.setdefault(comment.object_id, []).append(comment)
    return by_section


def _question_order(question: dict) -> tuple:
    return (question["answered"], -question["upvotes"], question["id"])


def room_snapshot(session: HearingSession) -> dict:
    """The full state of a hearing room with its version, before any filtering.

    Shape: ``{"type": "room", "v": int, "open": bool, "pinned": id | None,
    "questions": [{"id", "body", "name", "upvotes", "answered", "pinned",
    "hidden", "reason"}], "polls": [{"id", "status", "question": {"th", "en"},
    "options": [{"th", "en", "votes"}], "total"}]}``. Questions unanswered first,
    most upvoted first; polls in their prepared order.
    """
    version, is_open = (
        HearingSession.objects.filter(pk=session.pk)
        .values_list("room_version", "room_open")
        .get()
    )
    questions = [
        {
            "id": q.pk,
            "body": q.body,
            "name": q.display_name,
            "upvotes": q.upvote_count,
            "answered": q.answered_at is not None,
            "pinned": q.pinned,
            "hidden": q.hidden_at is not None,
            "reason": q.hidden_reason,
        }
        for q in RoomQuestion.objects.filter(session=session)
    ]
    questions.sort(key=_question_order)
    counts: dict[tuple[int, int], int] = {}
    for poll_id, option, n in (
        PollVote.objects.filter(poll__session=session)
        .values_list("poll_id", "option")
        .annotate(n=Count("id"))
        .values_list("poll_id", "option", "n")
    ):
        counts[(poll_id, option)] = n
    polls = []
    for poll in Poll.objects.filter(session=session):
        thai, english = poll.options("th"), poll.options("en")
        options = [
            {"th": label, "en": english[i], "votes": counts.get((poll.pk, i), 0)}
            for i, label in enumerate(thai)
        ]
        polls.append(
            {
                "id": poll.pk,
                "status": poll.status,
                "question": {"th": poll.question_th, "en": poll.question_en},
                "options": options,
                "total": sum(o["votes"] for o in options),
            }
        )
    pinned = next((q["id"] for q in questions if q["pinned"] and not q["hidden"]), None)
    return {
        "type": "room",
        "v": version,
        "open": is_open,
        "pinned": pinned,
        "questions": questions,
        "polls": polls,
    }


def room_filtered(snapshot: dict, *, moderator: bool) -> dict:
    """The snapshot as a participant may see it: hidden questions only for
    moderators, prepared polls only for moderators."""
    if moderator:
        return {**snapshot, "moderator": True}
    return {
        **snapshot,
        "moderator": False,
        "questions": [
            {**q, "reason": ""} for q in snapshot["questions"] if not q["hidden"]
        ],
        "polls": [p for p in snapshot["polls"] if p["status"] != Poll.Status.PREPARED],
    }
