"""Permission predicates of the shared core (the ``rules`` package).

Roles: every person is a citizen; ``RoleGrant`` rows add official (per
organisation), moderator and admin.
"""

import rules

from .models import RoleGrant


@rules.predicate
def is_admin(user) -> bool:
    """The person holds the admin role (or is a Django superuser)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser or user.role_grants.filter(role=RoleGrant.Role.ADMIN).exists()
    )


@rules.predicate
def is_moderator(user) -> bool:
    """The person moderates content (admins do too)."""
    if not user.is_authenticated:
        return False
    return (
        is_admin(user)
        or user.role_grants.filter(role=RoleGrant.Role.MODERATOR).exists()
    )


@rules.predicate
def is_official(user) -> bool:
    """The person is an official of at least one organisation."""
    if not user.is_authenticated:
        return False
    return user.role_grants.filter(role=RoleGrant.Role.OFFICIAL).exists()


def is_official_of(user, organisation) -> bool:
    """The person is an official of ``organisation`` (admins count as such)."""
    if not user.is_authenticated or organisation is None:
        return is_admin(user) if user.is_authenticated else False
    return (
        is_admin(user)
        or user.role_grants.filter(
            role=RoleGrant.Role.OFFICIAL, organisation=organisation
        ).exists()
    )


@rules.predicate
def has_verified_email(user) -> bool:
    """The person verified their e-mail address (level 1 or more)."""
    return user.is_authenticated and user.verification_level >= 1


@rules.predicate
def target_accepts_comments(user, target) -> bool:
    """``target`` takes comments from ``user`` now (its ``comments_allowed`` hook).

    A model without the hook is not a comment target.
    """
    hook = getattr(target, "comments_allowed", None)
    return callable(hook) and bool(hook(user))


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return (
        comment is not None
        and user.is_authenticated
        and comment.author_id is not None
        and comment.author_id == user.pk
    )


@rules.predicate
def comment_edit_window_open(user, comment) -> bool:
    """Within 15 minutes of writing, and not hidden by a moderator."""
    return comment is not None and comment.edit_window_open()


rules.add_perm("participation.manage_roles", is_admin)
rules.add_perm("participation.add_organisation", is_admin)
rules.add_perm(
    "participation.add_comment",
    has_verified_email & target_accepts_comments,
)
rules.add_perm(
    "participation.change_comment",
    has_verified_email & is_comment_author & comment_edit_window_open,
)
rules.add_perm("participation.flag_comment", has_verified_email & ~is_comment_author)
rules.add_perm("participation.hide_comment", is_moderator)
rules.add_perm("participation.follow", rules.is_authenticated)
