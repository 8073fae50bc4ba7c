"""A dataset of the catalogue and its files, and the seven datasets' texts.

Titles and descriptions are kept in Thai and English at once (``Both``): the
page shows the active language, the JSON-LD both.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.models import Pot
from consultations.models import Consultation

LANGUAGES = ("th", "en")

JSON = ("JSON", "application/json")
CSV = ("CSV", "text/csv")
PABULIB = ("Pabulib .pb", "text/plain")

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
            "The outcome of each budget whose results are published: votes "
            "for each project, the projects funded under the counting rule, and why "
            "each project won or lost."
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
            "and the official answers. Of the people who sent them, only the "
            "public name an author chose, and a map point where they chose to "
            "share one; nothing of those who sent them on paper or by phone."
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


def newest(moments: Iterable[datetime | None], now: datetime | None = None):
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


def title_of(message: str, **subjects) -> Callable[[], str]:
    """A title maker: ``message`` (marked with ``gettext_noop``) translated, with
    the names of ``subjects`` in the active language."""
    return lambda: _(message) % {key: _name(value) for key, value in subjects.items()}


@dataclass
class Distribution:
    """One file of a dataset: where it is, its format, when it last changed.

    ``path`` is the API's path (the page links it as is, the JSON-LD on the public
    site); ``subject`` the budget or consultation the file is about (None for a
    whole list); ``pot`` the district pot of a Pabulib file of a budget with
    districts.
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

    @classmethod
    def empty(cls, key: str) -> "Dataset":
        """The dataset ``key`` of ``DATASETS``, with no file yet."""
        title, description, keywords = DATASETS[key]
        return cls(
            key=key,
            title=both(lambda: title),
            description=both(lambda: description),
            keywords=keywords,
        )

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
        self.modified = newest([self.modified, distribution.modified])
        if distribution.issued and (
            self.issued is None or distribution.issued < self.issued
        ):
            self.issued = distribution.issued

    def add_files(
        self,
        key: str,
        title: Callable[[], str] | None,
        path: str,
        formats: Iterable[tuple[str, str]],
        **extra,
    ) -> None:
        """Add ``path`` once per format: JSON as is, CSV with ``?format=csv``
        (unless the path is a ``.csv`` file), Pabulib as is.

        ``title`` makes the file's title in the active language (default: the
        dataset's); the format follows it in brackets. ``extra``: the other
        fields of ``Distribution``.
        """
        title = title or (lambda: str(self.title))
        for name, media_type in formats:
            url = path
            if name == CSV[0] and not path.endswith(".csv"):
                url = f"{path}?format=csv"
            self.add(
                Distribution(
                    key=f"{key}-{name.rsplit('.', 1)[-1].lower()}",
                    title=both(lambda name=name: f"{title()} ({name})"),
                    path=url,
                    format=name,
                    media_type=media_type,
                    **extra,
                )
            )
