"""The consultation list and page, the draft's sections, and the official forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.rules import is_official_of

from ..forms import ConsultationForm, SectionForm
from ..models import Consultation, Section
from ..selectors import (
    consultations_visible_to,
    section_comment_counts,
    section_comments,
)
from ..services import (
    ConsultationError,
    allowed_transitions,
    consultation_change_status,
    consultation_create,
    consultation_update,
    section_save,
)
from .common import get_consultation, official_organisations

STATUS_ACTIONS = {
    Consultation.Status.OPEN: "open",
    Consultation.Status.CLOSED: "close",
    Consultation.Status.PUBLISHED: "publish",
}


def consultation_list(request):
    """Open consultations first, then closed ones and published reports."""
    consultations = list(consultations_visible_to(request.user))
    order = {"open": 0, "draft": 1, "closed": 2, "published": 3}
    consultations.sort(key=lambda c: order[c.status])
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "consultations": consultations,
            "can_create": request.user.is_authenticated
            and official_organisations(request.user).exists(),
        },
    )


def consultation_detail(request, slug: str):
    """The consultation, its draft section by section (comments folded), sessions."""
    consultation = get_consultation(request, slug)
    sections = list(consultation.sections.all())
    counts = section_comment_counts(consultation)
    comments = section_comments(consultation)
    for section in sections:
        section.comment_total = counts.get(section.pk, 0)
        section.comment_list = comments.get(section.pk, [])
    is_official = is_official_of(request.user, consultation.organisation)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "sections": sections,
            "sessions": consultation.sessions.all(),
            "question_count": consultation.questions.count(),
            "is_official": is_official,
            "transitions": [
                (status, STATUS_ACTIONS[status])
                for status in allowed_transitions(
                    consultation=consultation, user=request.user
                )
            ],
            "accepting": consultation.is_accepting(),
            "report": getattr(consultation, "report", None),
        },
    )


def section_detail(request, slug: str, number: int):
    """One section with its full comment thread (the comment hook's page)."""
    consultation = get_consultation(request, slug)
    section = get_object_or_404(Section, consultation=consultation, number=number)
    section.consultation = consultation
    siblings = list(consultation.sections.values_list("number", flat=True))
    index = siblings.index(section.number)
    return render(
        request,
        "consultations/section_detail.html",
        {
            "consultation": consultation,
            "section": section,
            "previous": siblings[index - 1] if index > 0 else None,
            "next_number": siblings[index + 1] if index + 1 < len(siblings) else None,
            "is_official": is_official_of(request.user, consultation.organisation),
        },
    )


def draft_download(request, slug: str):
    """The attached draft document (.pdf or .docx)."""
    consultation = get_consultation(request, slug)
    if not consultation.draft_file:
        raise Http404
    name = consultation.draft_file.name.rsplit("/", 1)[-1]
    is_pdf = name.lower().endswith(".pdf")
    response = FileResponse(
        consultation.draft_file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf"
        if is_pdf
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def consultation_create_view(request):
    organisations = official_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        slug = data.pop("slug")
        if Consultation.objects.filter(slug=slug).exists() or slug in (
            "new",
            "rooms",
        ):
            form.add_error("slug", _("This short name is taken."))
        else:
            try:
                consultation = consultation_create(
                    official=request.user,
                    organisation=organisation,
                    slug=slug,
                    **data,
                )
            except ConsultationError as error:
                form.add_error(None, error.message)
            else:
                _warn_short(request, consultation)
                messages.success(
                    request,
                    _("The consultation was saved as a draft. Add its sections."),
                )
                return HttpResponseRedirect(consultation.get_absolute_url())
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "short_period": form.is_bound and form.short_period},
    )


def _warn_short(request, consultation: Consultation) -> None:
    if consultation.is_shorter_than_legal_minimum:
        messages.warning(
            request,
            _(
                "This consultation is open for fewer than 15 days. The law asks "
                "for at least 15 days before a draft law is made."
            ),
        )


def _require_official(request, consultation: Consultation) -> None:
    if not is_official_of(request.user, consultation.organisation):
        raise PermissionDenied


@login_required
def consultation_edit_view(request, slug: str):
    consultation = get_consultation(request, slug)
    _require_official(request, consultation)
    initial = {
        name: getattr(consultation, name)
        for name in ConsultationForm.base_fields
        if hasattr(consultation, name) and name not in ("draft_file", "organisation")
    }
    form = ConsultationForm(
        request.POST or None,
        request.FILES or None,
        organisations=official_organisations(request.user),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_update(
                official=request.user, consultation=consultation, **form.cleaned_data
            )
        except ConsultationError as error:
            form.add_error(None, error.message)
        else:
            _warn_short(request, consultation)
            messages.success(request, _("The consultation was saved."))
            return HttpResponseRedirect(consultation.get_absolute_url())
    return render(
        request,
        "consultations/consultation_form.html",
        {
            "form": form,
            "consultation": consultation,
            "short_period": consultation.is_shorter_than_legal_minimum
            if not form.is_bound
            else form.is_valid() and form.short_period,
        },
    )


@require_POST
@login_required
def consultation_status_view(request, slug: str):
    """Open, close, or publish the report of a consultation."""
    consultation = get_consultation(request, slug)
    _require_official(request, consultation)
    try:
        consultation = consultation_change_status(
            official=request.user,
            consultation=consultation,
            to_status=request.POST.get("to_status", ""),
        )
    except ConsultationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The consultation is now: %(status)s.")
            % {"status": consultation.get_status_display()},
        )
        if consultation.status == Consultation.Status.OPEN:
            _warn_short(request, consultation)
    return HttpResponseRedirect(consultation.get_absolute_url())


@login_required
def section_edit_view(request, slug: str, number: int | None = None):
    """Add a section of the draft (``number`` None) or change one."""
    consultation = get_consultation(request, slug)
    _require_official(request, consultation)
    section = None
    initial = {"number": consultation.sections.count() + 1}
    if number is not None:
        section = get_object_or_404(Section, consultation=consultation, number=number)
        initial = {name: getattr(section, name) for name in SectionForm.base_fields}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            section_save(
                official=request.user,
                consultation=consultation,
                section=section,
                **form.cleaned_data,
            )
        except ConsultationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The section was saved."))
            if "add_another" in request.POST:
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(consultation.get_absolute_url())
    return render(
        request,
        "consultations/section_form.html",
        {"form": form, "consultation": consultation, "section": section},
    )
