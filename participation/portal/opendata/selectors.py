"""``catalogue()``: the seven datasets as the anonymous public may see them.

Read with a fixed number of queries per kind of dataset, whatever the number of
budgets or consultations.
"""

from datetime import datetime
from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from budgets.models import Budget, BudgetDistrict, Implementation, Pot, Project
from consultations.models import Consultation, Question, ReportIssue, Response
from consultations.selectors import consultations_visible_to
from participation.models import AuditEvent
from participation.phases import Phase
from proposals.models import Proposal, StatusChange, Support
from voting.models import Ballot
from voting.selectors import NONE, tally_public_level

from .datasets import CSV, DATASETS, JSON, PABULIB, Dataset, newest, title_of

#: Results and ballots are open data once published for good: not a live tally
#: during voting, nor the count before publication. (For the anonymous public the
#: ballots are public just then: ``voting.api.exports.ballots_public``.)
RESULTS_PUBLISHED = (Phase.RESULTS, Phase.IMPLEMENTATION)


def catalogue(now: datetime | None = None) -> list[Dataset]:
    """The seven datasets as the anonymous public may see them, in page order."""
    now = now or timezone.now()
    sets = {key: Dataset.empty(key) for key in DATASETS}
    audit = _audit_times()
    _add_budgets(sets, now, audit)
    _add_proposals(sets)
    _add_consultations(sets, now, audit)
    return list(sets.values())


def _audit_times() -> dict[tuple[str, str], datetime]:
    """The newest audit event per budget, project, consultation (one query)."""
    rows = (
        AuditEvent.objects.filter(
            target_type__in=[
                "budgets.budget",
                "budgets.project",
                "consultations.consultation",
            ]
        )
        .values_list("target_type", "target_id")
        .annotate(last=Max("created_at"))
    )
    return {(kind, target): last for kind, target, last in rows}


def _pots(budgets: list[Budget]) -> dict[int, list[Pot]]:
    """``budget.pots()`` of several budgets in two queries (same rules)."""
    pots: dict[int, list[Pot]] = {budget.pk: [] for budget in budgets}
    districts = (
        BudgetDistrict.objects.filter(budget__in=budgets)
        .select_related("area")
        .order_by("budget_id", "area__code")
    )
    for district in districts:
        pots[district.budget_id].append(Pot(area=district.area, total=district.total))
    areas_used: dict[int, set] = {}
    for budget_id, area_id in (
        Project.objects.filter(budget__in=[pk for pk, found in pots.items() if found])
        .values_list("budget_id", "area_id")
        .distinct()
    ):
        areas_used.setdefault(budget_id, set()).add(area_id)
    for budget in budgets:
        districts_of = pots[budget.pk]
        if not districts_of:
            pots[budget.pk] = [Pot(area=None, total=budget.total)]
            continue
        remaining = budget.total - sum((pot.total for pot in districts_of), 0)
        district_areas = {pot.area.pk for pot in districts_of}
        if remaining > 0 or areas_used.get(budget.pk, set()) - district_areas:
            districts_of.append(Pot(area=None, total=max(remaining, 0)))
    return pots


def _add_budgets(sets: dict[str, Dataset], now, audit) -> None:
    """Fill the budgets, projects, anonymised ballots and results datasets."""
    budgets = list(
        Budget.objects.select_related("organisation").order_by(
            F("voting_opens").desc(nulls_last=True), "-pk"
        )
    )
    if not budgets:
        return
    project_counts: dict[int, int] = {}
    feasible: dict[int, int] = {}
    budget_of_project: dict[str, int] = {}
    for pk, budget_id, feasibility in Project.objects.values_list(
        "pk", "budget_id", "feasibility"
    ):
        project_counts[budget_id] = project_counts.get(budget_id, 0) + 1
        if feasibility == Project.Feasibility.FEASIBLE:
            feasible[budget_id] = feasible.get(budget_id, 0) + 1
        budget_of_project[str(pk)] = budget_id
    projects_changed: dict[int, datetime] = dict(
        Implementation.objects.values_list("project__budget_id").annotate(
            last=Max("updated_at")
        )
    )
    for (kind, target), last in audit.items():
        if kind == "budgets.project" and target in budget_of_project:
            budget_id = budget_of_project[target]
            projects_changed[budget_id] = newest(
                [projects_changed.get(budget_id), last]
            )
    # The ballots' last change dates a budget whose turnout or tally is public.
    ballot_stats = {
        row["budget_id"]: row
        for row in Ballot.objects.filter(
            budget__in=[b for b in budgets if tally_public_level(b, now) != NONE]
        )
        .values("budget_id")
        .annotate(n=Count("id"), last=Max("updated_at"))
    }
    published = [b for b in budgets if b.phase(now) in RESULTS_PUBLISHED]
    pots = _pots(published)

    changed = {}
    for budget in budgets:
        stats = ballot_stats.get(budget.pk, {})
        changed[budget.pk] = newest(
            [
                budget.created_at,
                budget.ideas_opens,
                budget.review_opens,
                budget.voting_opens,
                budget.voting_closes,
                budget.results_published_at,
                audit.get(("budgets.budget", str(budget.pk))),
                stats.get("last"),
            ],
            now,
        )
    sets["budgets"].records = len(budgets)
    sets["budgets"].issued = min(budget.created_at for budget in budgets)
    sets["budgets"].modified = max(changed.values())
    sets["budgets"].add_files(
        "budgets",
        None,
        reverse("api:budget_list"),
        (JSON, CSV),
        modified=sets["budgets"].modified,
        issued=sets["budgets"].issued,
    )
    for budget in budgets:
        if project_counts.get(budget.pk):
            sets["projects"].records += project_counts[budget.pk]
            sets["projects"].add_files(
                f"projects-{quote(budget.slug)}",
                title_of(gettext_noop("Projects of %(budget)s"), budget=budget),
                reverse("api:budget_projects", args=[budget.slug]),
                (JSON, CSV),
                modified=newest([changed[budget.pk], projects_changed.get(budget.pk)]),
                issued=budget.created_at,
                subject=budget,
            )
    for budget in published:
        common = {
            "modified": changed[budget.pk],
            "issued": budget.results_published_at,
            "subject": budget,
        }
        sets["results"].records += feasible.get(budget.pk, 0)
        sets["results"].add_files(
            f"results-{quote(budget.slug)}",
            title_of(gettext_noop("Results of %(budget)s"), budget=budget),
            reverse("api:results", args=[budget.slug]),
            (JSON, CSV),
            **common,
        )
        sets["ballots"].records += ballot_stats.get(budget.pk, {}).get("n", 0)
        _add_ballots(sets["ballots"], budget, pots[budget.pk], common)


def _add_ballots(dataset: Dataset, budget: Budget, pots: list[Pot], common) -> None:
    """Add a budget's ballots: Pabulib, one file per pot when it has several, and
    CSV."""
    slug = quote(budget.slug)
    name = title_of(gettext_noop("Anonymised ballots of %(budget)s"), budget=budget)
    export = reverse("api:export_pb", args=[budget.slug])
    if len(pots) == 1:
        dataset.add_files(f"ballots-{slug}", name, export, [PABULIB], **common)
    for pot in pots if len(pots) > 1 else []:
        dataset.add_files(
            f"ballots-{slug}-{quote(pot.key)}",
            title_of(
                gettext_noop("Anonymised ballots of %(budget)s, %(pot)s"),
                budget=budget,
                pot=pot,
            ),
            f"{export}?pot={quote(pot.key)}",
            [PABULIB],
            pot=pot,
            **common,
        )
    dataset.add_files(
        f"ballots-{slug}",
        name,
        reverse("api:ballots_csv", args=[budget.slug]),
        [CSV],
        **common,
    )


def _add_proposals(sets: dict[str, Dataset]) -> None:
    """Fill the proposals dataset: everything past draft."""
    dataset = sets["proposals"]
    public = Proposal.objects.public()
    stats = public.aggregate(
        n=Count("pk"),
        first=Min("created_at"),
        created=Max("created_at"),
        submitted=Max("submitted_at"),
        answered=Max("answered_at"),
    )
    if not stats["n"]:
        return
    dataset.records = stats["n"]
    dataset.issued = stats["first"]
    dataset.modified = newest(
        [
            stats["created"],
            stats["submitted"],
            stats["answered"],
            StatusChange.objects.filter(proposal__in=public).aggregate(
                last=Max("created_at")
            )["last"],
            Support.objects.filter(proposal__in=public).aggregate(
                last=Max("created_at")
            )["last"],
        ]
    )
    dataset.add_files(
        "proposals",
        None,
        reverse("api:proposal_list"),
        (JSON, CSV),
        modified=dataset.modified,
        issued=dataset.issued,
    )


def _add_consultations(sets: dict[str, Dataset], now, audit) -> None:
    """Fill the consultations dataset (past draft, with the questionnaire answers
    once closed) and the hearing reports dataset (published reports)."""
    consultations = list(
        consultations_visible_to(AnonymousUser())
        .select_related("report")
        .annotate(
            has_questions=Exists(Question.objects.filter(consultation=OuterRef("pk")))
        )
    )
    if not consultations:
        return
    answered = dict(
        Response.objects.filter(consultation__in=consultations)
        .values_list("consultation_id")
        .annotate(last=Max("updated_at"))
    )
    S = Consultation.Status
    published = [
        c
        for c in consultations
        if c.status == S.PUBLISHED
        and getattr(c, "report", None) is not None
        and c.report.published_at is not None
    ]
    published_pks = {c.pk for c in published}
    issues = dict(
        ReportIssue.objects.filter(report__consultation__in=published)
        .values_list("report__consultation_id")
        .annotate(n=Count("pk"))
    )
    changed = {
        c.pk: newest(
            [
                c.created_at,
                c.opens_at,
                c.closes_at,
                audit.get(("consultations.consultation", str(c.pk))),
                c.report.published_at if c.pk in published_pks else None,
            ],
            now,
        )
        for c in consultations
    }
    sets["consultations"].records = len(consultations)
    sets["consultations"].issued = min(c.created_at for c in consultations)
    sets["consultations"].modified = max(changed.values())
    sets["consultations"].add_files(
        "consultations",
        None,
        reverse("api:consultation_list"),
        (JSON, CSV),
        modified=sets["consultations"].modified,
        issued=sets["consultations"].issued,
    )
    for consultation in consultations:
        if (
            consultation.status in (S.CLOSED, S.PUBLISHED)
            and consultation.has_questions
        ):
            sets["consultations"].add_files(
                f"questionnaire-{quote(consultation.slug)}",
                title_of(
                    gettext_noop("Questionnaire answers of %(consultation)s"),
                    consultation=consultation,
                ),
                reverse("api:consultation_questionnaire", args=[consultation.slug]),
                [CSV],
                modified=newest(
                    [changed[consultation.pk], answered.get(consultation.pk)]
                ),
                issued=newest([consultation.closes_at], now)
                or changed[consultation.pk],
                subject=consultation,
                answers=True,
            )
    for consultation in published:
        report = consultation.report
        sets["reports"].records += issues.get(consultation.pk, 0)
        sets["reports"].add_files(
            f"report-{quote(consultation.slug)}",
            title_of(
                gettext_noop("Hearing report of %(consultation)s"),
                consultation=consultation,
            ),
            reverse("api:consultation_report", args=[consultation.slug]),
            (JSON, CSV),
            modified=newest([report.updated_at, report.published_at]),
            issued=report.published_at,
            subject=consultation,
        )
