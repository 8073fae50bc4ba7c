"""Consultations (public hearings on a draft), their questionnaires, hearing
sessions with a live room (Q&A and polls), and the published hearing report.

Writes are in ``consultations.services``; reads that cross models in
``consultations.selectors``. Thai law (Constitution B.E. 2560 s.77, the Act on
Legislative Drafting B.E. 2562) asks for at least 15 days open and a published
summary of the views with the agency's answers.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.models import Bilingual, Comment, Organisation

#: The shortest consultation period the guideline accepts (days).
LEGAL_MINIMUM_DAYS = 15


class Consultation(Bilingual):
    """A public consultation on a draft law, by-law, policy or project."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("consultation status", "Draft")
        OPEN = "open", pgettext_lazy("consultation status", "Open")
        CLOSED = "closed", pgettext_lazy("consultation status", "Closed")
        PUBLISHED = "published", _("Report published")

    followable = True

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_th = models.TextField(_("plain-language summary (Thai)"))
    summary_en = models.TextField(_("plain-language summary (English)"), blank=True)
    rationale_th = models.TextField(_("why it is needed (Thai)"), blank=True)
    rationale_en = models.TextField(_("why it is needed (English)"), blank=True)
    affected_th = models.TextField(_("who is affected (Thai)"), blank=True)
    affected_en = models.TextField(_("who is affected (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    draft_file = models.FileField(
        _("draft document (.pdf or .docx)"),
        upload_to="consultations/%Y/",
        blank=True,
        max_length=200,
        validators=[FileExtensionValidator(["pdf", "docx"])],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.tr("title")

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.slug])

    @property
    def period(self) -> timedelta:
        return self.closes_at - self.opens_at

    @property
    def is_shorter_than_legal_minimum(self) -> bool:
        """Open for less than 15 days (a warning, not a refusal)."""
        return is_short_period(self.opens_at, self.closes_at)

    def is_accepting(self, now=None) -> bool:
        """Open for comments and answers now: status open and within the dates."""
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at


def is_short_period(opens_at, closes_at) -> bool:
    """Whether a period is shorter than the legal minimum of 15 days."""
    if opens_at is None or closes_at is None:
        return False
    return closes_at - opens_at < timedelta(days=LEGAL_MINIMUM_DAYS)


class Section(Bilingual):
    """A numbered section (มาตรา / ข้อ) of the draft; people comment on each."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveIntegerField(_("number"))
    heading_th = models.CharField(_("heading (Thai)"), max_length=250, blank=True)
    heading_en = models.CharField(_("heading (English)"), max_length=250, blank=True)
    body_th = models.TextField(_("text (Thai)"))
    body_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["consultation", "number"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="unique_section_number"
            )
        ]

    def __str__(self) -> str:
        heading = self.tr("heading")
        return f"{self.consultation} · {self.number} {heading}".strip()

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:section", args=[self.consultation.slug, self.number]
        )

    def comments_allowed(self, user) -> bool:
        """Verified people comment while the consultation is open (comments hook)."""
        return (
            user.is_authenticated
            and user.verification_level >= 1
            and self.consultation.is_accepting()
        )


class Question(Bilingual):
    """A question of the consultation's questionnaire."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_th = models.CharField(_("question (Thai)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    choices_th = models.TextField(_("choices (Thai), one a line"), blank=True)
    choices_en = models.TextField(_("choices (English), one a line"), blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.tr("text")

    def choice_labels(self) -> list[str]:
        """The choices in the active language (Thai where English is missing)."""
        thai = [line.strip() for line in self.choices_th.splitlines() if line.strip()]
        english = [
            line.strip() for line in self.choices_en.splitlines() if line.strip()
        ]
        if translation.get_language() == "en" and len(english) == len(thai):
            return english
        return thai


class Response(models.Model):
    """One person's answers to a questionnaire (one each, editable while open)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                name="one_response_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"response {self.pk}"


class Answer(models.Model):
    """An answer to one question: chosen indexes, a scale value or text."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    choices = models.JSONField(default=list, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"


class HearingSession(Bilingual):
    """A hearing (เวทีรับฟังความคิดเห็น): in person, online or both, with a room."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sessions"
    )
    title_th = models.CharField(_("title (Thai)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_required = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    room_code = models.CharField(_("room code"), max_length=8, unique=True)
    room_open = models.BooleanField(_("room open for questions"), default=False)
    room_version = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("hearing session")
        verbose_name_plural = _("hearing sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.tr("title")

    def get_absolute_url(self) -> str:
        return reverse("consultations:room", args=[self.room_code])


class Registration(models.Model):
    """A person registered for a hearing session with limited seats."""

    session = models.ForeignKey(
        HearingSession, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_registration_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"registration {self.pk}"


class RoomQuestion(models.Model):
    """A question asked in a hearing room, by a member or a walk-in (room code).

    ``participant`` is ``u:<user id>`` or ``w:<random token>`` (a walk-in's
    browser session); it is never shown, only used for the one-upvote rule and
    rate limits.
    """

    session = models.ForeignKey(
        HearingSession, on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant = models.CharField(max_length=40, editable=False)
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    body = models.CharField(_("question"), max_length=500)
    upvote_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    pinned = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-upvote_count", "created_at", "pk"]
        verbose_name = _("room question")
        verbose_name_plural = _("room questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True)
                | ~models.Q(hidden_reason=""),
                name="room_question_hidden_with_reason",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Upvote(models.Model):
    """One participant's upvote of a room question (once each)."""

    question = models.ForeignKey(
        RoomQuestion, on_delete=models.CASCADE, related_name="upvotes"
    )
    participant = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="one_upvote_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"upvote {self.pk}"


class Poll(Bilingual):
    """A live poll prepared by an official: prepared → open → closed."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        OPEN = "open", pgettext_lazy("poll status", "Open")
        CLOSED = "closed", pgettext_lazy("poll status", "Closed")

    session = models.ForeignKey(
        HearingSession, on_delete=models.CASCADE, related_name="polls"
    )
    position = models.PositiveIntegerField(default=0)
    question_th = models.CharField(_("poll question (Thai)"), max_length=300)
    question_en = models.CharField(
        _("poll question (English)"), max_length=300, blank=True
    )
    options_th = models.TextField(_("options (Thai), one a line"))
    options_en = models.TextField(_("options (English), one a line"), blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PREPARED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("live poll")
        verbose_name_plural = _("live polls")

    def __str__(self) -> str:
        return self.tr("question")

    def options(self, language: str) -> list[str]:
        thai = [line.strip() for line in self.options_th.splitlines() if line.strip()]
        english = [
            line.strip() for line in self.options_en.splitlines() if line.strip()
        ]
        return english if language == "en" and len(english) == len(thai) else thai


class PollVote(models.Model):
    """One participant's answer to a poll (one each; a new choice replaces it)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    participant = models.CharField(max_length=40)
    option = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "participant"], name="one_poll_vote_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"poll vote {self.pk}"


class Report(Bilingual):
    """The hearing report (รายงานสรุปผลการรับฟังความคิดเห็น) of a consultation."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="report"
    )
    summary_th = models.TextField(_("overview (Thai)"), blank=True)
    summary_en = models.TextField(_("overview (English)"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hearing report")
        verbose_name_plural = _("hearing reports")

    def __str__(self) -> str:
        return str(self.consultation)


class ReportIssue(Bilingual):
    """An issue raised, the views on it, the agency's answer and what changed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveIntegerField(default=0)
    title_th = models.CharField(_("issue (Thai)"), max_length=300)
    title_en = models.CharField(_("issue (English)"), max_length=300, blank=True)
    views_th = models.TextField(_("summary of views (Thai)"))
    views_en = models.TextField(_("summary of views (English)"), blank=True)
    answer_th = models.TextField(_("the agency's answer (Thai)"))
    answer_en = models.TextField(_("the agency's answer (English)"), blank=True)
    draft_changed = models.BooleanField(_("the draft was changed"), default=False)
    change_th = models.TextField(_("how the draft changed (Thai)"), blank=True)
    change_en = models.TextField(_("how the draft changed (English)"), blank=True)
    sections = models.ManyToManyField(Section, blank=True, related_name="+")
    comments = models.ManyToManyField(Comment, blank=True, related_name="+")
    room_questions = models.ManyToManyField(RoomQuestion, blank=True, related_name="+")

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("report issue")
        verbose_name_plural = _("report issues")

    def __str__(self) -> str:
        return self.tr("title")
