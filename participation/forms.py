"""Forms of the shared core."""

import datetime
import re

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Organisation, RoleGrant, User

#: The year at the start of a typed date (``2026-11-29T10:00``).
YEAR_FIRST = re.compile(r"\s*(\d{1,6})-")
#: Years a schedule date may have: anything else is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2200
#: Christian year + 543 = Buddhist Era year (the Thai calendar).
BE_OFFSET = 543


def check_calendar_year(year: int) -> None:
    """Refuse a year outside 2000–2200, naming the usual mistake: a Buddhist
    Era year (2569) typed where the date picker wants the Christian year (2026).

    Raises ``ValidationError`` (codes ``buddhist_year``, ``year_out_of_range``).
    """
    if FIRST_YEAR + BE_OFFSET <= year <= LAST_YEAR + BE_OFFSET:
        raise ValidationError(
            _(
                "%(year)s looks like a Buddhist Era year. Dates here take the "
                "Christian year: B.E. %(year)s is %(ce)s."
            ),
            code="buddhist_year",
            params={"year": year, "ce": year - BE_OFFSET},
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Check the year: it must be between %(first)s and %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class CalendarDateTimeField(forms.DateTimeField):
    """A schedule time (opening, closing, a hearing): a clear error for a year
    typed wrongly, where Django would accept it or fail on year 1 (overflow)."""

    def to_python(self, value):
        if isinstance(value, str) and (typed := YEAR_FIRST.match(value)):
            check_calendar_year(int(typed.group(1)))
        elif isinstance(value, datetime.datetime):
            check_calendar_year(value.year)
        try:
            return super().to_python(value)
        except OverflowError as error:  # year 1 in +07:00 is before year 1 in UTC
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from error


class CalendarDateField(forms.DateField):
    """A date (a progress report): the same year check as ``CalendarDateTimeField``."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            check_calendar_year(result.year)
        return result


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
