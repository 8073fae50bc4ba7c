"""Writes of questionnaires: questions (officials) and responses (citizens).

One response per verified person per consultation (a database constraint),
changeable while the consultation is open. The CSV export carries the answers
and never who gave them.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.api import csv_safe, csv_text
from participation.models import User
from participation.rules import is_official_of
from participation.sanitize import plain_text
from participation.services import audit_log

from ..models import Answer, Consultation, Question, Response
from .errors import ConsultationError

MAX_TEXT_ANSWER = 5000


@transaction.atomic
def question_save(
    *,
    official: User,
    consultation: Consultation,
    kind: str,
    text_th: str,
    text_en: str = "",
    choices_th: str = "",
    choices_en: str = "",
    required: bool = False,
    position: int | None = None,
    question: Question | None = None,
) -> Question:
    """Add a question (or change ``question``) while the consultation is a draft.

    Choice questions need at least two choices, one a line. Raises
    ``ConsultationError``: ``not_allowed``, ``empty``, ``bad_answer``.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not is_official_of(official, consultation.organisation):
        raise ConsultationError("not_allowed")
    if consultation.status != Consultation.Status.DRAFT and question is None:
        # Questions asked after people answered would skew the answers.
        raise ConsultationError("not_allowed")
    question = question or Question(consultation=consultation)
    question.kind = kind
    question.text_th = plain_text(text_th)
    question.text_en = plain_text(text_en)
    question.choices_th = plain_text(choices_th)
    question.choices_en = plain_text(choices_en)
    question.required = required
    if position is None:
        position = consultation.questions.count() + 1
    question.position = position
    if not question.text_th or kind not in Question.Kind.values:
        raise ConsultationError("empty")
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        with_th = [c for c in question.choices_th.splitlines() if c.strip()]
        if len(with_th) < 2:
            raise ConsultationError("bad_answer")
    question.full_clean()
    question.save()
    return question


def _clean_answer(question: Question, raw) -> dict | None:
    """``raw`` (from the form) as Answer fields, or None when left empty."""
    count = len([c for c in question.choices_th.splitlines() if c.strip()])
    kind = question.kind
    if kind == Question.Kind.TEXT:
        text = plain_text(raw or "")[:MAX_TEXT_ANSWER]
        return {"text": text} if text else None
    if kind == Question.Kind.SCALE:
        if raw in (None, ""):
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError) as error:
            raise ConsultationError("bad_answer") from error
        if not 1 <= value <= 5:
            raise ConsultationError("bad_answer")
        return {"scale": value}
    values = raw if isinstance(raw, list | tuple) else ([raw] if raw else [])
    try:
        indexes = sorted({int(v) for v in values if str(v) != ""})
    except (TypeError, ValueError) as error:
        raise ConsultationError("bad_answer") from error
    if any(not 0 <= i < count for i in indexes):
        raise ConsultationError("bad_answer")
    if kind == Question.Kind.SINGLE and len(indexes) > 1:
        raise ConsultationError("bad_answer")
    return {"choices": indexes} if indexes else None


@transaction.atomic
def response_submit(
    *, respondent: User, consultation: Consultation, answers: dict
) -> Response:
    """Save ``respondent``'s answers, replacing their earlier ones.

    ``answers`` maps question id to the raw value: a choice index, a list of
    indexes, a scale value 1–5 or text. Raises ``ConsultationError``:
    ``not_verified``, ``not_open``, ``required``, ``bad_answer``.
    """
    if (
        not respondent.is_authenticated
        or respondent.verification_level < User.Verification.EMAIL
    ):
        raise ConsultationError("not_verified")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_accepting():
        raise ConsultationError("not_open")
    questions = list(consultation.questions.all())
    cleaned = {}
    for question in questions:
        value = _clean_answer(question, answers.get(question.pk))
        if value is None and question.required:
            raise ConsultationError("required")
        cleaned[question.pk] = value
    now = timezone.now()
    try:
        with transaction.atomic():
            response, created = Response.objects.get_or_create(
                consultation=consultation,
                respondent=respondent,
                defaults={"created_at": now, "updated_at": now},
            )
    except IntegrityError:  # the same person, twice at once
        response, created = (
            Response.objects.get(consultation=consultation, respondent=respondent),
            False,
        )
    if not created:
        response.updated_at = now
        response.save(update_fields=["updated_at"])
        response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, question_id=question_id, **value)
        for question_id, value in cleaned.items()
        if value is not None
    )
    return response


def responses_csv(*, consultation: Consultation, user: User) -> str:
    """All answers as CSV text with a UTF-8 byte-order mark (Excel reads Thai).

    One row per response, one column per question, no respondent identity and
    in a fixed order unrelated to who answered. Officials of the organiser only
    (``ConsultationError("not_allowed")``); audited.
    """
    if not is_official_of(user, consultation.organisation):
        raise ConsultationError("not_allowed")
    questions = list(consultation.questions.all())
    header = [f"{position}. {q.text_th}" for position, q in enumerate(questions, 1)]
    labels = {
        q.pk: [c.strip() for c in q.choices_th.splitlines() if c.strip()]
        for q in questions
    }
    answers: dict[int, dict[int, Answer]] = {}
    for answer in Answer.objects.filter(response__consultation=consultation):
        answers.setdefault(answer.response_id, {})[answer.question_id] = answer
    # Ordered by the answers' content, not by time or id, so row order tells
    # nothing about who answered when.
    rows = []
    for by_question in answers.values():
        row = []
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                row.append("")
            elif question.kind == Question.Kind.TEXT:
                row.append(answer.text)
            elif question.kind == Question.Kind.SCALE:
                row.append(str(answer.scale))
            else:
                names = labels[question.pk]
                row.append(
                    "; ".join(names[i] for i in answer.choices if i < len(names))
                )
        rows.append([csv_safe(cell) for cell in row])
    audit_log(
        actor=user,
        action="consultation.responses_exported",
        target=consultation,
        data={"rows": len(rows)},
    )
    return csv_text(header, sorted(rows))
