"""Reads of consultations: what a person may see, comment counts, room snapshots."""

from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from participation.models import Comment, Organisation
from participation.rules import is_admin

from .models import (
    Answer,
    Consultation,
    HearingSession,
    Poll,
    PollVote,
    Question,
    Report,
    Response,
    RoomQuestion,
    Section,
)


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


def _count_of(queryset: QuerySet) -> Coalesce:
    """``queryset`` (filtered on ``OuterRef``) as a count subquery, 0 when empty."""
    # COUNT as a plain function, not an aggregate, so Django adds no GROUP BY.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted.values("n")), 0)


def consultations_with_counts(queryset: QuerySet) -> QuerySet:
    """``queryset`` of consultations annotated with what the open-data list shows.

    Adds ``section_count``, ``comment_count`` (every comment on a section,
    replies and hidden ones included, as the report counts them),
    ``response_count`` (questionnaire responses) and ``report_published``
    (bool), each a subquery, so the query count does not grow with rows.
    """
    sections = Section.objects.filter(consultation=OuterRef("pk"))
    comments = Comment.objects.filter(
        content_type__app_label="consultations",
        content_type__model="section",
        object_id__in=Section.objects.filter(
            consultation=OuterRef(OuterRef("pk"))
        ).values("pk"),
    )
    return queryset.annotate(
        section_count=_count_of(sections),
        comment_count=_count_of(comments),
        response_count=_count_of(Response.objects.filter(consultation=OuterRef("pk"))),
        report_published=Exists(
            Report.objects.filter(
                consultation=OuterRef("pk"), published_at__isnull=False
            )
        ),
    )


def consultation_counts(consultation: Consultation) -> dict[str, int]:
    """What a hearing report counts (as ``views.reports._report_context``).

    ``{"section_count", "comment_count", "response_count", "question_count"}``:
    room questions hidden by a moderator are not counted.
    """
    return {
        "section_count": consultation.sections.count(),
        "comment_count": comments_on_sections(consultation).count(),
        "response_count": consultation.responses.count(),
        "question_count": RoomQuestion.objects.filter(
            session__consultation=consultation, hidden_at__isnull=True
        ).count(),
    }


#: The values of a scale question (``Question.Kind.SCALE``: 1–5).
SCALE_VALUES = range(1, 6)


def questionnaire_results(consultation: Consultation) -> list[dict]:
    """The questionnaire's answers counted, never who gave them or what they wrote.

    One dict per question and option, questions in their order: ``{"position"
    (1, 2, ...), "question_th", "question_en", "kind", "option_th",
    "option_en", "count"}``. Choice questions: one per choice (a multiple
    choice counts each choice ticked); scale questions: one per value 1–5;
    text questions: one with empty options counting the written answers (their
    text may hold personal data, so it stays out). ``option_en`` is empty when
    the English choices do not match the Thai ones line for line.
    """
    questions = list(consultation.questions.all())
    choice_counts: dict[tuple[int, int], int] = {}
    scale_counts: dict[tuple[int, int], int] = {}
    text_counts: dict[int, int] = {}
    answers = Answer.objects.filter(question__consultation=consultation).values_list(
        "question_id", "choices", "scale", "text"
    )
    for question_id, choices, scale, text in answers.iterator(chunk_size=2000):
        for index in choices or ():
            key = (question_id, index)
            choice_counts[key] = choice_counts.get(key, 0) + 1
        if scale is not None:
            key = (question_id, scale)
            scale_counts[key] = scale_counts.get(key, 0) + 1
        if text:
            text_counts[question_id] = text_counts.get(question_id, 0) + 1
    rows = []
    for position, question in enumerate(questions, start=1):
        common = {
            "position": position,
            "question_th": question.text_th,
            "question_en": question.text_en,
            "kind": question.kind,
        }
        if question.kind == Question.Kind.TEXT:
            options = [("", "", text_counts.get(question.pk, 0))]
        elif question.kind == Question.Kind.SCALE:
            values = sorted(
                set(SCALE_VALUES)
                | {value for (pk, value) in scale_counts if pk == question.pk}
            )
            options = [
                (str(value), str(value), scale_counts.get((question.pk, value), 0))
                for value in values
            ]
        else:
            thai = _lines(question.choices_th)
            english = _lines(question.choices_en)
            if len(english) != len(thai):
                english = [""] * len(thai)
            options = [
                (label, english[index], choice_counts.get((question.pk, index), 0))
                for index, label in enumerate(thai)
            ]
        rows.extend(
            {**common, "option_th": th, "option_en": en, "count": count}
            for th, en, count in options
        )
    return rows


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
