"""The home page: what Ruamkid is and which budgets are open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import gettext as _

from budgets.models import Budget
from participation.forms import ProfileForm
from participation.middleware import remember_language
from participation.models import User
from participation.phases import Phase
from participation.services import ProfileError, user_profile_update
from voting.selectors import holds_open_area_ballot


def home(request):
    budgets = list(Budget.objects.listed()[:20])
    open_budgets = [budget for budget in budgets if budget.phase() == Phase.VOTING]
    other_budgets = [budget for budget in budgets if budget.phase() != Phase.VOTING]
    return render(
        request,
        "participation/home.html",
        {"open_budgets": open_budgets, "other_budgets": other_budgets[:6]},
    )


@login_required
def profile(request):
    """A person's own settings: display name, language and home area."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(
                user=User.objects.get(pk=request.user.pk),
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
                home_area=form.cleaned_data["home_area"],
                home_area_locked=holds_open_area_ballot(request.user),
            )
        except ProfileError:
            form.add_error(
                "home_area",
                _(
                    "You have already voted for the projects of your area in a vote "
                    "that is still open, so your home area cannot change until it "
                    "closes."
                ),
            )
        else:
            messages.success(request, _("Your profile was saved."))
            response = HttpResponseRedirect(
                translate_url(request.path, form.cleaned_data["preferred_language"])
            )
            remember_language(response, form.cleaned_data["preferred_language"])
            return response
    return render(request, "participation/profile.html", {"form": form})
