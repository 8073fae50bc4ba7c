"""Writes of consultations and their draft sections, and the status changes.

Status: draft → open → closed → report published (``TRANSITIONS``). Officials of
the organiser make every change; each one is audited.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from participation.models import Organisation, User
from participation.notifications import notify_followers
from participation.rules import is_official_of
from participation.sanitize import plain_text
from participation.services import audit_log

from ..models import Consultation, Section
from .errors import ConsultationError

S = Consultation.Status

#: status -> the statuses an official may move a consultation to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.OPEN,),
    S.OPEN: (S.CLOSED,),
    S.CLOSED: (S.PUBLISHED,),
    S.PUBLISHED: (),
}

TEXT_FIELDS = (
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "rationale_th",
    "rationale_en",
    "affected_th",
    "affected_en",
)


def _require_official(user: User, organisation: Organisation) -> None:
    if user is None or not is_official_of(user, organisation):
        raise ConsultationError("not_allowed")


def _clean_text(values: dict) -> dict:
    cleaned = {}
    for name, value in values.items():
        if name in TEXT_FIELDS or name.endswith(("_th", "_en")):
            cleaned[name] = plain_text(value or "").strip()
        else:
            cleaned[name] = value
    return cleaned


@transaction.atomic
def consultation_create(
    *, official: User, organisation: Organisation, slug: str, **fields
) -> Consultation:
    """An official of ``organisation`` creates a consultation in draft.

    ``fields``: the bilingual texts, ``opens_at``, ``closes_at`` and optionally
    ``draft_file``. A period under 15 days is allowed but warned about
    (``Consultation.is_shorter_than_legal_minimum``). Raises ``ConsultationError``:
    ``not_allowed``, ``bad_dates``, ``empty``.
    """
    _require_official(official, organisation)
    draft_file = fields.pop("draft_file", None)
    consultation = Consultation(
        organisation=organisation,
        slug=slug,
        created_by=official,
        status=S.DRAFT,
        **_clean_text(fields),
    )
    _check(consultation)
    if draft_file:
        consultation.draft_file = draft_file
    consultation.save()
    audit_log(
        actor=official,
        action="consultation.created",
        target=consultation,
        data={"short_period": consultation.is_shorter_than_legal_minimum},
    )
    return consultation


def _check(consultation: Consultation) -> None:
    if (
        consultation.opens_at is None
        or consultation.closes_at is None
        or consultation.closes_at <= consultation.opens_at
    ):
        raise ConsultationError("bad_dates")
    if not consultation.title_th or not consultation.summary_th:
        raise ConsultationError("empty")
    consultation.full_clean(exclude=["draft_file", "slug"])


@transaction.atomic
def consultation_update(
    *, official: User, consultation: Consultation, **fields
) -> Consultation:
    """An official changes a consultation's texts, dates or document.

    The draft document and dates may change until the report is published.
    Raises ``ConsultationError``: ``not_allowed``, ``bad_dates``, ``empty``.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_official(official, consultation.organisation)
    if consultation.status == S.PUBLISHED:
        raise ConsultationError("not_allowed")
    draft_file = fields.pop("draft_file", None)
    for name, value in _clean_text(fields).items():
        setattr(consultation, name, value)
    _check(consultation)
    if draft_file:
        consultation.draft_file = draft_file
    consultation.save()
    audit_log(
        actor=official,
        action="consultation.updated",
        target=consultation,
        data={"fields": sorted(fields)},
    )
    return consultation


def allowed_transitions(*, consultation: Consultation, user) -> tuple[str, ...]:
    """The statuses ``user`` may move ``consultation`` to (empty for others)."""
    if not is_official_of(user, consultation.organisation):
        return ()
    return TRANSITIONS[consultation.status]


@transaction.atomic
def consultation_change_status(
    *, official: User, consultation: Consultation, to_status: str
) -> Consultation:
    """Move a consultation on: open it, close it, or publish its report.

    Opening needs at least one section; publishing needs a report with at least
    one issue. Raises ``ConsultationError``: ``not_allowed``, ``bad_transition``,
    ``no_sections``, ``no_report``. Audited (with the short-period warning).
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_official(official, consultation.organisation)
    if to_status not in TRANSITIONS[consultation.status]:
        raise ConsultationError("bad_transition")
    now = timezone.now()
    if to_status == S.OPEN and not consultation.sections.exists():
        raise ConsultationError("no_sections")
    if to_status == S.PUBLISHED:
        report = getattr(consultation, "report", None)
        if report is None or not report.issues.exists():
            raise ConsultationError("no_report")
        report.published_at = now
        report.save(update_fields=["published_at"])
    previous = consultation.status
    consultation.status = to_status
    consultation.save(update_fields=["status"])
    audit_log(
        actor=official,
        action="consultation.status_changed",
        target=consultation,
        data={
            "from": previous,
            "to": to_status,
            "short_period": consultation.is_shorter_than_legal_minimum,
        },
    )
    consultation_id = consultation.pk
    transaction.on_commit(lambda: _tell_followers(consultation_id, official))
    return consultation


def _tell_followers(consultation_id: int, official: User) -> None:
    """Tell a consultation's followers it opened, closed or has its report."""
    consultation = Consultation.objects.get(pk=consultation_id)
    if consultation.status == S.PUBLISHED:
        text = gettext_noop("The hearing report of “%(title)s” is published.")
        url = reverse("consultations:report", args=[consultation.slug])
    else:
        text = gettext_noop("The consultation “%(title)s” is now: %(status)s.")
        url = consultation.get_absolute_url()
    notify_followers(
        target=consultation,
        verb=f"consultation.{consultation.status}",
        url=url,
        text=(
            text,
            {"title": consultation, "status": consultation.get_status_display()},
        ),
        exclude=official,
    )


@transaction.atomic
def section_save(
    *,
    official: User,
    consultation: Consultation,
    number: int,
    heading_th: str = "",
    heading_en: str = "",
    body_th: str,
    body_en: str = "",
    section: Section | None = None,
) -> Section:
    """Add a numbered section of the draft, or change ``section``.

    Sections change only before the report is published; a changed section
    keeps its comments. Raises ``ConsultationError``: ``not_allowed``,
    ``duplicate_number``, ``empty``.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_official(official, consultation.organisation)
    if consultation.status == S.PUBLISHED:
        raise ConsultationError("not_allowed")
    if section is None:
        section = Section(consultation=consultation)
    elif section.consultation_id != consultation.pk:
        raise ConsultationError("not_allowed")
    section.number = number
    section.heading_th = plain_text(heading_th).strip()
    section.heading_en = plain_text(heading_en).strip()
    section.body_th = plain_text(body_th).strip()
    section.body_en = plain_text(body_en).strip()
    if not section.body_th:
        raise ConsultationError("empty")
    if (
        Section.objects.filter(consultation=consultation, number=number)
        .exclude(pk=section.pk)
        .exists()
    ):
        raise ConsultationError("duplicate_number")
    try:
        with transaction.atomic():
            section.save()
    except IntegrityError as error:
        raise ConsultationError("duplicate_number") from error
    audit_log(
        actor=official,
        action="consultation.section_saved",
        target=consultation,
        data={"section": number},
    )
    return section
