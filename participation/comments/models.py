"""Comments and flags.

Imported by ``participation.models`` (the app's models module), so it must not
import that module back: users are referred to by ``settings.AUTH_USER_MODEL``.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: How long after writing a comment its author may still change it.
EDIT_WINDOW = timedelta(minutes=15)
#: The deepest level: 1 is a comment on the target, 2 a reply to one.
MAX_DEPTH = 2


class CommentQuerySet(models.QuerySet):
    def on(self, target):
        """The comments on ``target`` (any model instance)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
        )

    def visible(self):
        """Comments not hidden by a moderator."""
        return self.filter(hidden_at__isnull=True)


class Comment(models.Model):
    """A comment on any target (generic relation), or a reply to a comment.

    ``body_html`` is always the output of ``participation.sanitize.clean_html``.
    ``author`` is None once its author closed their account ("former member").
    A hidden comment stays in place: everyone sees that a moderator hid it and
    why (``hidden_reason``); moderators still see the text.
    """

    class Stance(models.TextChoices):
        FOR = "for", pgettext_lazy("stance", "For")
        NEUTRAL = "neutral", pgettext_lazy("stance", "Neutral")
        AGAINST = "against", pgettext_lazy("stance", "Against")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body_html = models.TextField(_("comment"))
    stance = models.CharField(
        _("stance"), max_length=10, choices=Stance.choices, blank=True
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                name="comment_target_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stance__in=["", "for", "neutral", "against"]),
                name="comment_stance_known",
            ),
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True)
                | ~models.Q(hidden_reason=""),
                name="comment_hidden_with_reason",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.content_type_id}:{self.object_id}"

    @property
    def html(self) -> SafeString:
        """``body_html`` marked safe for templates: it was cleaned when written."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised by clean_html

    @property
    def depth(self) -> int:
        """1 for a comment on the target, 2 for a reply."""
        return 1 if self.parent_id is None else 2

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def edit_window_closes(self) -> datetime:
        return self.created_at + EDIT_WINDOW

    def edit_window_open(self, now: datetime | None = None) -> bool:
        """Whether the author may still change the text (15 minutes, not hidden)."""
        return (
            not self.is_hidden and (now or timezone.now()) < self.edit_window_closes()
        )


class CommentFlagQuerySet(models.QuerySet):
    def open(self):
        """Flags no moderator has acted on yet."""
        return self.filter(resolved_at__isnull=True)


class CommentFlag(models.Model):
    """A person reports a comment to the moderators (once per comment).

    A flag is resolved when a moderator hides the comment or decides to keep it;
    the moderation queue lists comments with open flags.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = CommentFlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="one_flag_per_user_per_comment"
            )
        ]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return f"flag on comment {self.comment_id}"
