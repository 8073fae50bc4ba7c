"""Budgets at each phase, for the workspace tests."""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import make_budget

PHASES = ("upcoming", "ideas", "review", "voting", "counting", "results")


def budget_in_phase(organisation, phase: str, slug: str | None = None, **fields):
    """A budget (projects A, B, C) whose dates put it in ``phase`` now."""
    now = timezone.now()
    day = timedelta(days=1)
    offsets = {
        # ideas_opens, review_opens, voting_opens, voting_closes (days from now)
        "upcoming": (1, 2, 3, 4),
        "ideas": (-1, 2, 3, 4),
        "review": (-2, -1, 3, 4),
        "voting": (-3, -2, -1, 4),
        "counting": (-4, -3, -2, -1),
        "results": (-5, -4, -3, -2),
    }[phase]
    values = dict(
        zip(
            ("ideas_opens", "review_opens", "voting_opens", "voting_closes"),
            (now + n * day for n in offsets),
            strict=True,
        )
    )
    if phase == "results":
        values["results_published_at"] = now - timedelta(hours=1)
    values.update(fields)
    return make_budget(organisation, slug=slug or f"b-{phase}", **values)
