"""Writes of follows and notifications, and the e-mail that goes with them.

Domain apps call ``notify_followers`` (status changes, official answers) and
``notify_users`` (one person: the author of a comment). Each notification's text
and link are rendered inside ``translation.override(recipient.preferred_language)``
and stored; e-mail is sent after the transaction commits, never before, so a
rolled-back change mails nobody. E-mail goes only to people with a verified
address who have not unsubscribed (``User.email_notifications``).
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participation.models import Follow, Notification, User

logger = logging.getLogger("ruamkid.notifications")

#: A notification's text: ``callable(language) -> str``, or ``(msgid, params)``
#: where ``msgid`` was marked with ``gettext_noop`` and ``params`` values are
#: turned into text in the recipient's language (lazy strings, bilingual objects).
Text = Callable[[str], str] | tuple[str, Mapping]

UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"

FOLLOW_ERROR_MESSAGES = {
    "not_followable": _("This cannot be followed."),
    "not_allowed": _("Log in to follow."),
}


class FollowError(Exception):
    """A follow was refused; ``code``: ``not_followable`` or ``not_allowed``."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(FOLLOW_ERROR_MESSAGES[self.code])


def is_followable(target) -> bool:
    """Whether ``target``'s model opted in with ``followable = True``."""
    return bool(getattr(target, "followable", False)) and target.pk is not None


@transaction.atomic
def follow(*, user: User, target) -> Follow:
    """``user`` follows ``target``; idempotent. Raises ``FollowError``."""
    if not user.is_authenticated or not user.is_active:
        raise FollowError("not_allowed")
    if not is_followable(target):
        raise FollowError("not_followable")
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            existing, _created = Follow.objects.get_or_create(
                user=user, content_type=content_type, object_id=target.pk
            )
    except IntegrityError:  # a concurrent request followed first
        existing = Follow.objects.get(
            user=user, content_type=content_type, object_id=target.pk
        )
    return existing


@transaction.atomic
def unfollow(*, user: User, target) -> bool:
    """``user`` stops following ``target``; True if they were following it."""
    deleted, _details = Follow.objects.of(target).filter(user=user).delete()
    return deleted > 0


def is_following(*, user, target) -> bool:
    return (
        user.is_authenticated and Follow.objects.of(target).filter(user=user).exists()
    )


def render_text(text: Text, language: str) -> str:
    """The notification text in ``language`` (see ``Text``)."""
    with translation.override(language):
        if callable(text):
            return str(text(language))
        msgid, params = text
        translated = gettext(msgid)
        return translated % dict(params) if params else translated


def localized_path(path: str, language: str) -> str:
    """``path`` on the site as it reads in ``language`` (``/th/x/`` -> ``/en/x/``).

    The path is resolved in the language of its own prefix: ``i18n_patterns``
    only match the active language's prefix.
    """
    prefix = path.split("/")[1] if path.startswith("/") and "/" in path[1:] else ""
    source = (
        prefix if prefix in dict(settings.LANGUAGES) else translation.get_language()
    )
    with translation.override(source):
        return translate_url(path, language)


def absolute_url(path: str) -> str:
    """``SITE_URL`` + ``path``: links in e-mail must work outside the site."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user: User) -> str:
    """A signed token naming ``user``: the unsubscribe link works without login."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str) -> User | None:
    """The person a token names, or None when it is forged or the account is gone."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def unsubscribe_url(user: User, language: str) -> str:
    with translation.override(language):
        return absolute_url(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])
        )


def wants_email(user: User) -> bool:
    """Verified address, active account, notification e-mail not turned off."""
    return bool(
        user.email
        and user.is_active
        and user.email_notifications
        and user.verification_level >= User.Verification.EMAIL
    )


def _email(recipient: User, notification: Notification, language: str):
    with translation.override(language):
        one_line = " ".join(notification.text.split())
        subject = gettext("Ruamkid: %(text)s") % {"text": Truncator(one_line).chars(70)}
        stop_url = unsubscribe_url(recipient, language)
        body = render_to_string(
            "participation/notifications/email.txt",
            {
                "recipient": recipient,
                "text": notification.text,
                "link": absolute_url(notification.url) if notification.url else "",
                "notifications_url": absolute_url(reverse("notifications:list")),
                "unsubscribe_url": stop_url,
            },
        )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.email],
        headers={
            # One-click unsubscribe for mail programs (RFC 2369 and RFC 8058).
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send(messages: list[EmailMessage]) -> None:
    """Send after commit; a mail server failure is logged, never raised."""
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:
        logger.exception("%d notification e-mails could not be sent", len(messages))


@transaction.atomic
def notify_users(
    *,
    recipients: Iterable[User],
    verb: str,
    text: Text,
    target=None,
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each of ``recipients`` in their language, in the site and by e-mail.

    ``verb`` is a stable code (``comment.replied``); ``url`` a path on the site
    (any language prefix: it is translated per recipient). Inactive accounts are
    skipped. E-mail (unless ``email=False``) is sent after commit. Returns the
    notifications created. Rows are written with ``bulk_create`` (our own text,
    nothing to validate) so a fan-out to many followers costs one insert.
    """
    content_type = ContentType.objects.get_for_model(target) if target else None
    notifications, messages, seen = [], [], set()
    for recipient in recipients:
        if recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            notification = Notification(
                recipient=recipient,
                verb=verb,
                content_type=content_type,
                object_id=target.pk if target else None,
                url=localized_path(url, language) if url else "",
                text=render_text(text, language),
            )
        notifications.append(notification)
        if email and wants_email(recipient):
            messages.append(_email(recipient, notification, language))
    Notification.objects.bulk_create(notifications)
    if messages:
        transaction.on_commit(partial(_send, messages))
    return notifications


def _as_ids(exclude) -> set[int]:
    if exclude is None:
        return set()
    if isinstance(exclude, User):
        return {exclude.pk}
    return {user.pk for user in exclude}


def notify_followers(
    *,
    target,
    verb: str,
    url: str,
    text: Text,
    exclude: User | Iterable[User] | None = None,
    also_followers_of: Iterable = (),
) -> list[Notification]:
    """Notify everyone who follows ``target`` (and ``also_followers_of``: an area).

    ``exclude`` is the person who acted (they know already). Each follower is
    notified once even when following several of the targets. See
    ``notify_users`` for ``verb``, ``url`` and ``text``.
    """
    followed_targets = [t for t in [target, *also_followers_of] if t is not None]
    if not followed_targets:
        return []
    where = Q()
    for followed in followed_targets:
        where |= Q(
            follows__content_type=ContentType.objects.get_for_model(followed),
            follows__object_id=followed.pk,
        )
    recipients = (
        User.objects.filter(where, is_active=True)
        .exclude(pk__in=_as_ids(exclude))
        .distinct()
        .order_by("pk")
    )
    return notify_users(
        recipients=recipients, verb=verb, text=text, target=target, url=url
    )


def notifications_mark_read(
    *, user: User, notification: Notification | None = None
) -> int:
    """Mark one of ``user``'s notifications, or all of them, read; return how many."""
    unread = Notification.objects.unread().filter(recipient=user)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def email_notifications_set(*, user: User, enabled: bool) -> User:
    """Turn notification e-mail on or off (the unsubscribe link turns it off)."""
    User.objects.filter(pk=user.pk).update(email_notifications=enabled)
    user.email_notifications = enabled
    return user
