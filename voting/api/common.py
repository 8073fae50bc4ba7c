"""Small helpers shared by the voting API modules."""

from django.shortcuts import get_object_or_404

from budgets.models import Budget


def budget_or_404(slug: str) -> Budget:
    """The budget with ``slug`` (its organisation joined); ``Http404`` if none."""
    return get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
