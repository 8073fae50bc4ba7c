"""The consultations part of the public API under ``/api/v1/consultations/``.

What each person may see is what the pages show them: drafts only to the
organiser's officials (``consultations_visible_to``), a hearing report once
published (the organiser's officials also see it before), and questionnaire
results only as counts, once the consultation has closed. Who answered, what
they wrote in free text and room codes are never published.
"""

from typing import NamedTuple

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from participation.api import (
    FORMAT_PARAMETER,
    JSON_ONLY_PARAMETER,
    ORGANISATION_SCHEMA,
    PAGE_PARAMETERS,
    ApiError,
    Field,
    Resource,
    api_view,
    array,
    boolean,
    csv_response,
    date_time,
    filtered,
    get_operation,
    integer,
    iso,
    list_response,
    obj,
    organisation_item,
    path_parameter,
    query_parameter,
    ref,
    responses,
    site_url,
    string,
    wanted_format,
)
from participation.rules import is_official_of

from .filters import ConsultationFilter
from .models import Consultation, HearingSession, Report, ReportIssue
from .selectors import (
    consultation_counts,
    consultations_visible_to,
    consultations_with_counts,
    questionnaire_results,
    section_comment_counts,
)

#: Questionnaire results are published from these statuses on.
RESULTS_PUBLIC = (Consultation.Status.CLOSED, Consultation.Status.PUBLISHED)

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


# --- Consultations ---------------------------------------------------------------

CONSULTATION = Resource(
    "Consultation",
    [
        Field("slug", string(), lambda c: c.slug),
        Field("title_th", string(), lambda c: c.title_th),
        Field("title_en", string(), lambda c: c.title_en),
        Field("summary_th", string(), lambda c: c.summary_th),
        Field("summary_en", string(), lambda c: c.summary_en),
        Field(
            "organisation",
            ORGANISATION_SCHEMA,
            lambda c: organisation_item(c.organisation),
        ),
        Field(
            "status", string(enum=list(Consultation.Status.values)), lambda c: c.status
        ),
        Field("opens_at", date_time(), lambda c: iso(c.opens_at)),
        Field("closes_at", date_time(), lambda c: iso(c.closes_at)),
        Field("section_count", integer(minimum=0), lambda c: c.section_count),
        Field(
            "comment_count",
            integer(minimum=0, description="comments on the draft's sections"),
            lambda c: c.comment_count,
        ),
        Field(
            "response_count",
            integer(minimum=0, description="questionnaire responses"),
            lambda c: c.response_count,
        ),
        Field("report_published", boolean(), lambda c: bool(c.report_published)),
        Field("url", string(), lambda c: site_url(c.get_absolute_url())),
    ],
)

SECTION_SCHEMA = obj(
    {
        "number": integer(),
        "heading_th": string(),
        "heading_en": string(),
        "text_th": string(),
        "text_en": string(),
        "comment_count": integer(minimum=0),
        "url": string(),
    }
)

SESSION_SCHEMA = obj(
    {
        "title_th": string(),
        "title_en": string(),
        "mode": string(enum=list(HearingSession.Mode.values)),
        "place": string(),
        "online_url": string(nullable=True),
        "starts_at": date_time(),
        "ends_at": date_time(),
    }
)


def _sections(consultation: Consultation) -> list[dict]:
    counts = section_comment_counts(consultation)
    return [
        {
            "number": section.number,
            "heading_th": section.heading_th,
            "heading_en": section.heading_en,
            "text_th": section.body_th,
            "text_en": section.body_en,
            "comment_count": counts.get(section.pk, 0),
            "url": site_url(
                reverse(
                    "consultations:section", args=[consultation.slug, section.number]
                )
            ),
        }
        for section in consultation.sections.all()
    ]


def _sessions(consultation: Consultation) -> list[dict]:
    return [
        {
            "title_th": session.title_th,
            "title_en": session.title_en,
            "mode": session.mode,
            "place": session.place,
            "online_url": session.online_url or None,
            "starts_at": iso(session.starts_at),
            "ends_at": iso(session.ends_at),
        }
        for session in consultation.sessions.all()
    ]


def _draft_url(consultation: Consultation) -> str | None:
    if not consultation.draft_file:
        return None
    return site_url(reverse("consultations:draft", args=[consultation.slug]))


CONSULTATION_DETAIL = Resource(
    "ConsultationDetail",
    [
        *CONSULTATION.fields,
        Field("rationale_th", string(), lambda c: c.rationale_th),
        Field("rationale_en", string(), lambda c: c.rationale_en),
        Field("affected_th", string(), lambda c: c.affected_th),
        Field("affected_en", string(), lambda c: c.affected_en),
        Field(
            "draft_url",
            string(nullable=True, description="the draft document (.pdf or .docx)"),
            _draft_url,
        ),
        Field("sections", array(SECTION_SCHEMA), _sections, csv=False),
        Field("hearing_sessions", array(SESSION_SCHEMA), _sessions, csv=False),
    ],
)


# --- The hearing report ---------------------------------------------------------


class NumberedIssue(NamedTuple):
    """An issue of a report with its number as the page shows it (1, 2, ...)."""

    number: int
    issue: ReportIssue


REPORT_ISSUE = Resource(
    "ConsultationReportIssue",
    [
        Field("number", integer(minimum=1), lambda row: row.number),
        Field("title_th", string(), lambda row: row.issue.title_th),
        Field("title_en", string(), lambda row: row.issue.title_en),
        Field(
            "views_th",
            string(description="summary of the views heard"),
            lambda row: row.issue.views_th,
        ),
        Field("views_en", string(), lambda row: row.issue.views_en),
        Field(
            "answer_th",
            string(description="the agency's answer"),
            lambda row: row.issue.answer_th,
        ),
        Field("answer_en", string(), lambda row: row.issue.answer_en),
        Field("draft_changed", boolean(), lambda row: row.issue.draft_changed),
        Field("change_th", string(), lambda row: row.issue.change_th),
        Field("change_en", string(), lambda row: row.issue.change_en),
        Field(
            "sections",
            array(integer()),
            lambda row: [section.number for section in row.issue.sections.all()],
        ),
    ],
)


class ReportRecord(NamedTuple):
    """What the report endpoint publishes, read once by the view."""

    consultation: Consultation
    report: Report
    issues: list[NumberedIssue]
    counts: dict[str, int]


REPORT = Resource(
    "ConsultationReport",
    [
        Field("slug", string(), lambda r: r.consultation.slug),
        Field("title_th", string(), lambda r: r.consultation.title_th),
        Field("title_en", string(), lambda r: r.consultation.title_en),
        Field(
            "organisation",
            ORGANISATION_SCHEMA,
            lambda r: organisation_item(r.consultation.organisation),
        ),
        Field("opens_at", date_time(), lambda r: iso(r.consultation.opens_at)),
        Field("closes_at", date_time(), lambda r: iso(r.consultation.closes_at)),
        Field(
            "published_at",
            {
                **date_time(nullable=True),
                "description": "null: a draft, seen only by the organiser's officials",
            },
            lambda r: iso(r.report.published_at),
        ),
        Field("summary_th", string(), lambda r: r.report.summary_th),
        Field("summary_en", string(), lambda r: r.report.summary_en),
        Field("section_count", integer(minimum=0), lambda r: r.counts["section_count"]),
        Field("comment_count", integer(minimum=0), lambda r: r.counts["comment_count"]),
        Field(
            "response_count", integer(minimum=0), lambda r: r.counts["response_count"]
        ),
        Field(
            "question_count",
            integer(minimum=0, description="questions asked in the hearing rooms"),
            lambda r: r.counts["question_count"],
        ),
        Field(
            "issues",
            array(ref(REPORT_ISSUE.name)),
            lambda r: [REPORT_ISSUE.item(row) for row in r.issues],
            csv=False,
        ),
        Field(
            "url",
            string(),
            lambda r: site_url(
                reverse("consultations:report", args=[r.consultation.slug])
            ),
        ),
    ],
)


# --- Views ----------------------------------------------------------------------


def _not_found() -> ApiError:
    return ApiError("not_found", _("Nothing is here."), 404)


def _visible(user, slug: str, *, counted: bool = False) -> Consultation:
    """The consultation ``slug`` if ``user`` may see it; 404 ``not_found`` if not.

    ``counted``: with the list's counts (``consultations_with_counts``).
    """
    queryset = consultations_visible_to(user)
    if counted:
        queryset = consultations_with_counts(queryset)
    consultation = queryset.filter(slug=slug).first()
    if consultation is None:
        raise _not_found()
    return consultation


def _visible_report(user, consultation: Consultation) -> Report:
    """Its report if published, or a draft for the organiser's officials (as the
    page, ``views.reports._visible_report``); 404 ``not_found`` otherwise."""
    report = Report.objects.filter(consultation=consultation).first()
    if report is None or (
        report.published_at is None
        and not is_official_of(user, consultation.organisation)
    ):
        raise _not_found()
    return report


def _json(body: dict) -> JsonResponse:
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@api_view
def consultation_list(request):
    """Consultations the requester may see, newest opening first.

    JSON page ``{"count", "page", "page_size", "next", "previous", "results":
    [Consultation]}`` or every record as CSV (``?format=csv``). ``?status=``
    filters. Drafts appear only to the organiser's officials. 400
    ``invalid_filter``, ``bad_page`` or ``unknown_format``.
    """
    visible = consultations_with_counts(consultations_visible_to(request.user))
    records = filtered(ConsultationFilter, request, visible).order_by(
        "-opens_at", "-pk"
    )
    return list_response(
        request, records=records, resource=CONSULTATION, filename="consultations.csv"
    )


@api_view
def consultation_detail(request, slug: str):
    """One consultation (``ConsultationDetail``) with its sections and hearings.

    404 ``not_found`` when unknown, or a draft and the requester is not one of
    the organiser's officials.
    """
    wanted_format(request, ("json",))
    consultation = _visible(request.user, slug, counted=True)
    return _json(CONSULTATION_DETAIL.item(consultation))


@api_view
def consultation_report(request, slug: str):
    """The hearing report (``ConsultationReport``), or its issues as CSV.

    Published reports for everyone; the organiser's officials also see a draft
    (``published_at`` null), as on the page. 404 ``not_found`` otherwise; 400
    ``unknown_format``.
    """
    consultation = _visible(request.user, slug)
    report = _visible_report(request.user, consultation)
    format_ = wanted_format(request)
    issues = [
        NumberedIssue(number, issue)
        for number, issue in enumerate(report.issues.prefetch_related("sections"), 1)
    ]
    if format_ == "csv":
        return csv_response(
            f"{consultation.slug}-report.csv",
            REPORT_ISSUE.csv_header,
            (REPORT_ISSUE.csv_row(row) for row in issues),
        )
    record = ReportRecord(
        consultation, report, issues, consultation_counts(consultation)
    )
    return _json(REPORT.item(record))


QUESTIONNAIRE_COLUMNS = [
    "position",
    "question_th",
    "question_en",
    "kind",
    "option_th",
    "option_en",
    "count",
]


@api_view
def questionnaire_csv(request, slug: str):
    """The questionnaire's results as CSV counts, once the consultation closed.

    Columns ``QUESTIONNAIRE_COLUMNS``, one row per question and option (see
    ``selectors.questionnaire_results``); never who answered or their text.
    404 ``not_found`` for an unknown or draft consultation, 404
    ``not_available`` while it is still open.
    """
    consultation = _visible(request.user, slug)
    if consultation.status not in RESULTS_PUBLIC:
        raise ApiError(
            "not_available",
            _("The questionnaire results are published when the consultation closes."),
            404,
        )
    rows = questionnaire_results(consultation)
    return csv_response(
        f"{consultation.slug}-questionnaire.csv",
        QUESTIONNAIRE_COLUMNS,
        ([row[column] for column in QUESTIONNAIRE_COLUMNS] for row in rows),
    )


# --- OpenAPI --------------------------------------------------------------------

SCHEMAS: dict[str, dict] = {
    "Consultation": CONSULTATION.schema,
    "ConsultationPage": CONSULTATION.page_schema(),
    "ConsultationDetail": CONSULTATION_DETAIL.schema,
    "ConsultationReport": REPORT.schema,
    "ConsultationReportIssue": REPORT_ISSUE.schema,
}

_SLUG = path_parameter("slug", "the consultation's short name", SLUG_PATTERN)

OPENAPI_PATHS: dict[str, dict] = {
    "/api/v1/consultations/": get_operation(
        "consultation_list",
        "Consultations and public hearings (JSON pages or CSV)",
        [
            query_parameter(
                "status",
                string(enum=list(Consultation.Status.values)),
                "draft (officials only), open, closed or published (report out)",
            ),
            FORMAT_PARAMETER,
            *PAGE_PARAMETERS,
        ],
        responses(ref("ConsultationPage"), csv=True, errors=(400,)),
    ),
    "/api/v1/consultations/{slug}/": get_operation(
        "consultation_detail",
        "One consultation with its draft's sections and hearing sessions",
        [_SLUG, JSON_ONLY_PARAMETER],
        responses(ref("ConsultationDetail"), errors=(400, 404)),
    ),
    "/api/v1/consultations/{slug}/report/": get_operation(
        "consultation_report",
        "The published hearing report; with format=csv its issues as CSV rows",
        [_SLUG, FORMAT_PARAMETER],
        responses(ref("ConsultationReport"), csv=True, errors=(400, 404)),
    ),
    "/api/v1/consultations/{slug}/questionnaire.csv": get_operation(
        "consultation_questionnaire",
        "Questionnaire results as counts per question and option (CSV), "
        "once the consultation has closed",
        [_SLUG],
        responses(None, csv=True, errors=(404,)),
    ),
}
