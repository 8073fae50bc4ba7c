"""Permission predicates for budgets: role × phase (participation/phases.py)."""

import rules

from participation.phases import Phase, phase_allows
from participation.rules import (
    has_verified_email,
    is_admin,
    is_official,
    is_official_of,
)

from .services import EDITABLE_PHASES


@rules.predicate
def is_budget_official(user, budget) -> bool:
    """The person is an official of the organisation that owns ``budget``."""
    if budget is None:
        return False
    return is_official_of(user, budget.organisation)


@rules.predicate
def budget_is_editable(user, budget) -> bool:
    """Money, rules, areas and projects may still change (before voting)."""
    return budget is not None and budget.phase() in EDITABLE_PHASES


@rules.predicate
def ideas_are_open(user, budget) -> bool:
    return budget is not None and phase_allows(budget.phase(), "propose_project")


@rules.predicate
def review_is_open(user, budget) -> bool:
    return budget is not None and phase_allows(budget.phase(), "review_project")


@rules.predicate
def results_can_be_published(user, budget) -> bool:
    return budget is not None and budget.phase() == Phase.COUNTING


rules.add_perm("budgets.view_budget", rules.always_allow)
rules.add_perm("budgets.add_budget", is_official | is_admin)
rules.add_perm("budgets.change_budget", is_budget_official | is_admin)
rules.add_perm("budgets.add_project", is_budget_official & budget_is_editable)
rules.add_perm("budgets.propose_project", has_verified_email & ideas_are_open)
rules.add_perm("budgets.review_project", is_budget_official & review_is_open)
rules.add_perm("budgets.publish_results", is_budget_official & results_can_be_published)
