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
