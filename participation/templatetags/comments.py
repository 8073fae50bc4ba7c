"""``{% load comments %}``: a target's comment thread and a follow button.

``{% comment_thread proposal %}`` renders the thread with its forms (new comment
with stance, reply, edit, report, hide); ``{% follow_button proposal %}`` a
follow / stop following button. Both work without JavaScript.
"""

from django import template

from participation.comments.selectors import comment_thread as thread_for
from participation.comments.services import MAX_BODY_LENGTH, MAX_REASON_LENGTH
from participation.models import Comment
from participation.notifications.services import is_followable, is_following
from participation.targets import target_key, target_url

register = template.Library()


def _next(context, target) -> str:
    request = context.get("request")
    return request.get_full_path() if request is not None else target_url(target)


@register.inclusion_tag("participation/comments/thread.html", takes_context=True)
def comment_thread(context, target, heading_level: int = 2):
    """The comments on ``target`` as the current person sees them, with the forms.

    ``heading_level`` is the level of the "Comments" heading (2 by default).
    """
    user = context["user"]
    thread = thread_for(target=target, user=user)
    return {
        **thread,
        "target": target,
        "target_key": target_key(target),
        "user": user,
        "next": _next(context, target),
        "heading_level": heading_level,
        "stances": Comment.Stance.choices,
        "max_body": MAX_BODY_LENGTH,
        "max_reason": MAX_REASON_LENGTH,
    }


@register.inclusion_tag("participation/comments/follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow or stop following ``target``; a log-in link for visitors."""
    user = context["user"]
    return {
        "target": target,
        "target_key": target_key(target),
        "followable": is_followable(target),
        "following": is_following(user=user, target=target),
        "user": user,
        "next": _next(context, target),
    }
