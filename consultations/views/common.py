"""Helpers shared by the consultation pages."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404

from participation.models import Organisation
from participation.rules import is_admin, is_official_of

from ..models import Consultation, HearingSession
from ..services import ConsultationError


def can_see(user, consultation: Consultation) -> bool:
    """Drafts are seen by the organiser's officials only."""
    return consultation.status != Consultation.Status.DRAFT or is_official_of(
        user, consultation.organisation
    )


def get_consultation(request, slug: str) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.select_related("organisation"), slug=slug
    )
    if not can_see(request.user, consultation):
        raise Http404
    return consultation


def get_session(request, code: str) -> HearingSession:
    session = get_object_or_404(
        HearingSession.objects.select_related("consultation__organisation"),
        room_code=(code or "").upper(),
    )
    if not can_see(request.user, session.consultation):
        raise Http404
    return session


def official_organisations(user):
    """The organisations ``user`` organises consultations for."""
    if is_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        role_grants__user=user, role_grants__role="official"
    ).distinct()


def wants_json(request) -> bool:
    """room.js asks for JSON answers; plain forms get a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def done(request, url: str, *, error: ConsultationError | None = None, **extra):
    """The answer to a room action: JSON for room.js, else a redirect back."""
    if wants_json(request):
        if error is not None:
            return JsonResponse(
                {"error": error.code, "message": error.message}, status=400
            )
        return JsonResponse({"ok": True, **extra})
    if error is not None:
        messages.error(request, error.message)
    return HttpResponseRedirect(url)
