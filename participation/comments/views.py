"""Comment forms: plain POSTs that call a service, then go back to the page.

Every form works without JavaScript. After a write the person returns to the
page they came from (``next``, a path on this site only) at the comment's
anchor. A refused comment or edit shows its form again with the text kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.models import Comment
from participation.rules import is_moderator
from participation.sanitize import editable_text
from participation.targets import safe_next, target_from_key, target_key, target_url

from .forms import CommentForm
from .selectors import flagged_comments
from .services import (
    CommentError,
    comment_create,
    comment_edit,
    comment_flag,
    comment_flags_dismiss,
    comment_hide,
    comment_restore,
)


def _back(request, comment: Comment | None = None, fallback: str = "/"):
    url = safe_next(request, fallback)
    if comment is not None:
        url += f"#comment-{comment.pk}"
    return HttpResponseRedirect(url)


def _comment_target_url(comment: Comment) -> str:
    return target_url(comment.target) if comment.target is not None else "/"


@require_POST
def comment_create_view(request):
    """A new comment on a target (``content_type`` + ``object_id``) or a reply."""
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request))
    parent = None
    if request.POST.get("parent"):
        if not request.POST["parent"].isdecimal():
            raise Http404
        parent = get_object_or_404(Comment, pk=request.POST["parent"])
        target = parent.target
        if target is None:
            raise Http404
    else:
        target = target_from_key(
            request.POST.get("content_type", ""), request.POST.get("object_id")
        )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = comment_create(
                author=request.user,
                target=target,
                body=form.cleaned_data["body"],
                stance="" if parent else form.cleaned_data["stance"],
                parent=parent,
            )
        except CommentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your reply was published.")
                if parent
                else _("Your comment was published."),
            )
            return _back(request, comment, target_url(target))
    return render(
        request,
        "participation/comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "target_key": target_key(target),
            "parent": parent,
            "next": safe_next(request, target_url(target)),
            "action": "reply" if parent else "create",
        },
    )


@login_required
def comment_edit_view(request, pk: int):
    """The author changes their comment within 15 minutes (a page, or inline)."""
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    fallback = _comment_target_url(comment)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_edit(
                    comment=comment, editor=request.user, body=form.cleaned_data["body"]
                )
            except CommentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your comment was changed."))
                return _back(request, comment, fallback)
    else:
        form = CommentForm(initial={"body": editable_text(comment.body_html)})
    return render(
        request,
        "participation/comments/comment_form.html",
        {
            "form": form,
            "comment": comment,
            "target": comment.target,
            "next": safe_next(request, fallback),
            "action": "edit",
        },
    )


def _moderation(request, pk: int, action):
    """Run ``action(comment, reason)``, which returns the success message; go back."""
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request))
    comment = get_object_or_404(Comment, pk=pk)
    # The services clean and check the reason (required, length).
    reason = request.POST.get("reason", "")
    try:
        success = action(comment, reason)
    except CommentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(request, comment, _comment_target_url(comment))


def _require_moderator(request) -> None:
    if request.user.is_authenticated and not is_moderator(request.user):
        raise PermissionDenied


@require_POST
def comment_flag_view(request, pk: int):
    """Report a comment to the moderators, with a reason."""

    def flag(comment, reason):
        comment_flag(comment=comment, user=request.user, reason=reason)
        return _("Thank you. The moderators will look at this comment.")

    return _moderation(request, pk, flag)


@require_POST
def comment_hide_view(request, pk: int):
    """A moderator hides a comment, with a reason everyone sees."""
    _require_moderator(request)

    def hide(comment, reason):
        comment_hide(comment=comment, moderator=request.user, reason=reason)
        return _("The comment was hidden. Its author has been told.")

    return _moderation(request, pk, hide)


@require_POST
def comment_restore_view(request, pk: int):
    """A moderator shows a hidden comment again."""
    _require_moderator(request)

    def restore(comment, reason):
        comment_restore(comment=comment, moderator=request.user)
        return _("The comment is shown again.")

    return _moderation(request, pk, restore)


@require_POST
def comment_keep_view(request, pk: int):
    """A moderator keeps a flagged comment visible (its reports are closed)."""
    _require_moderator(request)

    def keep(comment, reason):
        comment_flags_dismiss(comment=comment, moderator=request.user)
        return _("The comment stays visible; its reports were closed.")

    return _moderation(request, pk, keep)


def comment_permalink(request, pk: int):
    """A comment's lasting address: its place on its target's page."""
    comment = get_object_or_404(Comment, pk=pk)
    url = target_url(comment.target) if comment.target is not None else ""
    if not url:
        raise Http404
    return HttpResponseRedirect(f"{url}#comment-{comment.pk}")


@login_required
def moderation_queue(request):
    """Comments people reported, most reported first, for the moderators."""
    if not is_moderator(request.user):
        raise PermissionDenied
    return render(
        request,
        "participation/comments/moderation_queue.html",
        {"comments": flagged_comments()},
    )
