"""The hearing report: written by officials after closing, then published on the
site and as a print view that prints well to PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from participation.rules import is_official_of

from ..forms import IssueForm, ReportForm
from ..models import Consultation, Report, RoomQuestion
from ..selectors import comments_on_sections, consultation_counts
from ..services import ConsultationError, report_issue_add, report_save
from .common import get_consultation


def _visible_report(request, consultation: Consultation) -> Report:
    """Published reports for everyone; the organiser's officials see drafts."""
    report = Report.objects.filter(consultation=consultation).first()
    if report is None:
        raise Http404
    if report.published_at is None and not is_official_of(
        request.user, consultation.organisation
    ):
        raise Http404
    return report


def _report_context(request, slug: str) -> dict:
    consultation = get_consultation(request, slug)
    report = _visible_report(request, consultation)
    issues = list(
        report.issues.prefetch_related("sections", "comments__author", "room_questions")
    )
    return {
        "consultation": consultation,
        "report": report,
        "issues": issues,
        **consultation_counts(consultation),
        "sessions": consultation.sessions.all(),
    }


def report_detail(request, slug: str):
    return render(
        request, "consultations/report_detail.html", _report_context(request, slug)
    )


def report_print(request, slug: str):
    """The report as a document: no navigation, print styles, save as PDF."""
    return render(
        request, "consultations/report_print.html", _report_context(request, slug)
    )


@login_required
def report_edit(request, slug: str):
    """The overview and the issues raised, each with the agency's answer."""
    consultation = get_consultation(request, slug)
    if not is_official_of(request.user, consultation.organisation):
        raise PermissionDenied
    report = Report.objects.filter(consultation=consultation).first()
    sections = consultation.sections.all()
    comments = (
        comments_on_sections(consultation)
        .filter(hidden_at__isnull=True)
        .order_by("object_id", "created_at")
    )
    room_questions = RoomQuestion.objects.filter(
        session__consultation=consultation, hidden_at__isnull=True
    ).order_by("-upvote_count")
    report_form = ReportForm(
        request.POST if "save_report" in request.POST else None,
        initial={
            "summary_th": report.summary_th if report else "",
            "summary_en": report.summary_en if report else "",
        },
    )
    issue_form = IssueForm(
        request.POST if "add_issue" in request.POST else None,
        sections=sections,
        comments=comments,
        room_questions=room_questions,
    )
    try:
        if "save_report" in request.POST and report_form.is_valid():
            report_save(
                official=request.user,
                consultation=consultation,
                **report_form.cleaned_data,
            )
            messages.success(request, _("The report was saved."))
            return HttpResponseRedirect(request.path)
        if "add_issue" in request.POST and issue_form.is_valid():
            report_issue_add(
                official=request.user,
                consultation=consultation,
                **issue_form.cleaned_data,
            )
            messages.success(request, _("The issue was added to the report."))
            return HttpResponseRedirect(request.path)
    except ConsultationError as error:
        messages.error(request, error.message)
    return render(
        request,
        "consultations/report_form.html",
        {
            "consultation": consultation,
            "report": report,
            "issues": report.issues.all() if report else [],
            "report_form": report_form,
            "issue_form": issue_form,
            "report_url": reverse("consultations:report", args=[consultation.slug]),
        },
    )
