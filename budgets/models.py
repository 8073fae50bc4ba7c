"""Budget cycles and their projects."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import Area, Bilingual, Organisation
from participation.phases import PHASE_LABELS, Phase

#: words that are fixed paths beside a budget's own pages, so no budget may use
#: them as its slug: /budgets/funded-projects/ (public) and /manage/budgets/new/
#: (workspace). tests/budgets/test_reserved_slugs.py checks this list against
#: voting.urls and budgets.urls.
RESERVED_SLUGS = frozenset({"funded-projects", "new"})


class BudgetQuerySet(models.QuerySet):
    def listed(self):
        """Budgets shown in public lists, newest voting first."""
        return self.select_related("organisation").order_by("-voting_opens", "-id")


class Budget(Bilingual):
    """A participatory budgeting cycle: money, projects, schedule and rules.

    Money is in whole currency units of ``currency`` (THB for Thai bodies; imported
    Pabulib files keep theirs). The phase follows from the dates, which are exact
    instants (shown in Thai time).
    """

    class BallotRule(models.TextChoices):
        APPROVAL = "approval", _("Approval: choose several projects")
        KNAPSACK = "knapsack", _("Knapsack: choose projects within the budget")
        CUMULATIVE = "cumulative", _("Cumulative: share points among projects")

    class CountingRule(models.TextChoices):
        GREEDY = "greedy", _("Greedy (most votes first)")
        MES = "mes", _("Method of Equal Shares")
        MES_ADD1_GREEDY = (
            "mes_add1_greedy",
            _("Method of Equal Shares, leftover money filled by votes"),
        )

    class ResultsVisibility(models.TextChoices):
        HIDDEN = "hidden", _("Hidden until results are published")
        TURNOUT = "turnout", _("Turnout only during voting")
        LIVE = "live", _("Live tally during voting")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    total = models.DecimalField(
        _("total budget"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="THB",
        blank=True,
        help_text=_("ISO 4217 code; empty when an imported file does not say."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), null=True, blank=True
    )
    ideas_opens = models.DateTimeField(_("ideas phase opens"), null=True, blank=True)
    review_opens = models.DateTimeField(_("review opens"), null=True, blank=True)
    voting_opens = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes = models.DateTimeField(_("voting closes"), null=True, blank=True)
    results_published_at = models.DateTimeField(
        _("results published"), null=True, blank=True
    )
    ballot_rule = models.CharField(
        _("ballot rule"),
        max_length=20,
        choices=BallotRule.choices,
        default=BallotRule.APPROVAL,
    )
    min_projects = models.PositiveSmallIntegerField(
        _("minimum number of projects a voter must choose"), default=1
    )
    max_projects = models.PositiveSmallIntegerField(
        _("maximum number of projects a voter may choose"), null=True, blank=True
    )
    max_points = models.PositiveIntegerField(
        _("points each voter can give out (cumulative ballots only)"),
        null=True,
        blank=True,
    )
    counting_rule = models.CharField(
        _("counting rule"),
        max_length=20,
        choices=CountingRule.choices,
        default=CountingRule.GREEDY,
    )
    results_visibility = models.CharField(
        _("results during voting"),
        max_length=10,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.LIVE,
    )
    required_verification_level = models.PositiveSmallIntegerField(
        _("verification level needed to vote"), default=1
    )
    uses_register = models.BooleanField(
        _("paper ballots and a register of residents"),
        default=False,
        help_text=_(
            "Officials enter paper ballots at booths for residents in the "
            "register; online voters must give their Thai ID number once."
        ),
    )
    tally_version = models.BigIntegerField(default=0, editable=False)
    source = models.CharField(max_length=20, default="site", editable=False)
    source_meta = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BudgetQuerySet.as_manager()

    #: people may follow a budget (told when its results are published)
    followable = True

    class Meta:
        ordering = ["-voting_opens", "-id"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_closes__isnull=True)
                | models.Q(voting_opens__isnull=True)
                | models.Q(voting_closes__gt=models.F("voting_opens")),
                name="voting_closes_after_it_opens",
                violation_error_message=_("Voting must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.tr("name")

    def clean(self):
        """Check the slug and the schedule, naming every mistake on its field.

        All mistakes are raised together, so one never hides another and the
        database's own wording of ``voting_closes_after_it_opens`` is not reached.
        """
        errors = {}
        if self.slug and self.slug.lower() in RESERVED_SLUGS:
            errors["slug"] = _(
                "“%(slug)s” is already the address of another page. Choose "
                "another short name."
            ) % {"slug": self.slug}
        if self.ideas_opens and self.review_opens:
            if self.review_opens <= self.ideas_opens:
                errors["review_opens"] = _(
                    "The ideas phase would end before it starts: the "
                    "review must open after the ideas phase opens."
                )
        earlier = self.review_opens or self.ideas_opens
        if earlier and self.voting_opens and self.voting_opens <= earlier:
            errors["voting_opens"] = _(
                "The phase before voting would end before it starts: "
                "voting must open after the ideas and review phases open."
            )
        if self.voting_opens and self.voting_closes:
            if self.voting_closes <= self.voting_opens:
                errors["voting_closes"] = _("Voting must close after it opens.")
        if self.max_projects is not None and self.min_projects > self.max_projects:
            errors["max_projects"] = _(
                "The maximum number of projects cannot be lower than the minimum."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("voting:budget_detail", args=[self.slug])

    def phase(self, now: datetime | None = None) -> Phase:
        """The phase at ``now`` (default: this instant), from the schedule."""
        now = now or timezone.now()
        if self.results_published_at and now >= self.results_published_at:
            return Phase.RESULTS
        if self.voting_closes and now >= self.voting_closes:
            return Phase.COUNTING
        if self.voting_opens and now >= self.voting_opens:
            return Phase.VOTING
        if self.review_opens and now >= self.review_opens:
            return Phase.REVIEW
        if self.ideas_opens and now >= self.ideas_opens:
            return Phase.IDEAS
        return Phase.UPCOMING

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase()]

    @property
    def is_imported(self) -> bool:
        return self.source == "pabulib"

    def pots(self) -> list["Pot"]:
        """The separately counted pots of money: one per district, then city-wide.

        A budget without districts has one city-wide pot holding all its money.
        With districts, the city-wide pot holds what the districts leave
        (``total`` minus their money) and exists only when that is positive or a
        project has no district.
        """
        districts = list(self.districts.select_related("area").order_by("area__code"))
        pots = [Pot(area=d.area, total=d.total) for d in districts]
        remaining = self.total - sum((d.total for d in districts), 0)
        if not districts:
            return [Pot(area=None, total=self.total)]
        citywide_projects = self.projects.exclude(
            area__in=[d.area for d in districts]
        ).exists()
        if remaining > 0 or citywide_projects:
            pots.append(Pot(area=None, total=max(remaining, 0)))
        return pots

    def pot_of(self, area) -> "Pot | None":
        """The pot for ``area`` (None: the city-wide pot), or None if it has none."""
        for pot in self.pots():
            if pot.area == area:
                return pot
        return None

    def pot_projects(self, pot: "Pot"):
        """The projects (all feasibility states) that compete in ``pot``."""
        projects = self.projects.all()
        if pot.area is not None:
            return projects.filter(area=pot.area)
        district_areas = self.districts.values("area")
        return projects.exclude(area__in=district_areas)

    @property
    def has_districts(self) -> bool:
        return self.districts.exists()

    def pot_for_project(self, project: "Project") -> "Pot":
        """The pot a project competes in: its district's, else the city-wide one."""
        pots = self.pots()
        for pot in pots:
            if pot.area is not None and pot.area.pk == project.area_id:
                return pot
        return next(pot for pot in pots if pot.area is None)


class Pot:
    """A separately counted amount of money within a budget.

    ``area`` is the district (None for the city-wide pot); ``total`` is in the
    budget's currency. Not a table: it follows from the budget and its districts.
    """

    def __init__(self, *, area: Area | None, total):
        self.area = area
        self.total = total

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Pot)
            and self.area == other.area
            and self.total == other.total
        )

    def __hash__(self) -> int:
        return hash((self.area.pk if self.area else None, self.total))

    @property
    def key(self) -> str:
        """A stable key for URLs and JSON: the area code, or ``city``."""
        return self.area.code if self.area else "city"

    def __repr__(self) -> str:
        return f"Pot({self.key}, {self.total})"


class BudgetDistrict(models.Model):
    """A district's own money within a budget (district budgets).

    Its projects are those of the budget whose ``area`` is this district; its
    voters are residents whose home area it is. Counted on its own.
    """

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="districts"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(
        _("money for this area"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["area__code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "area"], name="one_district_per_area_per_budget"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget} / {self.area}"


class ProjectQuerySet(models.QuerySet):
    def on_ballot(self):
        """Projects voters can choose: feasible ones, in ballot order."""
        return self.filter(feasibility=Project.Feasibility.FEASIBLE).order_by(
            "position", "external_id"
        )


class Project(Bilingual):
    """A project that competes for a budget's money.

    ``external_id`` is the project's id within its budget (the Pabulib
    ``project_id`` for imported budgets); ties in counting are broken by it, as a
    Python string. ``cost`` is in the budget's currency.
    """

    class Feasibility(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        FEASIBLE = "feasible", _("feasible")
        UNFEASIBLE = "unfeasible", _("not feasible")

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="projects"
    )
    external_id = models.CharField(_("project id"), max_length=60)
    position = models.PositiveIntegerField(default=0)
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    cost = models.DecimalField(
        _("cost"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    category = models.CharField(_("category"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    feasibility = models.CharField(
        _("feasibility"),
        max_length=12,
        choices=Feasibility.choices,
        default=Feasibility.FEASIBLE,
    )
    source_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("from the proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    feasibility_reason = models.TextField(
        _("public reason for the feasibility decision"), blank=True
    )
    cost_note = models.TextField(_("public note on the cost"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
    )
    extra = models.JSONField(default=dict, blank=True)

    objects = ProjectQuerySet.as_manager()

    #: people may follow a project (participation.notifications)
    followable = True

    class Meta:
        ordering = ["position", "external_id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "external_id"], name="unique_project_id_in_budget"
            ),
            models.UniqueConstraint(
                fields=["budget", "source_proposal"],
                condition=models.Q(source_proposal__isnull=False),
                name="one_project_per_proposal_per_budget",
                violation_error_message=_(
                    "This proposal is already a project of this budget."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.tr("name")

    def get_absolute_url(self) -> str:
        return reverse("voting:project_detail", args=[self.budget.slug, self.pk])

    def comments_allowed(self, user) -> bool:
        """Verified people discuss a project until its budget's vote closes."""
        return (
            user.is_authenticated
            and user.verification_level >= 1
            and self.budget.phase()
            in (Phase.IDEAS, Phase.REVIEW, Phase.VOTING, Phase.UPCOMING)
        )


class Implementation(models.Model):
    """How a funded project is getting on: status, percentage done, money spent.

    One per funded project, opened when its budget's results are published.
    ``money_spent`` is in the budget's currency.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="implementation"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("percentage done"), default=0)
    money_spent = models.DecimalField(
        _("money spent"),
        max_digits=18,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project__budget", "project__position"]
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="percent_at_most_100",
                violation_error_message=_("The percentage must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="cancelled_has_reason",
                violation_error_message=_("Give the reason for cancelling."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_status_display()}"


class ProgressUpdate(models.Model):
    """A dated public note on a funded project's progress, with an optional photo."""

    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    photo = models.ImageField(
        _("photo"), upload_to="progress/%Y/%m/", blank=True, max_length=200
    )
    status = models.CharField(max_length=12, choices=Implementation.Status.choices)
    percent = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.implementation.project} {self.date}"
