"""Writes of the budgets app: budget cycles, their areas' money, projects and
their feasibility review, for officials of the budget's organisation.

Each service checks the permission and the phase again (the view checked them
too), validates across rows (area money within the total, a vote needs a
feasible project), writes, and audits.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.models import Area, Organisation, User
from participation.phases import Phase, phase_allows
from participation.rules import is_official_of
from participation.services import audit_log
from participation.thai import format_money

from .models import Budget, BudgetDistrict, Implementation, ProgressUpdate, Project

BUDGET_ERROR_MESSAGES = {
    "not_allowed": gettext_lazy(
        "Only officials of this budget's organisation can do this."
    ),
    "locked": gettext_lazy(
        "This cannot change any more: voting has opened for this budget."
    ),
    "not_in_ideas_phase": gettext_lazy(
        "Project ideas can only be sent during the ideas phase."
    ),
    "not_in_review_phase": gettext_lazy(
        "Projects can only be reviewed during the review phase."
    ),
    "reason_required": gettext_lazy(
        "Give a public reason when a project is not feasible."
    ),
    "cost_note_required": gettext_lazy(
        "Give a public note explaining why the cost changed."
    ),
    "bad_merge": gettext_lazy(
        "A project can only be merged into another project of the same budget."
    ),
    "not_verified": gettext_lazy("Verify your e-mail address first."),
    "proposal_not_qualified": gettext_lazy(
        "Only qualified proposals to this budget's organisation can become projects."
    ),
    "proposal_already_used": gettext_lazy(
        "This proposal is already a project of this budget."
    ),
}

#: phases in which money, rules, districts and projects may still change
EDITABLE_PHASES = (Phase.UPCOMING, Phase.IDEAS, Phase.REVIEW)

#: budget fields frozen once voting opens (the rest is text, or the close date)
LOCKED_FIELDS = (
    "total",
    "ballot_rule",
    "min_projects",
    "max_projects",
    "max_points",
    "counting_rule",
    "ideas_opens",
    "review_opens",
    "voting_opens",
    "uses_register",
)

BUDGET_FIELDS = (
    "slug",
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "total",
    "fiscal_year",
    "ideas_opens",
    "review_opens",
    "voting_opens",
    "voting_closes",
    "ballot_rule",
    "min_projects",
    "max_projects",
    "max_points",
    "counting_rule",
    "results_visibility",
    "uses_register",
)


class BudgetError(Exception):
    """A budget change was refused; ``code`` is a key of BUDGET_ERROR_MESSAGES."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(BUDGET_ERROR_MESSAGES[self.code])


def _require_official(by: User, organisation) -> None:
    if not is_official_of(by, organisation):
        raise BudgetError("not_allowed")


def _money(budget: Budget, amount: Decimal) -> str:
    """``amount`` in ``budget``'s currency for a sentence: ``100,000 บาท``."""
    return format_money(amount, budget.currency, translation.get_language() or "th")


def _districts_total(budget: Budget, exclude_area=None) -> Decimal:
    districts = budget.districts.all()
    if exclude_area is not None:
        districts = districts.exclude(area=exclude_area)
    return districts.aggregate(money=Sum("total"))["money"] or Decimal(0)


def _check_across_rows(budget: Budget) -> None:
    """Area money within the total; a budget in its voting phase has a project."""
    if budget.pk:
        areas_money = _districts_total(budget)
        if areas_money > budget.total:
            raise ValidationError(
                {
                    "total": _(
                        "The areas' money (%(areas)s) is more than the total "
                        "(%(total)s)."
                    )
                    % {
                        "areas": _money(budget, areas_money),
                        "total": _money(budget, budget.total),
                    }
                }
            )
    if budget.phase() in (Phase.VOTING,):
        feasible = budget.pk and budget.projects.on_ballot().exists()
        if not feasible:
            raise ValidationError(
                {
                    "voting_opens": _(
                        "Voting cannot open yet: no project has been found "
                        "feasible. Review the projects first, or open voting "
                        "later."
                    )
                }
            )


@transaction.atomic
def budget_create(*, organisation: Organisation, by: User, **fields) -> Budget:
    """Create a budget cycle of ``organisation``; ``fields`` are BUDGET_FIELDS.

    Raises ``BudgetError("not_allowed")`` or ``ValidationError`` (by field).
    Audited.
    """
    _require_official(by, organisation)
    budget = Budget(organisation=organisation, **fields)
    budget.full_clean()
    _check_across_rows(budget)
    budget.save()
    audit_log(actor=by, action="budget.created", target=budget)
    return budget


def _same(old, new) -> bool:
    """Equal, counting instants to the minute (forms send no seconds)."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old.replace(second=0, microsecond=0) == new.replace(
            second=0, microsecond=0
        )
    return old == new


@transaction.atomic
def budget_update(*, budget: Budget, by: User, **fields) -> Budget:
    """Change a budget cycle. Once voting opened, only the texts, the close of
    voting and the results visibility change (``BudgetError("locked")``).

    Raises ``BudgetError`` or ``ValidationError``. Audited with the changed
    field names.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_official(by, budget.organisation)
    fields = {
        name: getattr(budget, name) if _same(getattr(budget, name), value) else value
        for name, value in fields.items()
    }
    changed = [name for name, value in fields.items() if getattr(budget, name) != value]
    if budget.phase() not in EDITABLE_PHASES and any(
        name in LOCKED_FIELDS for name in changed
    ):
        raise BudgetError("locked")
    for name, value in fields.items():
        setattr(budget, name, value)
    budget.full_clean()
    _check_across_rows(budget)
    budget.save()
    if changed:
        audit_log(
            actor=by, action="budget.changed", target=budget, data={"fields": changed}
        )
    return budget


@transaction.atomic
def budget_district_set(
    *, budget: Budget, area: Area, total: Decimal, by: User
) -> BudgetDistrict:
    """Give ``area`` its own money in ``budget`` (create or change).

    The areas' money together may not exceed the budget's total
    (``ValidationError`` on ``total``). Before voting only. Audited.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_official(by, budget.organisation)
    if budget.phase() not in EDITABLE_PHASES:
        raise BudgetError("locked")
    if total < 0:
        raise ValidationError({"total": _("Money cannot be negative.")})
    if _districts_total(budget, exclude_area=area) + total > budget.total:
        raise ValidationError(
            {
                "total": _(
                    "The areas' money would be more than the budget's total "
                    "(%(total)s)."
                )
                % {"total": _money(budget, budget.total)}
            }
        )
    district, _created = BudgetDistrict.objects.update_or_create(
        budget=budget, area=area, defaults={"total": total}
    )
    audit_log(
        actor=by,
        action="budget.district_set",
        target=budget,
        data={"area": area.code, "total": str(total)},
    )
    return district


@transaction.atomic
def budget_district_remove(*, district: BudgetDistrict, by: User) -> None:
    """Remove an area's own money (before voting). Audited."""
    budget = Budget.objects.select_for_update().get(pk=district.budget_id)
    _require_official(by, budget.organisation)
    if budget.phase() not in EDITABLE_PHASES:
        raise BudgetError("locked")
    audit_log(
        actor=by,
        action="budget.district_removed",
        target=budget,
        data={"area": district.area.code},
    )
    district.delete()


def _next_external_id(budget: Budget) -> str:
    position = budget.projects.aggregate(top=Max("position"))["top"]
    number = (position or 0) + 1
    while budget.projects.filter(external_id=str(number)).exists():
        number += 1
    return str(number)


PROJECT_FIELDS = (
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "cost",
    "category",
    "area",
)


def _project_new(budget: Budget, **fields) -> Project:
    external_id = _next_external_id(budget)
    project = Project(
        budget=budget,
        external_id=external_id,
        position=int(external_id),
        feasibility=Project.Feasibility.PENDING,
        **fields,
    )
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_create(*, budget: Budget, by: User, **fields) -> Project:
    """An official adds a project (awaiting review) before voting opens.

    ``fields`` are PROJECT_FIELDS. Raises ``BudgetError`` or ``ValidationError``.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_official(by, budget.organisation)
    if budget.phase() not in EDITABLE_PHASES:
        raise BudgetError("locked")
    project = _project_new(budget, **fields)
    audit_log(actor=by, action="project.created", target=project)
    return project


@transaction.atomic
def project_propose(*, budget: Budget, by: User, **fields) -> Project:
    """A citizen sends a project idea during the ideas phase (awaiting review).

    The proposer follows the project, so they hear of the review. Raises
    ``BudgetError`` (``not_verified``, ``not_in_ideas_phase``) or
    ``ValidationError``.
    """
    from participation.notifications import follow

    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if not by.is_authenticated or by.verification_level < 1:
        raise BudgetError("not_verified")
    if not phase_allows(budget.phase(), "propose_project"):
        raise BudgetError("not_in_ideas_phase")
    project = _project_new(budget, **fields)
    project.extra = {**project.extra, "proposed_by": by.pk}
    project.save(update_fields=["extra"])
    follow(user=by, target=project)
    audit_log(actor=by, action="project.proposed", target=project)
    return project


@transaction.atomic
def project_update(*, project: Project, by: User, **fields) -> Project:
    """An official edits a project's texts, area or cost before voting opens."""
    budget = Budget.objects.select_for_update().get(pk=project.budget_id)
    _require_official(by, budget.organisation)
    if budget.phase() not in EDITABLE_PHASES:
        raise BudgetError("locked")
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_log(
        actor=by,
        action="project.changed",
        target=project,
        data={"fields": list(fields)},
    )
    return project


def _notify_project_followers(project: Project, by: User, verb: str, text) -> None:
    from participation.notifications import notify_followers

    project_id = project.pk

    def send():
        fresh = Project.objects.select_related("budget").get(pk=project_id)
        notify_followers(
            target=fresh,
            verb=verb,
            url=fresh.get_absolute_url(),
            text=lambda language: text(fresh),
            exclude=by,
        )

    transaction.on_commit(send)


@transaction.atomic
def project_review(
    *,
    project: Project,
    by: User,
    feasibility: str,
    reason: str = "",
    cost: Decimal | None = None,
    cost_note: str = "",
) -> Project:
    """Mark a project feasible or not, with a public reason; adjust its cost with
    a public note. During the review phase only. Followers are told. Audited.

    Raises ``BudgetError`` (``not_allowed``, ``not_in_review_phase``,
    ``reason_required``, ``cost_note_required``).
    """
    budget = Budget.objects.select_for_update().get(pk=project.budget_id)
    _require_official(by, budget.organisation)
    if not phase_allows(budget.phase(), "review_project"):
        raise BudgetError("not_in_review_phase")
    project = Project.objects.select_for_update().get(pk=project.pk)
    reason = (reason or "").strip()
    cost_note = (cost_note or "").strip()
    if feasibility == Project.Feasibility.UNFEASIBLE and not reason:
        raise BudgetError("reason_required")
    old_cost = project.cost
    if cost is not None and cost != project.cost:
        if not cost_note:
            raise BudgetError("cost_note_required")
        project.cost = cost
        project.cost_note = cost_note
    project.feasibility = feasibility
    project.feasibility_reason = reason
    project.full_clean()
    project.save()
    audit_log(
        actor=by,
        action="project.reviewed",
        target=project,
        data={
            "feasibility": feasibility,
            "reason": reason,
            "old_cost": str(old_cost),
            "cost": str(project.cost),
        },
    )

    def text(fresh: Project) -> str:
        return _("The project “%(name)s” was reviewed: %(decision)s. %(reason)s") % {
            "name": fresh.tr("name"),
            "decision": fresh.get_feasibility_display(),
            "reason": fresh.feasibility_reason,
        }

    _notify_project_followers(project, by, "project.reviewed", text)
    return project


@transaction.atomic
def project_merge(*, duplicate: Project, into: Project, by: User) -> Project:
    """Merge a duplicate idea into another project of the same budget.

    The duplicate leaves the ballot (not feasible, with a public reason naming
    the project it joined), keeps a link to it, and its followers are told and
    now follow the other project too. Review phase only. Audited.
    """
    from participation.models import Follow
    from participation.notifications import follow

    budget = Budget.objects.select_for_update().get(pk=duplicate.budget_id)
    _require_official(by, budget.organisation)
    if not phase_allows(budget.phase(), "review_project"):
        raise BudgetError("not_in_review_phase")
    if into.budget_id != budget.pk or into.pk == duplicate.pk:
        raise BudgetError("bad_merge")
    duplicate.merged_into = into
    duplicate.feasibility = Project.Feasibility.UNFEASIBLE
    duplicate.feasibility_reason = _("Merged into the project “%(name)s”.") % {
        "name": into.name_th
    }
    duplicate.save(update_fields=["merged_into", "feasibility", "feasibility_reason"])
    for supporter in User.objects.filter(
        pk__in=Follow.objects.of(duplicate).values("user")
    ):
        follow(user=supporter, target=into)
    audit_log(
        actor=by,
        action="project.merged",
        target=duplicate,
        data={"into": into.pk},
    )

    def text(fresh: Project) -> str:
        return _(
            "The project “%(name)s” was merged into “%(into)s”, which you now follow."
        ) % {"name": fresh.tr("name"), "into": fresh.merged_into.tr("name")}

    _notify_project_followers(duplicate, by, "project.merged", text)
    return duplicate


def budget_results_announce(*, budget: Budget, by: User | None) -> None:
    """After commit, tell the followers of the budget and of its projects that its
    results are published."""
    from django.urls import reverse

    from participation.notifications import notify_followers

    budget_id = budget.pk

    def send():
        fresh = Budget.objects.get(pk=budget_id)
        notify_followers(
            target=fresh,
            verb="budget.results_published",
            url=reverse("voting:results", args=[fresh.slug]),
            text=lambda language: (
                _(
                    "The results of “%(name)s” are published: see which projects "
                    "will be funded."
                )
                % {"name": fresh.tr("name")}
            ),
            exclude=by,
            also_followers_of=list(fresh.projects.all()),
        )

    transaction.on_commit(send)


def budgets_of(user: User):
    """The budgets ``user`` organises: of their organisations (all for admins)."""
    from participation.rules import is_admin

    budgets = Budget.objects.select_related("organisation")
    if is_admin(user):
        return budgets.order_by("-created_at", "-pk")
    organisations = user.role_grants.filter(role="official").values("organisation")
    return budgets.filter(organisation__in=organisations).order_by("-created_at", "-pk")


IMPLEMENTATION_ERROR_MESSAGES = {
    "not_allowed": BUDGET_ERROR_MESSAGES["not_allowed"],
    "not_funded": gettext_lazy("Only funded projects have their progress tracked."),
    "not_yet": gettext_lazy("Progress can be reported once the results are published."),
    "cancel_reason_required": gettext_lazy("Give the reason for cancelling."),
    "bad_percent": gettext_lazy("The percentage must be between 0 and 100."),
    "too_big": gettext_lazy("The photo is larger than 10 MB."),
    "not_an_image": gettext_lazy("The file is not a photo (JPEG, PNG or WebP)."),
}


class ImplementationError(Exception):
    """A progress update was refused; ``code`` is a key of the messages above."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(IMPLEMENTATION_ERROR_MESSAGES[self.code])


@transaction.atomic
def implementations_open(*, budget: Budget, project_ids, by: User | None):
    """Start tracking the funded projects of ``budget`` (idempotent).

    ``project_ids`` are primary keys of its winners (from the published count).
    Returns the implementations, new and existing.
    """
    opened = []
    for project in budget.projects.filter(pk__in=list(project_ids)):
        implementation, created = Implementation.objects.get_or_create(project=project)
        opened.append(implementation)
        if created:
            audit_log(actor=by, action="implementation.opened", target=implementation)
    return opened


@transaction.atomic
def progress_update_add(
    *,
    implementation: Implementation,
    by: User | None,
    date,
    text: str,
    status: str,
    percent: int,
    money_spent: Decimal,
    cancel_reason: str = "",
    photo=None,
) -> ProgressUpdate:
    """Report progress on a funded project: a dated public note (and photo) that
    also sets its status, percentage and money spent. Followers of the project
    are told. ``by`` None is a system task (the demo). Audited.

    Raises ``ImplementationError``.
    """
    from participation.images import PhotoError, clean_photo

    implementation = Implementation.objects.select_for_update().get(
        pk=implementation.pk
    )
    project = implementation.project
    budget = project.budget
    if by is not None:
        _require_official_of(by, budget)
    if not phase_allows(budget.phase(), "update_progress"):
        raise ImplementationError("not_yet")
    if not 0 <= int(percent) <= 100:
        raise ImplementationError("bad_percent")
    cancel_reason = (cancel_reason or "").strip()
    if status == Implementation.Status.CANCELLED and not cancel_reason:
        raise ImplementationError("cancel_reason_required")
    implementation.status = status
    implementation.percent = int(percent)
    implementation.money_spent = money_spent
    implementation.cancel_reason = (
        cancel_reason if status == Implementation.Status.CANCELLED else ""
    )
    implementation.updated_at = timezone.now()
    implementation.full_clean()
    implementation.save()
    update = ProgressUpdate(
        implementation=implementation,
        date=date,
        text=text.strip(),
        status=status,
        percent=implementation.percent,
        created_by=by,
    )
    if photo:
        try:
            cleaned = clean_photo(photo)
        except PhotoError as error:
            raise ImplementationError(error.code) from error
        update.photo.save(cleaned.content.name, cleaned.content, save=False)
    update.full_clean(exclude=["photo"])
    update.save()
    audit_log(
        actor=by,
        action="implementation.progress",
        target=implementation,
        data={"status": status, "percent": implementation.percent},
    )

    def text_for(fresh: Project) -> str:
        return _("Progress on “%(name)s”: %(status)s, %(percent)s%% done.") % {
            "name": fresh.tr("name"),
            "status": fresh.implementation.get_status_display(),
            "percent": fresh.implementation.percent,
        }

    if by is not None:
        _notify_project_followers(project, by, "project.progress", text_for)
    return update


def _require_official_of(by: User, budget: Budget) -> None:
    if not is_official_of(by, budget.organisation):
        raise ImplementationError("not_allowed")


#: proposal statuses from which an official may make a budget project
PROPOSAL_STATUSES_FOR_PROJECTS = ("qualified", "under_review", "accepted")


@transaction.atomic
def project_from_proposal(
    *, budget: Budget, proposal, by: User, cost: Decimal
) -> Project:
    """Turn a qualified proposal of the budget's organisation into a project.

    The project keeps the link (``source_proposal``), starts awaiting review,
    and the proposal's followers now follow it too. Before voting only; once
    per proposal per budget. Audited. Raises ``BudgetError``
    (``not_allowed``, ``locked``, ``proposal_not_qualified``,
    ``proposal_already_used``).
    """
    from participation.models import Follow
    from participation.notifications import follow
    from participation.sanitize import visible_text

    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    _require_official(by, budget.organisation)
    if budget.phase() not in EDITABLE_PHASES:
        raise BudgetError("locked")
    if (
        proposal.organisation_id != budget.organisation_id
        or proposal.status not in PROPOSAL_STATUSES_FOR_PROJECTS
    ):
        raise BudgetError("proposal_not_qualified")
    if budget.projects.filter(source_proposal=proposal).exists():
        raise BudgetError("proposal_already_used")
    project = _project_new(
        budget,
        name_th=proposal.title[:300],
        description_th=visible_text(proposal.body_html),
        cost=cost,
        area=proposal.area,
        source_proposal=proposal,
    )
    for supporter in User.objects.filter(
        pk__in=Follow.objects.of(proposal).values("user")
    ):
        follow(user=supporter, target=project)
    audit_log(
        actor=by,
        action="project.from_proposal",
        target=project,
        data={"proposal": proposal.tracking_number},
    )
    return project
