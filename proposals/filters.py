"""The filtered proposal list (HTML and API): django-filter, one declaration."""

import django_filters
from django.utils.translation import gettext_lazy as _

from participation.models import Area
from participation.thai import normalize_text, to_arabic_digits

from .models import TRACKING, Category, Proposal, tracking_number_from


class ProposalFilter(django_filters.FilterSet):
    """Filters of the public proposal list.

    ``q`` finds a Thai word inside a sentence: Thai has no spaces, so the search
    is by substring of the normalised text (``search_text``), never by words.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Proposal.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Proposal.Status.choices[1:], empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("All")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.all(), empty_label=_("All")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("newest", _("Newest")),
            ("supported", _("Most supported")),
            ("discussed", _("Most discussed")),
        ],
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Proposal
        fields = ["q", "kind", "status", "category", "area"]

    ORDERS = {
        "newest": ("-submitted_at", "-pk"),
        "supported": ("-support_count", "-submitted_at", "-pk"),
        "discussed": ("-comment_count", "-submitted_at", "-pk"),
    }

    def search(self, queryset, name, value):
        """Every word typed must appear (Thai words may be typed with spaces)."""
        text = normalize_text(to_arabic_digits(value)).strip()
        tracking = TRACKING.fullmatch(text.upper().replace(" ", ""))
        if tracking:
            return queryset.filter(tracking_number=tracking_number_from(tracking))
        for needle in text.casefold().split():
            queryset = queryset.filter(search_text__contains=needle)
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.ORDERS.get(value, self.ORDERS["newest"]))

    @property
    def qs(self):
        ordered = super().qs
        if not self.data.get("sort"):
            ordered = ordered.order_by(*self.ORDERS["newest"])
        return ordered
