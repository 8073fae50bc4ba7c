"""The public list of funded projects and their progress (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from participation.models import Area

from .models import Budget, Implementation


class ImplementationFilter(django_filters.FilterSet):
    """Filter funded projects by area, status and budget cycle."""

    area = django_filters.ModelChoiceFilter(
        label=_("Area"), field_name="project__area", queryset=Area.objects.all()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Implementation.Status.choices
    )
    budget = django_filters.ModelChoiceFilter(
        label=_("Budget"),
        field_name="project__budget",
        queryset=Budget.objects.filter(results_published_at__isnull=False),
    )

    class Meta:
        model = Implementation
        fields = ["area", "status", "budget"]
