"""What each phase of a budget or consultation allows: one small mapping.

The schedule itself is data (dates on the budget); this module only says what a
phase permits, and permission predicates consult it (STYLE.md, "Permissions").
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(StrEnum):
    """Phases of a participatory budgeting cycle, in order."""

    UPCOMING = "upcoming"
    IDEAS = "ideas"
    REVIEW = "review"
    VOTING = "voting"
    COUNTING = "counting"  # voting closed, results not yet published
    RESULTS = "results"
    IMPLEMENTATION = "implementation"


PHASE_LABELS = {
    Phase.UPCOMING: _("Not yet open"),
    Phase.IDEAS: _("Project ideas"),
    Phase.REVIEW: _("Feasibility review"),
    Phase.VOTING: _("Voting"),
    Phase.COUNTING: _("Counting"),
    Phase.RESULTS: pgettext_lazy("budget phase", "Results"),
    Phase.IMPLEMENTATION: _("Implementation"),
}

ALLOWS: dict[Phase, frozenset[str]] = {
    Phase.UPCOMING: frozenset(),
    Phase.IDEAS: frozenset({"propose_project"}),
    Phase.REVIEW: frozenset({"review_project"}),
    Phase.VOTING: frozenset({"vote", "enter_paper_ballot"}),
    Phase.COUNTING: frozenset({"publish_results"}),
    Phase.RESULTS: frozenset({"update_progress"}),
    Phase.IMPLEMENTATION: frozenset({"update_progress"}),
}


def phase_allows(phase: Phase, action: str) -> bool:
    """True when ``action`` (``"vote"``, ``"propose_project"``...) is open then."""
    return action in ALLOWS[phase]
