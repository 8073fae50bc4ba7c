"""Forms of the paper-ballot pages: register upload, a person, a paper ballot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.thai_id import is_valid_thai_id


class ThaiIdField(forms.CharField):
    """A Thai ID number: 13 digits with its check digit (Thai digits accepted)."""

    default_error_messages = {
        "invalid": _(
            "Enter a valid Thai ID number: 13 digits, as printed on the ID card."
        )
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def validate(self, value):
        super().validate(value)
        if value and not is_valid_thai_id(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (CSV)"),
        help_text=_(
            "One person per line: name, Thai ID number, area code. "
            "Save as CSV in UTF-8."
        ),
    )


class ResidentForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=200)
    thai_id = ThaiIdField(label=_("Thai ID number"))
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—")] + [
            (area.code, area.tr("name")) for area in areas
        ]


class PaperBallotForm(forms.Form):
    """One paper ballot, typed from the paper: booth, ID, pot, project numbers."""

    booth = forms.CharField(label=_("Booth"), max_length=80)
    thai_id = ThaiIdField(label=_("Thai ID number of the resident"))
    pot = forms.ChoiceField(label=_("Ballot"))
    choices = forms.CharField(
        label=_("Project numbers marked on the paper"),
        required=False,
        help_text=_(
            "Numbers separated by spaces, e.g. 1 3 4. For points write number:points, "
            "e.g. 1:3 2:2."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def __init__(self, *args, pots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pot"].choices = [
            (pot.key, pot.area.tr("name") if pot.area else _("Whole municipality"))
            for pot in pots
        ]


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for voiding"), max_length=500, widget=forms.TextInput
    )


class ThaiIdForm(forms.Form):
    thai_id = ThaiIdField(
        label=_("Your Thai ID number"),
        help_text=_(
            "13 digits, as printed on your ID card. We keep only a keyed "
            "fingerprint of it, never the number, so that each person votes once."
        ),
    )
