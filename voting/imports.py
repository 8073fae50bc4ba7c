"""Turning a Pabulib election into a closed budget with anonymous ballots."""

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from budgets.models import RESERVED_SLUGS, Budget, Project

from .models import Ballot, BallotItem
from .pabulib import PabulibError, parse_pabulib

ORDINAL_NOTICE = (
    "Ordinal ballots were imported as approval ballots of the ranked projects; "
    "the ranks themselves are not used in counting."
)
BATCH = 5000


#: The money columns hold 16 digits before the point and 2 after.
MAX_MONEY = Decimal("9999999999999999.99")
#: META ``rule`` values of Pabulib and the counting rule each means here.
RULES_FROM_META = {
    "greedy": Budget.CountingRule.GREEDY,
    "greedy-no-skip": Budget.CountingRule.GREEDY,
    "equalshares": Budget.CountingRule.MES,
    "equalshares/add1": Budget.CountingRule.MES_ADD1_GREEDY,
}


def _money(value: str, *, line_hint: str, line: int | None = None) -> Decimal:
    try:
        amount = Decimal(value.replace(",", "."))
    except (InvalidOperation, AttributeError) as error:
        raise PabulibError(f"{line_hint} is not a number: {value!r}", line) from error
    if not amount.is_finite() or amount < 0:
        raise PabulibError(f"{line_hint} is not a sum of money: {value!r}", line)
    if amount > MAX_MONEY:
        raise PabulibError(f"{line_hint} is too large: {value!r}", line)
    if amount != amount.quantize(Decimal("0.01")):
        raise PabulibError(f"{line_hint} has more than 2 decimals: {value!r}", line)
    return amount


def default_slug(file_name: str) -> str:
    """Slug of a file: ``Poland_Warszawa_2026.pb`` → ``poland-warszawa-2026``."""
    stem = file_name.rsplit("/", 1)[-1].removesuffix(".pb")
    return slugify(stem.replace("_", "-"))[:80] or "imported"


def _date(value: str | None):
    """A META date (``2024-05-01`` or ``01.05.2024``) as an aware datetime, or None."""
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
        return timezone.make_aware(parsed)
    return None


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
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ValueError(
            f"{slug!r} is not a valid slug: use letters a-z, digits, - and _."
        ) from error
    if slug.lower() in RESERVED_SLUGS:
        raise ValueError(
            f"{slug!r} is the address of another page; choose another with --slug."
        )
    election = parse_pabulib(text)
    if Budget.objects.filter(slug=slug).exists():
        raise ValueError(f"A budget with the slug {slug!r} already exists.")
    meta = election.meta
    vote_type = meta.get("vote_type", "approval")
    notices = []
    if vote_type == "ordinal":
        notices.append(ORDINAL_NOTICE)
    now = timezone.now()
    opens, closes = _date(meta.get("date_begin")), _date(meta.get("date_end"))
    if not (opens and closes and opens < closes <= now):
        # no usable dates in the file: a vote that closed just now
        opens, closes = now - timedelta(seconds=2), now - timedelta(seconds=1)
    rule = RULES_FROM_META.get(
        (meta.get("rule") or "").strip().lower(), Budget.CountingRule.GREEDY
    )
    declared = meta.get("num_votes", "")
    if declared.isdigit() and int(declared) != len(election.votes):
        notices.append(
            f"META num_votes says {declared} but the file has "
            f"{len(election.votes)} votes; all {len(election.votes)} were imported."
        )
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
        total=_money(
            meta.get("budget", "0"),
            line_hint="META budget",
            line=election.meta_lines.get("budget"),
        ),
        currency=(meta.get("currency") or "")[:3].upper(),
        voting_opens=opens,
        voting_closes=closes,
        results_published_at=now,
        ballot_rule=Budget.BallotRule.CUMULATIVE
        if cumulative
        else Budget.BallotRule.APPROVAL,
        min_projects=0,
        max_projects=int(max_length) if max_length and max_length.isdigit() else None,
        max_points=int(meta["max_sum_points"])
        if meta.get("max_sum_points", "").isdigit()
        else None,
        counting_rule=rule,
        results_visibility=Budget.ResultsVisibility.LIVE,
        source="pabulib",
        source_meta={"meta": meta, "file": file_name, "notices": notices},
    )
    budget.full_clean(exclude=["slug"])  # checked above, with a clearer message
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
