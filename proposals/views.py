"""Pages of proposals and problem reports: list, detail, submit, answer, track."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.models import Organisation
from participation.rules import is_official, is_official_of
from participation.thai import to_arabic_digits

from .filters import ProposalFilter
from .forms import OfflineProposalForm, ProposalForm, StatusChangeForm
from .models import TRACKING, Proposal, StatusChange, Support, tracking_number_from
from .services import (
    ProposalError,
    allowed_transitions,
    proposal_change_status,
    proposal_publish,
    proposal_submit,
    support_add,
    support_withdraw,
)

PAGE_SIZE = 20


def _can_see(user, proposal: Proposal) -> bool:
    """Drafts are seen by their author and the organisation's officials only."""
    if proposal.status != Proposal.Status.DRAFT:
        return True
    if not user.is_authenticated:
        return False
    return proposal.author_id == user.pk or is_official_of(user, proposal.organisation)


def _get_visible(request, tracking_number: str) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("organisation", "category", "area", "author"),
        tracking_number=tracking_number.strip().upper(),
    )
    if not _can_see(request.user, proposal):
        raise Http404
    return proposal


def proposal_list(request):
    """Public proposals and reports, filtered and paginated (fixed query count)."""
    queryset = Proposal.objects.public().select_related(
        "organisation", "category", "area"
    )
    filtered = ProposalFilter(request.GET or None, queryset=queryset)
    page = Paginator(filtered.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/proposal_list.html",
        {"filter": filtered, "page": page, "query": query.urlencode()},
    )


def proposal_detail(request, tracking_number: str):
    """A proposal with its timeline, supports, comments and (officials) answer form."""
    proposal = _get_visible(request, tracking_number)
    timeline = StatusChange.objects.filter(proposal=proposal).select_related(
        "changed_by"
    )
    user = request.user
    supported = (
        user.is_authenticated
        and Support.objects.filter(proposal=proposal, user=user).exists()
    )
    allowed = allowed_transitions(proposal=proposal, user=user)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "timeline": timeline,
            "supported": supported,
            "status_form": StatusChangeForm(allowed=allowed) if allowed else None,
            "is_author": user.is_authenticated and proposal.author_id == user.pk,
            "is_official": is_official_of(user, proposal.organisation),
        },
    )


@login_required
def proposal_create(request):
    """A citizen sends an idea or a problem report."""
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = proposal_submit(
                author=request.user,
                organisation=data["organisation"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                area=data["area"],
                photo=data.get("photo"),
                share_location=data["share_location"],
                publish="save_draft" not in request.POST,
            )
        except ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                (
                    _("Saved as a draft, number %(number)s. Publish it when ready.")
                    if proposal.status == Proposal.Status.DRAFT
                    else _("Received. Your tracking number is %(number)s.")
                )
                % {"number": proposal.tracking_number},
            )
            return HttpResponseRedirect(
                reverse("proposals:detail", args=[proposal.tracking_number])
            )
    return render(request, "proposals/proposal_form.html", {"form": form})


@login_required
def proposal_register(request):
    """An official registers a submission received on paper, by phone or in person."""
    organisations = Organisation.objects.filter(
        role_grants__user=request.user, role_grants__role="official"
    ).distinct()
    if request.user.is_superuser:
        organisations = Organisation.objects.all()
    if not organisations.exists():
        raise PermissionDenied
    form = OfflineProposalForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = proposal_submit(
                author=None,
                organisation=data["organisation"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                area=data["area"],
                photo=data.get("photo"),
                share_location=data["share_location"],
                channel=data["channel"],
                registered_by=request.user,
                submitter_name=data["submitter_name"],
                submitter_contact=data["submitter_contact"],
            )
        except ProposalError as error:
            form.add_error(None, error.message)
        else:
            return HttpResponseRedirect(
                reverse("proposals:receipt", args=[proposal.tracking_number])
            )
    return render(
        request, "proposals/proposal_form.html", {"form": form, "offline": True}
    )


@login_required
def proposal_receipt(request, tracking_number: str):
    """A printable receipt with the tracking number, for the person who came in."""
    proposal = _get_visible(request, tracking_number)
    if not (
        is_official_of(request.user, proposal.organisation)
        or proposal.author_id == request.user.pk
    ):
        raise PermissionDenied
    return render(request, "proposals/proposal_receipt.html", {"proposal": proposal})


def _back(request, proposal: Proposal):
    return HttpResponseRedirect(
        reverse("proposals:detail", args=[proposal.tracking_number])
    )


@require_POST
@login_required
def proposal_publish_view(request, tracking_number: str):
    proposal = _get_visible(request, tracking_number)
    try:
        proposal_publish(proposal=proposal, user=request.user)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your proposal is now public."))
    return _back(request, proposal)


@require_POST
@login_required
def proposal_support_view(request, tracking_number: str):
    """Support, or withdraw a support (``withdraw`` in the form)."""
    proposal = _get_visible(request, tracking_number)
    try:
        if "withdraw" in request.POST:
            support_withdraw(proposal=proposal, user=request.user)
            messages.success(request, _("Your support was withdrawn."))
        else:
            support_add(proposal=proposal, user=request.user)
            messages.success(request, _("Thank you for your support."))
    except ProposalError as error:
        messages.error(request, error.message)
    return _back(request, proposal)


@require_POST
@login_required
def proposal_status_view(request, tracking_number: str):
    """An official changes the status with a public answer."""
    proposal = _get_visible(request, tracking_number)
    allowed = allowed_transitions(proposal=proposal, user=request.user)
    if not allowed:
        raise PermissionDenied
    form = StatusChangeForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            proposal_change_status(
                proposal=proposal,
                official=request.user,
                to_status=form.cleaned_data["to_status"],
                answer=form.cleaned_data["answer"],
            )
        except ProposalError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The status and answer were published."))
    else:
        messages.error(request, _("Choose the new status and write the answer."))
    return _back(request, proposal)


def proposal_photo(request, tracking_number: str):
    """The report's photo, served only when the report may be seen."""
    proposal = _get_visible(request, tracking_number)
    if not proposal.photo:
        raise Http404
    try:
        photo = proposal.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(photo, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    public = proposal.status != Proposal.Status.DRAFT
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=3600"
    return response


def track(request):
    """Find a submission by its tracking number (no login needed)."""
    typed = (request.GET.get("number") or "").strip()
    number = to_arabic_digits(typed).upper()
    match = TRACKING.fullmatch(number.replace(" ", "").replace("-", ""))
    if match:
        number = tracking_number_from(match)
    not_found = False
    if number:
        proposal = Proposal.objects.public().filter(tracking_number=number).first()
        if proposal is not None:
            return HttpResponseRedirect(
                reverse("proposals:detail", args=[proposal.tracking_number])
            )
        not_found = True
    return render(
        request, "proposals/track.html", {"number": number, "not_found": not_found}
    )


@login_required
def desk(request):
    """The officials' desk: submissions awaiting an answer, oldest first."""
    if not is_official(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    queryset = Proposal.objects.awaiting_answer().select_related(
        "organisation", "category", "area"
    )
    if not request.user.is_superuser:
        queryset = queryset.filter(
            organisation__role_grants__user=request.user,
            organisation__role_grants__role="official",
        )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"proposal": p, "days": (now - (p.submitted_at or p.created_at)).days}
        for p in page
    ]
    return render(request, "proposals/desk.html", {"page": page, "rows": rows})
