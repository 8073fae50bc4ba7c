"""Follows and notifications: in-site notifications and e-mail.

A person follows a proposal, a project or an area; the domain app calls
``notify_followers`` on status changes and official answers, and the comment
services notify the author of a comment when somebody replies or a moderator
hides it. Each notification is written in its recipient's language; e-mail goes
out after commit, with an unsubscribe link that works without logging in.

A model can be followed when it has ``followable = True`` (and a
``get_absolute_url()``).

The services are importable from here (``from participation.notifications import
notify_followers``) but are loaded lazily: ``participation.models`` imports
``participation.notifications.models`` while the app registry loads, before the
services (which import the models) can be.
"""

_SERVICES = {
    "follow",
    "unfollow",
    "is_following",
    "notify_followers",
    "notify_users",
    "notifications_mark_read",
    "email_notifications_set",
    "unsubscribe_token",
    "FollowError",
}


def __getattr__(name: str):
    """``from participation.notifications import notify_followers`` (lazily)."""
    if name in _SERVICES:
        from . import services

        return getattr(services, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
