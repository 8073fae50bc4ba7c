"""Comments on proposals, budget projects and consultation sections.

Threaded to depth 2 (comments and replies to them), with an optional stance,
sanitised by ``participation.sanitize``, flagged by people and hidden by
moderators with a reason that stays visible.

A model becomes a comment target by defining ``comments_allowed(self, user) ->
bool`` (whether ``user`` may comment on this object now: its status, phase,
visibility) and ``get_absolute_url()`` (the page the thread is on). Writes are in
``participation.comments.services`` (also importable from here), reads in
``participation.comments.selectors``, and the thread is rendered by
``{% load comments %}{% comment_thread target %}``. ``signals.comment_created``
lets a domain app keep a denormalised count.

The services are loaded lazily: ``participation.models`` imports
``participation.comments.models`` while the app registry loads, before the
services (which import the models) can be.
"""

_SERVICES = {
    "comment_create",
    "comment_edit",
    "comment_flag",
    "comment_hide",
    "comment_restore",
    "comment_flags_dismiss",
    "CommentError",
}


def __getattr__(name: str):
    """``from participation.comments import comment_create`` (lazily)."""
    if name in _SERVICES:
        from . import services

        return getattr(services, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
