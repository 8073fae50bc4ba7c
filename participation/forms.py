"""Forms of the shared core."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, RoleGrant, User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus the name shown beside public contributions."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown beside what you write in public. Optional."),
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["slug", "name_th", "name_en"]


class RoleGrantForm(forms.Form):
    """Grant a role to a person found by e-mail address."""

    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=RoleGrant.Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation (for officials)"),
        queryset=Organisation.objects.all(),
        required=False,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody has an account with this e-mail address.")
            )
        self.cleaned_data["user"] = user
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == RoleGrant.Role.OFFICIAL and not cleaned.get(
            "organisation"
        ):
            self.add_error(
                "organisation", _("Choose the organisation this official works for.")
            )
        return cleaned


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves."""

    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "home_area"]
        labels = {
            "display_name": _("Display name"),
            "preferred_language": _("Preferred language"),
            "home_area": _("Home area"),
        }
        help_texts = {
            "display_name": _("Shown beside what you write in public."),
            "home_area": _(
                "Where you live. Budgets with money for each area let you vote for "
                "the projects of your area."
            ),
        }
