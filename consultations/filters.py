"""The filtered consultation list of the API (django-filter, one declaration)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Consultation


class ConsultationFilter(django_filters.FilterSet):
    """Filters of the consultation list: ``status`` (draft, open, closed, published).

    Drafts are in the choices because officials see their own; the queryset
    given (``consultations_visible_to``) decides who sees them.
    """

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Consultation.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Consultation
        fields = ["status"]
