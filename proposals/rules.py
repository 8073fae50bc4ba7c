"""Permission predicates for proposals."""

import rules

from participation.rules import has_verified_email, is_official_of


@rules.predicate
def is_proposal_official(user, proposal) -> bool:
    return proposal is not None and is_official_of(user, proposal.organisation)


@rules.predicate
def is_author(user, proposal) -> bool:
    return (
        proposal is not None and user.is_authenticated and proposal.author_id == user.pk
    )


rules.add_perm("proposals.add_proposal", has_verified_email)
rules.add_perm("proposals.change_status_proposal", is_proposal_official)
rules.add_perm("proposals.publish_proposal", is_author)
rules.add_perm("proposals.add_support", has_verified_email & ~is_author)
