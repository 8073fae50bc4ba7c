"""Reads of comments: a target's thread as one person sees it, the moderation queue.

A thread costs a fixed number of queries whatever its length: the top-level
comments with their authors, then every reply with its author (one prefetch).
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from participation.models import Comment, CommentFlag, User
from participation.rules import has_verified_email, is_moderator
from participation.sanitize import editable_text


def _annotated(comments: QuerySet, user, moderator: bool) -> QuerySet:
    comments = comments.select_related("author")
    if user.is_authenticated:
        comments = comments.annotate(
            flagged_by_me=Exists(
                CommentFlag.objects.filter(comment=OuterRef("pk"), user=user.pk)
            )
        )
    if moderator:
        comments = comments.annotate(
            open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True))
        )
    return comments


def _mark_permissions(
    comment: Comment, *, user, verified: bool, moderator: bool, may_comment: bool
) -> None:
    """Attach what ``user`` may do with ``comment`` (the rules, without queries)."""
    own = user.is_authenticated and comment.author_id == user.pk
    comment.is_own = own
    comment.can_reply = (
        may_comment and comment.parent_id is None and not comment.is_hidden
    )
    comment.can_edit = verified and own and comment.edit_window_open()
    comment.can_flag = (
        verified
        and not own
        and not comment.is_hidden
        and not getattr(comment, "flagged_by_me", False)
    )
    comment.can_moderate = moderator
    if comment.can_edit:
        comment.editable_text = editable_text(comment.body_html)


def comment_thread(*, target, user) -> dict:
    """``target``'s comments, oldest first, each with ``reply_list`` (oldest first).

    Each comment carries ``can_reply``, ``can_edit``, ``can_flag``,
    ``can_moderate``, ``is_own`` for ``user`` (and ``open_flags`` for
    moderators, ``editable_text`` when it may be edited). Returns
    ``{"comments", "count", "may_comment", "verified", "moderator"}``.
    """
    moderator = bool(is_moderator(user))
    verified = bool(has_verified_email(user))
    hook = getattr(target, "comments_allowed", None)
    may_comment = verified and callable(hook) and bool(hook(user))
    replies = Prefetch(
        "replies",
        queryset=_annotated(
            Comment.objects.order_by("created_at", "id"), user, moderator
        ),
        to_attr="reply_list",
    )
    comments = list(
        _annotated(
            Comment.objects.on(target).filter(parent__isnull=True), user, moderator
        ).prefetch_related(replies)
    )
    count = 0
    for comment in comments:
        for item in [comment, *comment.reply_list]:
            count += 1
            _mark_permissions(
                item,
                user=user,
                verified=verified,
                moderator=moderator,
                may_comment=may_comment,
            )
    return {
        "comments": comments,
        "count": count,
        "may_comment": may_comment,
        "verified": verified,
        "moderator": moderator,
    }


def flagged_comments() -> list[Comment]:
    """Visible comments with open flags, most flagged first, for the moderators.

    Each has ``open_flags`` (a count) and ``open_flag_list`` (with who flagged).
    """
    open_flags = Prefetch(
        "flags",
        queryset=CommentFlag.objects.open().select_related("user"),
        to_attr="open_flag_list",
    )
    return list(
        Comment.objects.visible()
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .filter(open_flags__gt=0)
        .select_related("author", "content_type")
        .prefetch_related(open_flags, "target")
        .order_by("-open_flags", "created_at", "id")
    )


def comment_count(target) -> int:
    """How many comments ``target`` has, hidden ones included (they stay in place)."""
    return Comment.objects.on(target).count()


def user_comments(user: User) -> QuerySet:
    """A person's own comments, newest first (their data download, their profile)."""
    return Comment.objects.filter(author=user).order_by("-created_at")
