"""Notifications page, follow button, and the unsubscribe link from e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from participation.models import Notification
from participation.rules import is_moderator
from participation.targets import safe_next, target_from_key, target_url

from .services import (
    FollowError,
    email_notifications_set,
    follow,
    notifications_mark_read,
    unfollow,
    user_for_unsubscribe_token,
)

PAGE_SIZE = 30


@login_required
def notification_list(request):
    """A person's notifications, newest first; unread ones stand out."""
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/notifications.html",
        {
            "page": page,
            "unread": notifications.unread().count(),
            "is_moderator": is_moderator(request.user),
        },
    )


@login_required
def notification_open(request, pk: int):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications_mark_read(user=request.user, notification=notification)
    url = notification.url
    if not url.startswith("/") or url.startswith("//"):
        url = reverse("notifications:list")
    return HttpResponseRedirect(url)


@login_required
@require_POST
def notifications_read(request):
    """Mark all of one's notifications read."""
    notifications_mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return HttpResponseRedirect(safe_next(request, reverse("notifications:list")))


@login_required
@require_POST
def email_settings(request):
    """Turn notification e-mail on or off from the notifications page."""
    enabled = request.POST.get("email_notifications") == "on"
    email_notifications_set(user=request.user, enabled=enabled)
    messages.success(
        request,
        _("You will receive your notifications by e-mail.")
        if enabled
        else _("You will no longer receive notifications by e-mail."),
    )
    return HttpResponseRedirect(reverse("notifications:list"))


@csrf_exempt
def unsubscribe(request, token: str):
    """Stop notification e-mail from a link in one, without logging in.

    GET asks to confirm (mail scanners follow links; a GET must change nothing);
    POST applies. The signed token is the authority, so the POST needs no CSRF
    token: mail programs send the one-click POST of RFC 8058 without one.
    """
    user = user_for_unsubscribe_token(token)
    if user is None:
        return render(
            request, "participation/notifications_unsubscribe.html", {}, status=400
        )
    done = False
    if request.method == "POST":
        email_notifications_set(user=user, enabled=False)
        done = True
    return render(
        request,
        "participation/notifications_unsubscribe.html",
        {"person": user, "done": done, "token": token},
    )


@require_POST
def follow_toggle(request):
    """Follow or stop following a target (``content_type`` + ``object_id``)."""
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request))
    target = target_from_key(
        request.POST.get("content_type", ""), request.POST.get("object_id")
    )
    back = safe_next(request, target_url(target))
    if request.POST.get("action") == "unfollow":
        unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    else:
        try:
            follow(user=request.user, target=target)
        except FollowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You follow this now. You will be notified when something changes."),
            )
    return HttpResponseRedirect(back)
