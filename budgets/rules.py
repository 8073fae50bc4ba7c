"""Permission predicates for budgets."""

import rules

from participation.rules import is_admin, is_official_of


@rules.predicate
def is_budget_official(user, budget) -> bool:
    """The person is an official of the organisation that owns ``budget``."""
    if budget is None:
        return False
    return is_official_of(user, budget.organisation)


rules.add_perm("budgets.view_budget", rules.always_allow)
rules.add_perm("budgets.change_budget", is_budget_official | is_admin)
