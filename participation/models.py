"""The shared core's models: people, areas, organisations, roles and the audit log.

Comments and flags (``participation.comments.models``), follows and notifications
(``participation.notifications.models``) live beside their services and are
imported here, so they belong to this app and ``from participation.models import
Comment`` works.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .comments.models import Comment, CommentFlag  # noqa: F401
from .notifications.models import Follow, Notification  # noqa: F401


class Bilingual(models.Model):
    """Official content with Thai and English text, falling back to Thai.

    A subclass names its bilingual fields ``<name>_th`` / ``<name>_en``;
    ``obj.tr("name")`` gives the text in the active language.
    """

    class Meta:
        abstract = True

    def tr(self, field: str) -> str:
        """The ``field`` text in the active language; Thai when English is empty."""
        if translation.get_language() == "en":
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, f"{field}_th")

    def tr_language(self, field: str) -> str:
        """The language ``tr(field)`` is in: ``"th"`` or ``"en"``."""
        if translation.get_language() == "en" and getattr(self, f"{field}_en", ""):
            return "en"
        return "th"


class Area(Bilingual):
    """A district or sub-district (เขต, ชุมชน, ตำบล) with its code."""

    #: People follow an area to hear about what happens in it.
    followable = True

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.tr("name")


class Organisation(Bilingual):
    """A public body (municipality, SAO, ministry department) that owns budgets."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.tr("name")


class UserManager(BaseUserManager):
    """Users are identified by e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("verification_level", User.Verification.EMAIL)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account, identified by e-mail.

    ``verification_level``: 0 e-mail not yet verified, 1 e-mail verified, 2 residence
    verified (an official checked the person, or a Thai ID matched the register).
    ``thai_id_hmac`` is the HMAC-SHA256 of the 13-digit Thai ID under the secret
    pepper, never the ID itself (PDPA B.E. 2562); unique, so one person one account.
    """

    class Verification(models.IntegerChoices):
        UNVERIFIED = 0, _("e-mail not verified")
        EMAIL = 1, _("e-mail verified")
        RESIDENT = 2, _("residence verified")

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown beside what you write in public."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="th",
    )
    home_area = models.ForeignKey(
        Area,
        verbose_name=_("home area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    verification_level = models.PositiveSmallIntegerField(
        _("verification level"),
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    thai_id_hmac = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    email_notifications = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        help_text=_("Send me my notifications by e-mail too."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown beside public contributions (never the e-mail)."""
        return self.display_name or _("Member #%(number)s") % {"number": self.pk}

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class RoleGrant(models.Model):
    """A role held by a person: official (of an organisation), moderator or admin.

    Every person is a citizen; grants add the other roles. An official's grant
    names the organisation whose budgets and consultations they organise.
    """

    class Role(models.TextChoices):
        OFFICIAL = "official", _("official")
        MODERATOR = "moderator", _("moderator")
        ADMIN = "admin", _("admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="unique_role_grant"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True),
                name="unique_role_grant_without_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="official")
                | models.Q(organisation__isnull=False),
                name="official_has_organisation",
            ),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.get_role_display()} ({self.organisation})"
        return str(self.get_role_display())


class AuditEvent(models.Model):
    """An append-only record: who did what to which object, and when.

    Written by services for paper ballots, moderation, status changes, role grants
    and result publication. Rows are never updated or deleted through the ORM.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=60)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
