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


rules.add_perm("participation.manage_roles", is_admin)
rules.add_perm("participation.add_organisation", is_admin)
