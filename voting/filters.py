"""Filters of the budget and project lists (django-filter, API and pages)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, Project
from participation.models import Area, Organisation


class WholeNumberFilter(django_filters.NumberFilter):
    """A number filter that takes whole numbers only (``2570``, not ``2570.5``)."""

    field_class = forms.IntegerField


class BudgetFilter(django_filters.FilterSet):
    """Budgets by organisation (its short name) and fiscal year (B.E.)."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    fiscal_year = WholeNumberFilter(label=_("Fiscal year (B.E.)"))

    class Meta:
        model = Budget
        fields = ["organisation", "fiscal_year"]


class ProjectFilter(django_filters.FilterSet):
    """Projects of one budget by feasibility and area."""

    feasibility = django_filters.ChoiceFilter(
        label=_("Feasibility"),
        choices=Project.Feasibility.choices,
        empty_label=_("All"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.all(), empty_label=_("All")
    )

    class Meta:
        model = Project
        fields = ["feasibility", "area"]
