"""Writes of the hearing report: its overview and the issues raised."""

from django.db import transaction
from django.utils import timezone

from participation.models import User
from participation.rules import is_official_of
from participation.sanitize import plain_text

from ..models import Consultation, Report, ReportIssue, RoomQuestion, Section
from ..selectors import comments_on_sections
from .errors import ConsultationError


def _editable_report(official: User, consultation: Consultation) -> Report:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not is_official_of(official, consultation.organisation):
        raise ConsultationError("not_allowed")
    if consultation.status != Consultation.Status.CLOSED:
        raise ConsultationError("not_closed")
    report, _created = Report.objects.get_or_create(consultation=consultation)
    return report


@transaction.atomic
def report_save(
    *, official: User, consultation: Consultation, summary_th: str, summary_en: str = ""
) -> Report:
    """Write the report's overview after the consultation closed.

    Raises ``ConsultationError``: ``not_allowed``, ``not_closed``.
    """
    report = _editable_report(official, consultation)
    report.summary_th = plain_text(summary_th)
    report.summary_en = plain_text(summary_en)
    report.written_by = official
    report.updated_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def report_issue_add(
    *,
    official: User,
    consultation: Consultation,
    title_th: str,
    views_th: str,
    answer_th: str,
    title_en: str = "",
    views_en: str = "",
    answer_en: str = "",
    draft_changed: bool = False,
    change_th: str = "",
    change_en: str = "",
    sections=(),
    comments=(),
    room_questions=(),
) -> ReportIssue:
    """Add an issue raised, linked to the sections, comments and room questions
    that raised it; links to other consultations are ignored.

    Raises ``ConsultationError``: ``not_allowed``, ``not_closed``, ``empty``.
    """
    report = _editable_report(official, consultation)
    consultation = report.consultation
    issue = ReportIssue(
        report=report,
        position=report.issues.count() + 1,
        title_th=plain_text(title_th),
        title_en=plain_text(title_en),
        views_th=plain_text(views_th),
        views_en=plain_text(views_en),
        answer_th=plain_text(answer_th),
        answer_en=plain_text(answer_en),
        draft_changed=draft_changed,
        change_th=plain_text(change_th),
        change_en=plain_text(change_en),
    )
    if not (issue.title_th and issue.views_th and issue.answer_th):
        raise ConsultationError("empty")
    issue.full_clean()
    issue.save()
    own_sections = Section.objects.filter(
        consultation=consultation, pk__in=[s.pk for s in sections]
    )
    issue.sections.set(own_sections)
    issue.comments.set(
        comments_on_sections(consultation).filter(pk__in=[c.pk for c in comments])
    )
    issue.room_questions.set(
        RoomQuestion.objects.filter(
            session__consultation=consultation, pk__in=[q.pk for q in room_questions]
        )
    )
    report.updated_at = timezone.now()
    report.save(update_fields=["updated_at"])
    return issue
