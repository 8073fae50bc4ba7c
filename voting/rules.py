"""Permission predicates for voting: "can vote" = verified ∧ phase allows voting."""

import rules

from participation.phases import phase_allows

from .services import voter_is_eligible


@rules.predicate
def voting_is_open(user, budget) -> bool:
    return budget is not None and phase_allows(budget.phase(), "vote")


@rules.predicate
def is_eligible_voter(user, budget) -> bool:
    return budget is not None and voter_is_eligible(voter=user, budget=budget)


rules.add_perm("voting.add_ballot", voting_is_open & is_eligible_voter)
