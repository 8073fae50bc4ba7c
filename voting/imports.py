"""Turning a Pabulib election into a closed budget with anonymous ballots."""

import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from budgets.models import Budget, Project

from .models import Ballot, BallotItem
from .pabulib import PabulibError, parse_pabulib

ORDINAL_NOTICE = (
    "Ordinal ballots were imported as approval ballots of the ranked projects; "
    "the ranks themselves are not used in counting."
)
BATCH = 5000


def _money(value: str, *, line_hint: str) -> Decimal:
    try:
        amount = Decimal(value.replace(",", "."))
    except (InvalidOperation, AttributeError) as error:
        raise PabulibError(f"{line_hint} is not a number: {value!r}") from error
    if amount < 0:
        raise PabulibError(f"{line_hint} is negative: {value!r}")
    return amount


def default_slug(file_name: str) -> str:
    """Slug of a file: ``Poland_Warszawa_2026.pb`` → ``poland-warszawa-2026``."""
    stem = file_name.rsplit("/", 1)[-1].removesuffix(".pb")
    return slugify(stem)[:80] or "imported"


@transaction.atomic
def budget_import_pabulib(
    *,
    text: str,
    slug: str,
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Budget, list[str]]:
    """Create a closed budget (results published) from the text of a ``.pb`` file.

    Returns ``(budget, notices)``; notices say what was adapted (ordinal ballots
    become approval ballots of the ranked projects). Raises ``PabulibError``
    (with the line) for a malformed file and ``ValueError`` when ``slug`` is
    taken; nothing is written then (one transaction). ``progress(done, total)``
    is called after each batch of ballots.
    """
    election = parse_pabulib(text)
    if Budget.objects.filter(slug=slug).exists():
        raise ValueError(f"A budget with the slug {slug!r} already exists.")
    meta = election.meta
    vote_type = meta.get("vote_type", "approval")
    notices = []
    if vote_type == "ordinal":
        notices.append(ORDINAL_NOTICE)
    now = timezone.now()
    description = meta.get("description", "") or file_name
    place = " ".join(
        part
        for part in (meta.get("unit"), meta.get("subunit"), meta.get("instance"))
        if part
    )
    cumulative = vote_type == "cumulative"
    max_length = meta.get("max_length")
    budget = Budget(
        slug=slug,
        name_th=f"{description} ({place})"
        if place and place not in description
        else description,
        name_en=f"{description} ({place})"
        if place and place not in description
        else description,
        description_en=(
            f"Imported from the Pabulib file {file_name}." if file_name else ""
        ),
        total=_money(meta.get("budget", "0"), line_hint="META budget"),
        currency=(meta.get("currency") or "THB")[:3].upper(),
        voting_opens=now - timezone.timedelta(seconds=2),
        voting_closes=now - timezone.timedelta(seconds=1),
        results_published_at=now,
        ballot_rule=Budget.BallotRule.CUMULATIVE
        if cumulative
        else Budget.BallotRule.APPROVAL,
        min_projects=0,
        max_projects=int(max_length) if max_length and max_length.isdigit() else None,
        max_points=int(meta["max_sum_points"])
        if meta.get("max_sum_points", "").isdigit()
        else None,
        counting_rule=Budget.CountingRule.GREEDY,
        results_visibility=Budget.ResultsVisibility.LIVE,
        source="pabulib",
        source_meta={"meta": meta, "file": file_name, "notices": notices},
    )
    budget.full_clean(exclude=["slug"])
    budget.save()
    projects = []
    for position, (project_id, row) in enumerate(election.projects.items()):
        name = row.get("name") or f"Project {project_id}"
        projects.append(
            Project(
                budget=budget,
                external_id=project_id,
                position=position,
                name_th=name[:300],
                name_en=name[:300],
                description_en=row.get("description", ""),
                cost=_money(
                    row.get("cost", ""), line_hint=f"The cost of project {project_id}"
                ),
                category=(row.get("category") or "")[:200],
                extra={"pabulib": row},
            )
        )
    Project.objects.bulk_create(projects, batch_size=1000)
    project_pk = dict(
        Project.objects.filter(budget=budget).values_list("external_id", "pk")
    )
    votes = election.votes
    total = len(votes)
    for start in range(0, total, BATCH):
        chunk = votes[start : start + BATCH]
        ballots = Ballot.objects.bulk_create(
            [
                Ballot(
                    budget=budget,
                    channel=Ballot.Channel.IMPORTED,
                    created_at=now,
                    updated_at=now,
                )
                for _ in chunk
            ]
        )
        items = []
        for ballot, row in zip(ballots, chunk, strict=True):
            for pid, points in election.ballot(row).items():
                if points <= 0:
                    continue  # a zero-point entry supports nothing
                items.append(
                    BallotItem(
                        ballot=ballot, project_id=project_pk[pid], points=int(points)
                    )
                )
        BallotItem.objects.bulk_create(items, batch_size=BATCH)
        if progress is not None:
            progress(min(start + BATCH, total), total)
    budget.tally_version = total
    budget.save(update_fields=["tally_version"])
    return budget, notices


def text_progress(stream=sys.stderr, width: int = 30) -> Callable[[int, int], None]:
    """A progress bar on ``stream`` for imports of more than a few thousand votes."""

    def show(done: int, total: int) -> None:
        if total < 5000:
            return
        filled = width * done // total
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} ballots"
        )
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
