"""Writes of comments: write, reply, edit, flag, hide and restore.

Every service checks the permission itself (``participation/rules.py``; the views
check it too), locks the comment it changes, and raises ``CommentError(code)``
when it refuses. Moderation leaves an audit event and tells the author.
"""

import rules
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from participation.models import Comment, CommentFlag, User
from participation.notifications.services import notify_followers, notify_users
from participation.sanitize import clean_html, plain_text, visible_text
from participation.services import audit_log

from .signals import comment_created

#: Longest comment a person may send, in characters as typed.
MAX_BODY_LENGTH = 10_000
#: Longest flag or moderation reason, in characters.
MAX_REASON_LENGTH = 500

COMMENT_ERROR_MESSAGES = {
    "not_allowed": _("You cannot do this."),
    "depth": _("You can reply to a comment, but not to a reply."),
    "empty": _("Write your comment first."),
    "too_long": _("A comment can be at most %(max)s characters long."),
    "bad_stance": _("Choose for, neutral or against, or no stance."),
    "wrong_target": _("This reply does not belong to this page."),
    "edit_window_closed": _(
        "A comment can only be changed within 15 minutes of writing it."
    ),
    "already_flagged": _("You have already reported this comment."),
    "reason_required": _("Give a reason."),
    "reason_too_long": _("A reason can be at most %(max)s characters long."),
    "already_hidden": _("A moderator has already hidden this comment."),
    "not_hidden": _("This comment is not hidden."),
}


class CommentError(Exception):
    """A comment action was refused; ``code`` is stable, ``message`` translated.

    Codes: ``not_allowed``, ``depth`` (a reply to a reply), ``empty``,
    ``too_long``, ``bad_stance``, ``wrong_target``, ``edit_window_closed``,
    ``already_flagged``, ``reason_required``, ``reason_too_long``,
    ``already_hidden``, ``not_hidden``.
    """

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(COMMENT_ERROR_MESSAGES[self.code]) % self.params


def comment_url(comment: Comment) -> str:
    """The comment's permalink (redirects to its place on the target's page)."""
    return reverse("comments:permalink", args=[comment.pk])


def _clean_body(body: str) -> str:
    if len(body or "") > MAX_BODY_LENGTH:
        raise CommentError("too_long", max=f"{MAX_BODY_LENGTH:,}")
    body_html = clean_html(body or "")
    if not visible_text(body_html):
        raise CommentError("empty")
    return body_html


def _clean_reason(reason: str) -> str:
    reason = plain_text(reason or "")
    if not reason:
        raise CommentError("reason_required")
    if len(reason) > MAX_REASON_LENGTH:
        raise CommentError("reason_too_long", max=MAX_REASON_LENGTH)
    return reason


def _excerpt(comment: Comment) -> str:
    return Truncator(visible_text(comment.body_html)).chars(140)


@transaction.atomic
def comment_create(
    *,
    author: User,
    target,
    body: str,
    stance: str = "",
    parent: Comment | None = None,
) -> Comment:
    """Write a comment on ``target``, or a reply to ``parent`` (on the same target).

    ``body`` is what the person typed (plain text or a little HTML); it is stored
    cleaned (``participation.sanitize.clean_html``). ``stance`` is ``"for"``,
    ``"neutral"``, ``"against"`` or empty. Replies go one level deep: a reply to
    a reply raises ``CommentError("depth")``. The parent's author is notified.
    """
    if not rules.has_perm("participation.add_comment", author, target):
        raise CommentError("not_allowed")
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if parent.parent_id is not None:
            raise CommentError("depth")
        if (parent.content_type_id, parent.object_id) != (content_type.pk, target.pk):
            raise CommentError("wrong_target")
        if parent.is_hidden:
            raise CommentError("not_allowed")
    if stance not in {"", *Comment.Stance.values}:
        raise CommentError("bad_stance")
    comment = Comment(
        content_type=content_type,
        object_id=target.pk,
        author=author,
        parent=parent,
        body_html=_clean_body(body),
        stance=stance,
    )
    comment.full_clean()
    comment.save()
    comment_created.send(sender=Comment, comment=comment, target=target)
    if parent is not None and parent.author_id and parent.author_id != author.pk:
        notify_users(
            recipients=[parent.author],
            verb="comment.replied",
            target=target,
            url=comment_url(comment),
            text=(
                gettext_noop(
                    "%(name)s replied to your comment on %(target)s: “%(excerpt)s”"
                ),
                {"name": author, "target": target, "excerpt": _excerpt(comment)},
            ),
        )
    # Followers of the target (its author, for proposals) hear of new comments;
    # the parent's author was told above, the writer needs no telling.
    skip = [author] + ([parent.author] if parent is not None and parent.author else [])
    notify_followers(
        target=target,
        verb="comment.created",
        url=comment_url(comment),
        text=(
            gettext_noop("%(name)s commented on %(target)s: “%(excerpt)s”"),
            {"name": author, "target": target, "excerpt": _excerpt(comment)},
        ),
        exclude=skip,
    )
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, editor: User, body: str) -> Comment:
    """The author changes their comment within 15 minutes of writing it.

    Raises ``CommentError``: ``not_allowed`` (not the author, or hidden),
    ``edit_window_closed``, ``empty``, ``too_long``.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    is_author = editor.is_authenticated and comment.author_id == editor.pk
    if not is_author or comment.is_hidden:
        raise CommentError("not_allowed")
    if not comment.edit_window_open():
        raise CommentError("edit_window_closed")
    if not rules.has_perm("participation.change_comment", editor, comment):
        raise CommentError("not_allowed")
    comment.body_html = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_flag(*, comment: Comment, user: User, reason: str) -> CommentFlag:
    """``user`` reports ``comment`` to the moderators, once.

    Raises ``CommentError``: ``not_allowed`` (own comment, unverified),
    ``already_hidden``, ``already_flagged``, ``reason_required``.
    """
    comment = Comment.objects.get(pk=comment.pk)
    if not rules.has_perm("participation.flag_comment", user, comment):
        raise CommentError("not_allowed")
    if comment.is_hidden:
        raise CommentError("already_hidden")
    reason = _clean_reason(reason)
    if CommentFlag.objects.filter(comment=comment, user=user).exists():
        raise CommentError("already_flagged")
    flag = CommentFlag(comment=comment, user=user, reason=reason)
    flag.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError as error:  # the same person, twice at once
        raise CommentError("already_flagged") from error
    return flag


def _tell_author(comment: Comment, *, verb: str, text: tuple) -> None:
    if comment.author_id is None:
        return
    notify_users(
        recipients=[comment.author],
        verb=verb,
        target=comment.target,
        url=comment_url(comment),
        text=text,
    )


@transaction.atomic
def comment_hide(*, comment: Comment, moderator: User, reason: str) -> Comment:
    """A moderator hides ``comment``; the reason stays visible in its place.

    Open flags on it are resolved, an audit event is written and the author is
    told. Raises ``CommentError``: ``not_allowed`` (not a moderator),
    ``reason_required``, ``already_hidden``.
    """
    if not rules.has_perm("participation.hide_comment", moderator, comment):
        raise CommentError("not_allowed")
    reason = _clean_reason(reason)
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author")
        .get(pk=comment.pk)
    )
    if comment.is_hidden:
        raise CommentError("already_hidden")
    now = timezone.now()
    comment.hidden_at = now
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    flags = comment.flags.open().update(resolved_at=now)
    audit_log(
        actor=moderator,
        action="comment.hidden",
        target=comment,
        data={"reason": reason, "flags_resolved": flags},
    )
    _tell_author(
        comment,
        verb="comment.hidden",
        text=(
            gettext_noop(
                "A moderator hid your comment on %(target)s. Reason: %(reason)s"
            ),
            {"target": comment.target, "reason": reason},
        ),
    )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator: User) -> Comment:
    """A moderator shows a hidden comment again (audited; the author is told)."""
    if not rules.has_perm("participation.hide_comment", moderator, comment):
        raise CommentError("not_allowed")
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author")
        .get(pk=comment.pk)
    )
    if not comment.is_hidden:
        raise CommentError("not_hidden")
    audit_log(
        actor=moderator,
        action="comment.restored",
        target=comment,
        data={"reason_was": comment.hidden_reason},
    )
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _tell_author(
        comment,
        verb="comment.restored",
        text=(
            gettext_noop("A moderator showed your comment on %(target)s again."),
            {"target": comment.target},
        ),
    )
    return comment


@transaction.atomic
def comment_flags_dismiss(*, comment: Comment, moderator: User) -> int:
    """A moderator keeps a flagged comment visible: its open flags are resolved."""
    if not rules.has_perm("participation.hide_comment", moderator, comment):
        raise CommentError("not_allowed")
    resolved = comment.flags.open().update(resolved_at=timezone.now())
    if resolved:
        audit_log(
            actor=moderator,
            action="comment.flags_dismissed",
            target=comment,
            data={"flags_resolved": resolved},
        )
    return resolved
