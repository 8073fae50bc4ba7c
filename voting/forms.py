"""The ballot form: the HTML side of ``ballot_submit``."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget
from participation.thai import to_arabic_digits

#: Whole points as typed, after digits of any script become 0-9: at most 6.
POINTS = re.compile(r"[0-9]{1,6}")


def decimal_digits(text: str) -> str:
    """Thai (๐-๙), Arabic-Indic or full-width digits as 0-9; superscripts stay."""
    text = to_arabic_digits(text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


class BallotForm(forms.Form):
    """Projects chosen on a ballot; points per project for cumulative ballots.

    Works as a plain POST without JavaScript. Thai digits are accepted in points.
    """

    projects = forms.TypedMultipleChoiceField(
        label=_("Projects"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, budget: Budget, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.project_list = list(projects)
        self.fields["projects"].choices = [
            (p.pk, p.tr("name")) for p in self.project_list
        ]
        if budget.ballot_rule == Budget.BallotRule.CUMULATIVE:
            for project in self.project_list:
                self.fields[f"points_{project.pk}"] = forms.CharField(
                    label=_("Points for %(project)s") % {"project": project.tr("name")},
                    required=False,
                )

    def clean(self):
        cleaned = super().clean()
        self.points = {}
        if self.budget.ballot_rule == Budget.BallotRule.CUMULATIVE:
            chosen = []
            for project in self.project_list:
                raw = decimal_digits(cleaned.get(f"points_{project.pk}") or "").strip()
                if not raw:
                    continue
                if not POINTS.fullmatch(raw):
                    self.add_error(
                        f"points_{project.pk}",
                        _("Enter a whole number of points (at most 6 digits)."),
                    )
                    continue
                value = int(raw)
                if value > 0:
                    chosen.append(project.pk)
                    self.points[project.pk] = value
            cleaned["projects"] = chosen
        return cleaned
