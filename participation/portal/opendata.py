"""The open-data catalogue: a page of every public dataset, and the same catalogue
in DCAT-AP as JSON-LD for data portals (CKAN's DCAT harvester, as data.go.th runs).

Seven datasets: budgets, projects, anonymised ballots, results, proposals,
consultations (with the aggregated questionnaire answers) and hearing reports.
Only what the anonymous public may see goes in, computed for an AnonymousUser, so
an official sees the same page as everyone. The files themselves are the API's
(``/api/v1/``); this module points at them. It reads with a fixed number of
queries per kind of dataset, whatever the number of budgets or consultations.

A dataset with no public file yet stays on the page ("nothing published yet") and
is left out of the JSON-LD, where every dataset has at least one distribution.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, Max, Min, OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_safe

from budgets.models import Budget, BudgetDistrict, Implementation, Pot, Project
from consultations.models import Consultation, Question, ReportIssue, Response
from consultations.selectors import consultations_visible_to
from participation.models import AuditEvent
from participation.phases import Phase
from proposals.models import Proposal, StatusChange, Support
from voting.models import Ballot
from voting.selectors import FULL, NONE, tally_level_for

LANGUAGES = ("th", "en")
#: Ballots are public once voting has closed and the full tally may be seen.
CLOSED = (Phase.COUNTING, Phase.RESULTS, Phase.IMPLEMENTATION)

JSON = ("JSON", "application/json")
CSV = ("CSV", "text/csv")
PABULIB = ("Pabulib .pb", "text/plain")

IANA = "http://www.iana.org/assignments/media-types/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The catalogue's description, and the page's first paragraph.
INTRODUCTION = gettext_lazy(
    "Budgets, projects, anonymised ballots, results, proposals, consultations and "
    "hearing reports of this site, free for anyone to reuse."
)

#: key -> (title, description, keywords as (Thai, English) pairs), in page order.
#: Keywords are catalogue metadata in both languages at once (GLOSSARY.md terms).
DATASETS = {
    "budgets": (
        gettext_lazy("Budgets"),
        gettext_lazy(
            "Every participatory budgeting cycle: the organisation, the money and "
            "its currency, the fiscal year, the dates of each phase, and the "
            "ballot and counting rules."
        ),
        (("งบประมาณแบบมีส่วนร่วม", "participatory budgeting"), ("งบประมาณ", "budget")),
    ),
    "projects": (
        gettext_lazy("Budget projects"),
        gettext_lazy(
            "The projects that compete for each budget's money: cost, area, the "
            "feasibility decision with its reason and, for funded projects, the "
            "progress of the work. One file for each budget."
        ),
        (("โครงการ", "project"), ("งบประมาณแบบมีส่วนร่วม", "participatory budgeting")),
    ),
    "ballots": (
        gettext_lazy("Anonymised ballots"),
        gettext_lazy(
            "The ballots of each budget whose results are published, with no link "
            "to any voter: which projects each ballot chose. As CSV and in the "
            "Pabulib format used by researchers, one Pabulib file for each pot of "
            "money of a budget with districts."
        ),
        (("บัตรลงคะแนน", "ballot"), ("Pabulib", "Pabulib")),
    ),
    "results": (
        gettext_lazy("Voting results"),
        gettext_lazy(
            "The outcome of each budget whose tally is public: votes for each "
            "project, the projects funded under the counting rule, and why each "
            "project won or lost."
        ),
        (
            ("ผลการลงคะแนน", "voting results"),
            ("โครงการที่ได้รับงบประมาณ", "funded project"),
        ),
    ),
    "proposals": (
        gettext_lazy("Proposals and problem reports"),
        gettext_lazy(
            "Policy ideas and problem reports sent by residents, once published: "
            "tracking number, title, category, area, status, number of supports "
            "and the official answers. Nothing that identifies the people who "
            "sent them."
        ),
        (("ข้อเสนอ", "proposal"), ("เรื่องแจ้งปัญหา", "problem report")),
    ),
    "consultations": (
        gettext_lazy("Consultations"),
        gettext_lazy(
            "Public consultations on draft laws, by-laws, policies and projects: "
            "organiser, summary, period and status; and, once a consultation has "
            "closed, the answers to its questionnaire added up question by question."
        ),
        (("การรับฟังความคิดเห็น", "public consultation"), ("แบบสอบถาม", "questionnaire")),
    ),
    "reports": (
        gettext_lazy("Hearing reports"),
        gettext_lazy(
            "The published report of each consultation: the issues raised, a "
            "summary of the views on each, the agency's answer and whether the "
            "draft changed. One file for each report."
        ),
        (
            ("รายงานสรุปผลการรับฟังความคิดเห็น", "hearing report"),
            ("การรับฟังความคิดเห็น", "public consultation"),
        ),
    ),
}


class Both(dict):
    """A text in Thai and English (``{"th": ..., "en": ...}``) that prints in the
    active language, so a template can show ``{{ dataset.title }}``."""

    def __str__(self) -> str:
        return self.get(translation.get_language() or "th") or self["th"]


def both(make: Callable[[], Any]) -> Both:
    """``make()`` as text with Thai active, then English (``obj.tr()`` follows)."""
    texts = Both()
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(make())
    return texts


@dataclass
class Distribution:
    """One file of a dataset: where it is, its format, when it last changed.

    ``subject`` is the budget or consultation the file is about (None for a whole
    list); ``pot`` the district pot of a Pabulib file of a budget with districts.
    """

    key: str
    title: Both
    path: str
    format: str
    media_type: str
    modified: datetime
    issued: datetime | None = None
    subject: Any = None
    pot: Pot | None = None
    answers: bool = False  # a questionnaire's answers, not the subject itself

    @property
    def download(self) -> bool:
        """A file to save (CSV, .pb); JSON opens in the browser."""
        return self.media_type != JSON[1]


@dataclass
class Dataset:
    """A dataset of the catalogue: its texts, files, dates and number of rows."""

    key: str
    title: Both
    description: Both
    keywords: tuple[tuple[str, str], ...]
    records: int = 0
    issued: datetime | None = None
    modified: datetime | None = None
    distributions: list[Distribution] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return bool(self.distributions)

    @property
    def formats(self) -> list[str]:
        return list(dict.fromkeys(d.format for d in self.distributions))

    @property
    def groups(self) -> list[tuple[Any, str, list[Distribution]]]:
        """The files by subject, in order: ``[(subject, its name field, files)]``;
        the subject is a budget, a consultation, or None for a whole list."""
        grouped: dict[int, tuple[Any, str, list[Distribution]]] = {}
        for distribution in self.distributions:
            subject = distribution.subject
            field_name = "title" if isinstance(subject, Consultation) else "name"
            grouped.setdefault(id(subject), (subject, field_name, []))[2].append(
                distribution
            )
        return list(grouped.values())

    def add(self, distribution: Distribution) -> None:
        """Add a file; the dataset's dates widen to cover it."""
        self.distributions.append(distribution)
        self.modified = _newest([self.modified, distribution.modified])
        if distribution.issued and (
            self.issued is None or distribution.issued < self.issued
        ):
            self.issued = distribution.issued


def _newest(moments: Iterable[datetime | None], now: datetime | None = None):
    """The latest of ``moments`` not after ``now`` (None when there is none)."""
    past = [m for m in moments if m is not None and (now is None or m <= now)]
    return max(past) if past else None


def _name(subject) -> str:
    """A budget's name, a consultation's title or a pot's area, in the active
    language."""
    if isinstance(subject, Pot):
        return subject.area.tr("name") if subject.area else _("Whole municipality")
    if isinstance(subject, Consultation):
        return subject.tr("title")
    return subject.tr("name")


def _title(message: str, **subjects) -> Callable[[], str]:
    """A title maker: ``message`` (marked with ``gettext_noop``) translated, with
    the names of ``subjects`` in the active language."""
    return lambda: _(message) % {key: _name(value) for key, value in subjects.items()}


def _files(
    dataset: Dataset,
    key: str,
    title: Callable[[], str] | None,
    path: str,
    formats: Iterable[tuple[str, str]],
    **extra,
) -> None:
    """Add ``path`` to ``dataset`` once per format: JSON as is, CSV with
    ``?format=csv`` (unless the path is a ``.csv`` file), Pabulib as is.

    ``title`` makes the file's title in the active language (default: the
    dataset's); the format follows it in brackets.
    """
    title = title or (lambda: str(dataset.title))
    for name, media_type in formats:
        url = path
        if name == CSV[0] and not path.endswith(".csv"):
            url = f"{path}?format=csv"
        dataset.add(
            Distribution(
                key=f"{key}-{name.rsplit('.', 1)[-1].lower()}",
                title=both(lambda name=name: f"{title()} ({name})"),
                path=url,
                format=name,
                media_type=media_type,
                **extra,
            )
        )


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
            projects_changed[budget_id] = _newest(
                [projects_changed.get(budget_id), last]
            )
    anonymous = AnonymousUser()
    levels = {b.pk: tally_level_for(user=anonymous, budget=b) for b in budgets}
    ballot_stats = {
        row["budget_id"]: row
        for row in Ballot.objects.filter(
            budget__in=[pk for pk, level in levels.items() if level != NONE]
        )
        .values("budget_id")
        .annotate(n=Count("id"), last=Max("updated_at"))
    }
    with_ballots = [
        b for b in budgets if levels[b.pk] == FULL and b.phase(now) in CLOSED
    ]
    pots = _pots(with_ballots)

    changed = {}
    for budget in budgets:
        stats = ballot_stats.get(budget.pk, {})
        changed[budget.pk] = _newest(
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
    _files(
        sets["budgets"],
        "budgets",
        None,
        reverse("api:budget_list"),
        (JSON, CSV),
        modified=sets["budgets"].modified,
        issued=sets["budgets"].issued,
    )
    for budget in budgets:
        slug = quote(budget.slug)
        if project_counts.get(budget.pk):
            sets["projects"].records += project_counts[budget.pk]
            _files(
                sets["projects"],
                f"projects-{slug}",
                _title(gettext_noop("Projects of %(budget)s"), budget=budget),
                reverse("api:budget_projects", args=[budget.slug]),
                (JSON, CSV),
                modified=_newest([changed[budget.pk], projects_changed.get(budget.pk)]),
                issued=budget.created_at,
                subject=budget,
            )
        if levels[budget.pk] == FULL:
            sets["results"].records += feasible.get(budget.pk, 0)
            _files(
                sets["results"],
                f"results-{slug}",
                _title(gettext_noop("Results of %(budget)s"), budget=budget),
                reverse("api:results", args=[budget.slug]),
                (JSON, CSV),
                modified=changed[budget.pk],
                issued=budget.results_published_at or budget.voting_opens,
                subject=budget,
            )
    for budget in with_ballots:
        slug = quote(budget.slug)
        sets["ballots"].records += ballot_stats.get(budget.pk, {}).get("n", 0)
        common = {
            "modified": changed[budget.pk],
            "issued": budget.results_published_at,
            "subject": budget,
        }
        name = _title(gettext_noop("Anonymised ballots of %(budget)s"), budget=budget)
        export = reverse("api:export_pb", args=[budget.slug])
        if len(pots[budget.pk]) == 1:
            _files(
                sets["ballots"], f"ballots-{slug}", name, export, [PABULIB], **common
            )
        for pot in pots[budget.pk] if len(pots[budget.pk]) > 1 else []:
            _files(
                sets["ballots"],
                f"ballots-{slug}-{quote(pot.key)}",
                _title(
                    gettext_noop("Anonymised ballots of %(budget)s, %(pot)s"),
                    budget=budget,
                    pot=pot,
                ),
                f"{export}?pot={quote(pot.key)}",
                [PABULIB],
                pot=pot,
                **common,
            )
        _files(
            sets["ballots"],
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
    dataset.modified = _newest(
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
    _files(
        dataset,
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
        c.pk: _newest(
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
    _files(
        sets["consultations"],
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
            _files(
                sets["consultations"],
                f"questionnaire-{quote(consultation.slug)}",
                _title(
                    gettext_noop("Questionnaire answers of %(consultation)s"),
                    consultation=consultation,
                ),
                reverse("api:consultation_questionnaire", args=[consultation.slug]),
                [CSV],
                modified=_newest(
                    [changed[consultation.pk], answered.get(consultation.pk)]
                ),
                issued=_newest([consultation.closes_at], now)
                or changed[consultation.pk],
                subject=consultation,
                answers=True,
            )
    for consultation in published:
        report = consultation.report
        sets["reports"].records += issues.get(consultation.pk, 0)
        _files(
            sets["reports"],
            f"report-{quote(consultation.slug)}",
            _title(
                gettext_noop("Hearing report of %(consultation)s"),
                consultation=consultation,
            ),
            reverse("api:consultation_report", args=[consultation.slug]),
            (JSON, CSV),
            modified=_newest([report.updated_at, report.published_at]),
            issued=report.published_at,
            subject=consultation,
        )


def catalogue(now: datetime | None = None) -> list[Dataset]:
    """The seven datasets as the anonymous public may see them, in page order."""
    now = now or timezone.now()
    sets = {
        key: Dataset(
            key=key,
            title=both(lambda title=title: title),
            description=both(lambda description=description: description),
            keywords=keywords,
        )
        for key, (title, description, keywords) in DATASETS.items()
    }
    audit = _audit_times()
    _add_budgets(sets, now, audit)
    _add_proposals(sets)
    _add_consultations(sets, now, audit)
    return list(sets.values())


# --- The page and the JSON-LD ---------------------------------------------------


@require_safe
def open_data(request):
    """The catalogue page: each dataset with its formats, licence, date and size."""
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": catalogue(),
            "introduction": INTRODUCTION,
            "licence_name": settings.OPEN_DATA_LICENSE_NAME,
            "licence_url": settings.OPEN_DATA_LICENSE_URL,
            "catalog_url": request.build_absolute_uri(reverse("catalog_jsonld")),
        },
    )


@require_safe
def catalog_jsonld(request):
    """The catalogue in DCAT-AP, JSON-LD with its context inline (nothing to fetch)."""
    document = catalogue_document(
        catalogue(),
        site=request.build_absolute_uri("/").rstrip("/"),
        catalog_url=request.build_absolute_uri(reverse("catalog_jsonld")),
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _texts(text: Both) -> list[dict]:
    return [
        {"@value": text[language], "@language": language}
        for language in LANGUAGES
        if text.get(language)
    ]


def _when(moment: datetime) -> dict:
    return {
        "@value": timezone.localtime(moment).isoformat(timespec="seconds"),
        "@type": "xsd:dateTime",
    }


def catalogue_document(datasets: list[Dataset], *, site: str, catalog_url: str):
    """The DCAT-AP catalogue of ``datasets`` as a JSON-LD document (a dict).

    ``site`` is the site's absolute root (no trailing slash), ``catalog_url`` the
    JSON-LD's own address: datasets and distributions are named by fragments of
    it. Published datasets only (each has at least one distribution).
    """
    with translation.override("th"):
        page = site + reverse("open_data")
    licence = {"@id": settings.OPEN_DATA_LICENSE_URL}
    if settings.OPEN_DATA_PUBLISHER_NAME:
        publisher_name = [{"@value": settings.OPEN_DATA_PUBLISHER_NAME}]
    else:
        publisher_name = _texts(both(lambda: _("Ruamkid")))
    publisher_url = settings.OPEN_DATA_PUBLISHER_URL or site + "/"
    publisher = {
        "@id": publisher_url,
        "@type": "foaf:Agent",
        "foaf:name": publisher_name,
        "foaf:homepage": {"@id": publisher_url},
    }
    contact = {
        "@id": f"{catalog_url}#contact",
        "@type": "vcard:Organization",
        "vcard:fn": publisher_name,
        "vcard:hasURL": {"@id": page},
    }
    languages = [{"@id": EU_LANGUAGE + "THA"}, {"@id": EU_LANGUAGE + "ENG"}]
    shown = [dataset for dataset in datasets if dataset.published]
    nodes = []
    for dataset in shown:
        iri = f"{catalog_url}#{dataset.key}"
        nodes.append(
            {
                "@id": iri,
                "@type": "dcat:Dataset",
                "dct:identifier": iri,
                "dct:title": _texts(dataset.title),
                "dct:description": _texts(dataset.description),
                "dcat:keyword": [
                    {"@value": word, "@language": language}
                    for pair in dataset.keywords
                    for language, word in zip(LANGUAGES, pair, strict=True)
                ],
                "dct:issued": _when(dataset.issued or dataset.modified),
                "dct:modified": _when(dataset.modified),
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dct:license": licence,
                "dct:language": languages,
                "dcat:landingPage": {"@id": f"{page}#{dataset.key}"},
                "dcat:distribution": [
                    _distribution_node(d, site, catalog_url, licence)
                    for d in dataset.distributions
                ],
            }
        )
    with translation.override("th"):
        openapi = site + reverse("api:openapi")
    return {
        "@context": CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(both(lambda: _("Ruamkid open data catalogue"))),
        "dct:description": _texts(both(lambda: INTRODUCTION)),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": page},
        "dct:language": languages,
        "dct:license": {
            "@id": settings.OPEN_DATA_LICENSE_URL,
            "@type": "dct:LicenseDocument",
            "rdfs:label": settings.OPEN_DATA_LICENSE_NAME,
        },
        "dct:modified": _when(max((d.modified for d in shown), default=timezone.now())),
        "dcat:dataset": nodes,
        "dcat:service": {
            "@id": f"{site}/api/v1/",
            "@type": "dcat:DataService",
            "dct:title": _texts(both(lambda: _("Ruamkid public API"))),
            "dcat:endpointURL": {"@id": f"{site}/api/v1/"},
            "dcat:endpointDescription": {"@id": openapi},
            "dct:license": licence,
            "dcat:servesDataset": [{"@id": node["@id"]} for node in nodes],
        },
    }


def _distribution_node(distribution, site, catalog_url, licence) -> dict:
    url = {"@id": site + distribution.path}
    node = {
        "@id": f"{catalog_url}#{distribution.key}",
        "@type": "dcat:Distribution",
        "dct:title": _texts(distribution.title),
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dcat:mediaType": {"@id": IANA + distribution.media_type},
        "dct:format": distribution.format,
        "dct:license": licence,
        "dct:modified": _when(distribution.modified),
    }
    if distribution.issued:
        node["dct:issued"] = _when(distribution.issued)
    return node
