"""Forms of the officials' workspace; services do the checks across rows."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.forms import (
    BE_OFFSET,
    FIRST_YEAR,
    LAST_YEAR,
    CalendarDateField,
    CalendarDateTimeField,
)
from participation.models import Area

from .models import Budget, Implementation, Project
from .services import BUDGET_FIELDS, PROJECT_FIELDS


class DateTimeInput(forms.DateTimeInput):
    """A native date and time picker (Thai time), usable from the keyboard."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


SCHEDULE = ("ideas_opens", "review_opens", "voting_opens", "voting_closes")


class BudgetForm(forms.ModelForm):
    """A budget cycle: texts, money, the phase schedule and the ballot rules."""

    class Meta:
        model = Budget
        fields = BUDGET_FIELDS
        error_messages = {
            "slug": {"unique": _("Another budget already uses this short name.")}
        }
        field_classes = dict.fromkeys(SCHEDULE, CalendarDateTimeField)
        widgets = {name: DateTimeInput() for name in SCHEDULE} | {
            "description_th": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("Letters, digits and dashes; used in the address of the page."),
            "ideas_opens": _("Residents send project ideas from this time."),
            "review_opens": _("Ideas close and officials review feasibility."),
            "voting_opens": _("Only projects found feasible are on the ballot."),
            "voting_closes": _("After this, the results are counted and published."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCHEDULE:
            self.fields[name].required = name in ("voting_opens", "voting_closes")

    def clean_fiscal_year(self):
        """A Buddhist Era year (2570); a Christian one (2027) is a common slip."""
        year = self.cleaned_data.get("fiscal_year")
        if year is None:
            return year
        if FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("The fiscal year is a Buddhist Era year: %(year)s is B.E. %(be)s."),
                code="christian_year",
                params={"year": year, "be": year + BE_OFFSET},
            )
        if not FIRST_YEAR + BE_OFFSET <= year <= LAST_YEAR + BE_OFFSET:
            raise forms.ValidationError(
                _("Check the fiscal year, e.g. %(example)s."),
                code="year_out_of_range",
                params={"example": timezone.localdate().year + BE_OFFSET + 1},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(
            "ballot_rule"
        ) == Budget.BallotRule.CUMULATIVE and not cleaned.get("max_points"):
            self.add_error(
                "max_points",
                _("Say how many points each voter can give out."),
            )
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in BUDGET_FIELDS}


class DistrictForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all())
    total = forms.DecimalField(
        label=_("Money for this area"), min_value=0, max_digits=18, decimal_places=2
    )


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "description_th": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROJECT_FIELDS}


class IdeaForm(forms.ModelForm):
    """A resident's project idea: what, where, roughly how much."""

    class Meta:
        model = Project
        fields = ("name_th", "description_th", "cost", "area")
        labels = {
            "name_th": _("Name of the project"),
            "description_th": _("What should be done, where, and why?"),
            "cost": _("Rough cost (baht)"),
        }
        widgets = {"description_th": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description_th"].required = True


class ReviewForm(forms.Form):
    feasibility = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Project.Feasibility.FEASIBLE, _("feasible")),
            (Project.Feasibility.UNFEASIBLE, _("not feasible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the project's page. Required when not feasible."),
    )
    cost = forms.DecimalField(
        label=_("Cost after review"), min_value=0, max_digits=18, decimal_places=2
    )
    cost_note = forms.CharField(
        label=_("Public note on the cost"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the cost changes."),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Project.objects.none()
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = project.budget.projects.exclude(
            pk=project.pk
        ).exclude(feasibility=Project.Feasibility.UNFEASIBLE)


class ProgressForm(forms.Form):
    """A dated progress report on a funded project."""

    date = CalendarDateField(
        label=_("Date"),
        # a date input only takes yyyy-mm-dd, whatever the page's language
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Implementation.Status.choices)
    percent = forms.IntegerField(label=_("Percentage done"), min_value=0, max_value=100)
    money_spent = forms.DecimalField(
        label=_("Money spent so far"), min_value=0, max_digits=18, decimal_places=2
    )
    text = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the project is cancelled."),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Implementation.Status.CANCELLED
            and not (cleaned.get("cancel_reason") or "").strip()
        ):
            self.add_error("cancel_reason", _("Give the reason for cancelling."))
        return cleaned


class FromProposalForm(forms.Form):
    """Pick a qualified proposal of the organisation and estimate its cost."""

    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None)
    cost = forms.DecimalField(
        label=_("Estimated cost"), min_value=0, max_digits=18, decimal_places=2
    )

    def __init__(self, *args, budget: Budget, **kwargs):
        from proposals.models import Proposal

        from .services import PROPOSAL_STATUSES_FOR_PROJECTS

        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.filter(
            organisation=budget.organisation,
            status__in=PROPOSAL_STATUSES_FOR_PROJECTS,
        ).exclude(budget_projects__budget=budget)
        self.fields["proposal"].label_from_instance = lambda proposal: (
            f"{proposal.tracking_number} {proposal.title}"
        )
