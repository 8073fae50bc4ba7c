"""Views of the shared core: language switch and the admins' roles page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import OrganisationForm, RoleGrantForm
from .middleware import remember_language
from .models import Organisation, RoleGrant
from .services import role_grant, role_revoke


@require_POST
def set_language(request):
    """Switch the interface language, remember it, return to the same page."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translate_url(next_url, language))
    remember_language(response, language)
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


@login_required
def roles_manage(request):
    """Admins create organisations and grant or revoke roles."""
    if not request.user.has_perm("participation.manage_roles"):
        raise PermissionDenied
    grant_form = RoleGrantForm(prefix="grant")
    organisation_form = OrganisationForm(prefix="organisation")
    if request.method == "POST":
        if "grant-email" in request.POST:
            grant_form = RoleGrantForm(request.POST, prefix="grant")
            if grant_form.is_valid():
                role_grant(
                    user=grant_form.cleaned_data["user"],
                    role=grant_form.cleaned_data["role"],
                    organisation=grant_form.cleaned_data.get("organisation"),
                    granted_by=request.user,
                )
                messages.success(request, _("The role was granted."))
                return HttpResponseRedirect(request.path)
        elif "organisation-slug" in request.POST:
            organisation_form = OrganisationForm(request.POST, prefix="organisation")
            if organisation_form.is_valid():
                organisation_form.save()
                messages.success(request, _("The organisation was created."))
                return HttpResponseRedirect(request.path)
        elif "revoke" in request.POST:
            grant = get_object_or_404(RoleGrant, pk=request.POST["revoke"])
            role_revoke(grant=grant, revoked_by=request.user)
            messages.success(request, _("The role was removed."))
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "participation/roles_manage.html",
        {
            "grant_form": grant_form,
            "organisation_form": organisation_form,
            "grants": RoleGrant.objects.select_related("user", "organisation").order_by(
                "role", "user__email"
            ),
            "organisations": Organisation.objects.all(),
        },
    )
