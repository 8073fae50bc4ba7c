"""The filtered proposal list (HTML and API): django-filter, one declaration."""

import django_filters
from django.utils.translation import gettext_lazy as _

from participation.models import Area
from participation.thai import normalize_text, to_arabic_digits

from .models import Category, Proposal


class ProposalFilter(django_filters.FilterSet):
    """Filters of the public proposal list.

    ``q`` finds a Thai word inside a sentence: Thai has no spaces, so the search
    is by substring of the normalised text (``search_text``), never by words.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Proposal.Kind.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Proposal.Status.choices[1:]
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.all()
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("submitted_at", "newest"),
            ("support_count", "supported"),
            ("comment_count", "discussed"),
        ),
        field_labels={
            "submitted_at": _("Newest"),
            "support_count": _("Most supported"),
            "comment_count": _("Most discussed"),
        },
    )

    class Meta:
        model = Proposal
        fields = ["q", "kind", "status", "category", "area"]

    def search(self, queryset, name, value):
        needle = normalize_text(to_arabic_digits(value)).strip().casefold()
        if not needle:
            return queryset
        return queryset.filter(search_text__contains=needle)

    @property
    def qs(self):
        ordered = super().qs
        if not self.data.get("sort"):
            ordered = ordered.order_by("-submitted_at", "-pk")
        return ordered
