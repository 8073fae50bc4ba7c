"""Citizen proposals and problem reports, their supports and their public timeline."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.models import Area, Bilingual, Organisation


class Category(Bilingual):
    """A subject proposals are filed under (roads, waste, safety), per organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="proposal_categories"
    )
    slug = models.SlugField(max_length=60)
    name_th = models.CharField(_("name (Thai)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        ordering = ["organisation", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="unique_category_slug"
            )
        ]

    def __str__(self) -> str:
        return self.tr("name")


class ProposalSettings(models.Model):
    """An organisation's rules for proposals: support threshold and period."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="proposal_settings"
    )
    support_threshold = models.PositiveIntegerField(
        _("supports needed to qualify"), default=100, validators=[MinValueValidator(1)]
    )
    support_days = models.PositiveIntegerField(
        _("days a proposal collects supports"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")

    def __str__(self) -> str:
        return str(self.organisation)


#: A tracking number as people type it: ``RK-2569-000123``, ``rk 2569 123``,
#: ``RK2569000123`` (dashes and spaces removed before matching).
TRACKING = re.compile(r"(?:RK)?-?(\d{4})-?(\d{1,6})")


def tracking_number_from(match: re.Match) -> str:
    """The canonical ``RK-<year>-<6 digits>`` from a ``TRACKING`` match."""
    return f"RK-{match.group(1)}-{int(match.group(2)):06d}"


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Everything past draft: what anyone may see."""
        return self.exclude(status=Proposal.Status.DRAFT)

    def awaiting_answer(self):
        """Submissions an official still has to act on, oldest first."""
        return self.filter(status__in=Proposal.AWAITING).order_by("submitted_at", "pk")


class Proposal(models.Model):
    """A policy idea (ข้อเสนอ) or a problem report (เรื่องแจ้งปัญหา).

    Every submission has a public tracking number ``RK-<B.E. year>-<6 digits>``
    (``RK-2569-000123``). Status changes are made by ``proposals.services`` and
    each leaves a ``StatusChange`` on the public timeline. ``search_text`` holds
    the normalised title and body (NFC, SARA AM folded) for substring search,
    since Thai has no spaces between words.
    """

    class Kind(models.TextChoices):
        IDEA = "idea", _("Policy idea")
        REPORT = "report", _("Problem report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        QUALIFIED = "qualified", _("Qualified")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("on paper")
        PHONE = "phone", _("by phone")
        COUNTER = "counter", _("at the counter")

    #: Statuses that wait for an official's action (the officials' desk).
    AWAITING = ("published", "qualified", "under_review", "received", "in_progress")

    tracking_number = models.CharField(
        _("tracking number"), max_length=20, unique=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    body_html = models.TextField(_("details"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.CharField(
        _("received"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    #: For submissions registered by an official: the person's name and contact,
    #: kept private (never shown publicly, never exported).
    submitter_name = models.CharField(
        _("name of the person"), max_length=200, blank=True
    )
    submitter_contact = models.CharField(
        _("contact of the person"), max_length=200, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo = models.ImageField(
        _("photo"), upload_to="proposals/%Y/%m/", blank=True, max_length=200
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True
    )
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    supports_close_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["status", "submitted_at"])]

    #: people may follow a proposal (participation.notifications)
    followable = True

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.tracking_number])

    def comments_allowed(self, user) -> bool:
        """Verified people comment on any submission past draft (the comments hook)."""
        return (
            self.status != self.Status.DRAFT
            and user.is_authenticated
            and user.verification_level >= 1
        )

    @property
    def photo_size(self) -> tuple[int, int] | None:
        """The photo's (width, height) in pixels, or None when it cannot be read."""
        if not self.photo:
            return None
        try:
            return self.photo.width, self.photo.height
        except (OSError, ValueError):
            return None

    @property
    def is_report(self) -> bool:
        return self.kind == self.Kind.REPORT

    @property
    def is_open_for_support(self) -> bool:
        """Ideas collect supports while published or qualified, until the deadline."""
        return (
            self.kind == self.Kind.IDEA
            and self.status in (self.Status.PUBLISHED, self.Status.QUALIFIED)
            and (
                self.supports_close_at is None
                or timezone.now() < self.supports_close_at
            )
        )


class StatusChange(models.Model):
    """One step on a proposal's public timeline, with the official answer."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="timeline"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Proposal.Status.choices)
    answer = models.TextField(_("official answer"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_official = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("proposal timeline", "status change")
        verbose_name_plural = pgettext_lazy("proposal timeline", "status changes")

    def __str__(self) -> str:
        return f"{self.proposal.tracking_number}: {self.from_status} → {self.to_status}"


class Support(models.Model):
    """One verified person's support for a proposal (one each, withdrawable)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="one_support_per_user_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"Support {self.pk}"


class TrackingCounter(models.Model):
    """The last tracking number given in a Buddhist Era year (locked to increment)."""

    year_be = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year_be}: {self.last}"
