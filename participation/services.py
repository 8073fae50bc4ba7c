"""Writes of the shared core: role grants and the audit log."""

from django.db import transaction

from .models import AuditEvent, Organisation, RoleGrant, User


def audit_log(*, actor: User | None, action: str, target, data: dict | None = None):
    """Append an audit event for ``target`` (any model instance); return it.

    ``action`` is a stable dotted code (``ballot.paper_entered``,
    ``role.granted``). ``data`` must be JSON-serialisable and must never hold how
    somebody voted (ballot secrecy).
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    granted_by: User | None = None,
) -> RoleGrant:
    """Give ``user`` the ``role`` (``official`` needs an ``organisation``).

    Granting the admin role also lets the person into Django's admin site.
    Raises ``ValueError`` for an unknown role or an official without organisation.
    Idempotent: granting a role the person holds returns the existing grant.
    """
    if role not in RoleGrant.Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    if role == RoleGrant.Role.OFFICIAL and organisation is None:
        raise ValueError("An official belongs to an organisation.")
    if role != RoleGrant.Role.OFFICIAL:
        organisation = None
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, organisation=organisation
    )
    if role == RoleGrant.Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    if created:
        audit_log(
            actor=granted_by,
            action="role.granted",
            target=user,
            data={
                "role": role,
                "organisation": organisation.slug if organisation else None,
            },
        )
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, revoked_by: User | None = None) -> None:
    """Remove a role grant, with an audit event."""
    audit_log(
        actor=revoked_by,
        action="role.revoked",
        target=grant.user,
        data={
            "role": grant.role,
            "organisation": grant.organisation.slug if grant.organisation else None,
        },
    )
    grant.delete()
    user = grant.user
    if grant.role == RoleGrant.Role.ADMIN and (user.is_staff or user.is_superuser):
        # admin access came from the grant; it goes with it
        user.is_staff = False
        user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])


class ProfileError(Exception):
    """A profile change was refused; ``code`` is stable."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    home_area,
    home_area_locked: bool = False,
) -> User:
    """Change a person's display name, language and home area.

    ``home_area_locked`` (decided by the caller, who knows about ballots) refuses a
    new home area while the person holds an area ballot in an open vote, so no one
    votes in two areas. Raises ``ProfileError("home_area_locked")``.
    """
    if home_area_locked and home_area != user.home_area:
        raise ProfileError("home_area_locked")
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.home_area = home_area
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "preferred_language", "home_area"])
    return user
