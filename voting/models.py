"""Ballots and their items.

Ballot secrecy (DESIGN.md): the link from a ballot to its voter exists only so the
voter can change their ballot and for the one-ballot-per-voter constraint. No page,
admin screen, API or export shows which projects a given person chose.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, Project
from participation.models import Area


class Ballot(models.Model):
    """One voter's ballot in one pot of a budget: the projects they chose.

    ``area`` is the district pot the ballot is for (None: the city-wide pot, or
    the whole budget when it has no districts). ``voter`` is empty for imported
    ballots (Pabulib files are anonymous).
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("paper")
        IMPORTED = "imported", _("imported")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "voter"],
                condition=models.Q(voter__isnull=False, area__isnull=True),
                name="one_citywide_ballot_per_voter_per_budget",
            ),
            models.UniqueConstraint(
                fields=["budget", "area", "voter"],
                condition=models.Q(voter__isnull=False, area__isnull=False),
                name="one_district_ballot_per_voter_per_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"Ballot {self.pk}"


class BallotItem(models.Model):
    """A project chosen on a ballot; ``points`` for cumulative ballots, else 1."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="items")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="ballot_items"
    )
    points = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "project"], name="one_item_per_project_per_ballot"
            )
        ]

    def __str__(self) -> str:
        return f"Ballot item {self.pk}"


class CountedResult(models.Model):
    """A counted outcome of a budget under one rule, for one tally version.

    Counting a large budget reads every ballot; the outcome is kept until the next
    ballot changes the tally version. ``payload`` is the JSON of
    ``voting.results.budget_result``.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="counted_results"
    )
    rule = models.CharField(max_length=20)
    pot = models.CharField(max_length=60, default="city")
    tally_version = models.BigIntegerField()
    #: fingerprint of the money and projects counted, so an edit forces a recount
    input_key = models.CharField(max_length=64, default="")
    payload = models.JSONField()
    counted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "rule", "pot"], name="one_counted_result_per_pot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} result of budget {self.budget_id} (v{self.tally_version})"


class VoterRecord(models.Model):
    """That a person voted in a budget, and nothing about how.

    Kept when ballots are detached from voters at publication (ballot secrecy),
    so turnout and "you voted" survive while no ballot names anyone.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="voter_records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    first_voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "user"], name="one_voter_record_per_budget"
            )
        ]

    def __str__(self) -> str:
        return f"Voter record {self.pk}"


class Resident(models.Model):
    """A person in a budget's register of eligible residents (paper voting).

    The Thai ID is kept only as ``thai_id_hmac`` (``participation.thai_id``), the
    same key as ``User.thai_id_hmac``, so a person is one voter across channels.
    """

    class Source(models.TextChoices):
        CSV = "csv", _("register file")
        BOOTH = "booth", _("checked at a booth")

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="residents"
    )
    name = models.CharField(_("name"), max_length=200)
    thai_id_hmac = models.CharField(max_length=64, editable=False)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "thai_id_hmac"], name="one_register_row_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.name


class VoteClaim(models.Model):
    """That the person with ``voter_key`` voted in ``budget``, and through which
    channel.

    The unique constraint is the one-person-one-vote rule across channels: an
    online ballot and a paper ballot for the same Thai ID cannot both exist.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="vote_claims"
    )
    voter_key = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Ballot.Channel.choices)
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "voter_key"], name="one_channel_per_person_per_budget"
            )
        ]

    def __str__(self) -> str:
        return f"Vote claim {self.pk} ({self.channel})"


class PaperEntry(models.Model):
    """An official's entry of one paper ballot at a booth; never deleted.

    Voiding (a mistaken entry) removes the counted ``ballot`` and keeps this row
    with who voided it, when and why. ``ballot`` is also cleared when results are
    published (ballot secrecy). ``pot`` is the area code or ``city``.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="paper_entries"
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="paper_entries"
    )
    ballot = models.OneToOneField(
        Ballot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paper_entry",
    )
    pot = models.CharField(max_length=60, default="city")
    booth = models.CharField(_("booth"), max_length=80)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    void_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "resident", "pot"],
                condition=models.Q(voided_at__isnull=True),
                name="one_live_paper_entry_per_resident_per_pot",
            )
        ]

    def __str__(self) -> str:
        return f"Paper entry {self.pk}"
