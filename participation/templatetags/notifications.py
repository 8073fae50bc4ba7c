"""``{% load notifications %}``: the unread count shown in the site menu."""

from django import template

from participation.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """How many unread notifications the signed-in person has (0 for visitors).

    Counted once per request, however many times a page asks.
    """
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is not None and hasattr(request, "_unread_notifications"):
        return request._unread_notifications
    count = Notification.objects.unread().filter(recipient=user).count()
    if request is not None:
        request._unread_notifications = count
    return count
