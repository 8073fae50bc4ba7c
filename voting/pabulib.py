"""Read and write the Pabulib `.pb` format for participatory-budgeting elections.

Pure Python (standard library only, no Django), so the importer, the exporter and the
counting benchmarks share one parser.

A `.pb` file has three sections, in this order, each a `;`-separated table with a
header row (fields may be quoted as in CSV, so a `;` or a line break can sit inside a
quoted name)::

    META                      PROJECTS                       VOTES
    key;value                 project_id;cost;name;...       voter_id;vote;points;...
    budget;1000000            7;250000;Bike lanes            v1;7,3;2,1
    vote_type;cumulative      3;40000;Street lights          v2;3;3

Keys (META keys and column names) are lower-cased as the format writes them; values
are kept as strings with surrounding whitespace removed. ``vote`` lists project ids
separated by commas; ``points`` (cumulative and scoring files) is parallel to it.

Sources: the format description on https://pabulib.org/format and Stolicki, Szufa,
Talmon, "Pabulib: A Participatory Budgeting Library", arXiv:2012.06539.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = [
    "APPROVAL_LIKE_VOTE_TYPES",
    "POINTS_VOTE_TYPES",
    "VOTE_TYPES",
    "PabulibElection",
    "PabulibError",
    "parse_number",
    "parse_pabulib",
    "split_ids",
    "write_pabulib",
]

SECTIONS = ("meta", "projects", "votes")
#: Vote types whose ballot is a set of projects (``ordinal`` is read as the set of
#: ranked projects: ranks are dropped, and the caller should tell the user so).
APPROVAL_LIKE_VOTE_TYPES = ("approval", "choose-1", "ordinal")
#: Vote types whose ballot carries a ``points`` column parallel to ``vote``.
POINTS_VOTE_TYPES = ("cumulative", "scoring")
VOTE_TYPES = APPROVAL_LIKE_VOTE_TYPES + POINTS_VOTE_TYPES

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")

Number = int | Fraction


class PabulibError(ValueError):
    """A malformed `.pb` file; ``line_number`` is the 1-based line (None if unknown).

    ``str(error)`` reads ``"line 12: unknown project '99' in vote"``.
    """

    def __init__(self, message: str, line_number: int | None = None) -> None:
        self.message = message
        self.line_number = line_number
        prefix = f"line {line_number}: " if line_number is not None else ""
        super().__init__(prefix + message)


def parse_number(text: str) -> Number:
    """Parse a non-negative decimal string (``"250000"``, ``"4000.0"``, ``"12.5"``).

    Returns an ``int`` when the value is integral, else an exact ``Fraction``.
    Raises ``ValueError`` for anything else (signs, exponents, ``nan``, commas).
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not a non-negative decimal number: {text!r}")
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


@dataclass
class PabulibElection:
    """One parsed `.pb` file.

    - ``meta``: META key -> value, e.g. ``{"budget": "1000000", "vote_type":
      "approval", ...}``.
    - ``projects``: project id -> its PROJECTS row (column -> value, including
      ``project_id`` and ``cost``), in file order.
    - ``votes``: the VOTES rows in file order (column -> value, including
      ``voter_id`` and ``vote``; ``points`` for cumulative and scoring files).
    """

    meta: dict[str, str]
    projects: dict[str, dict[str, str]]
    votes: list[dict[str, str]]
    #: 1-based line of each META key and of each vote row, for later error messages.
    meta_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    vote_lines: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def vote_type(self) -> str:
        """META ``vote_type`` (``approval`` when the file omits it)."""
        return self.meta.get("vote_type", "approval")

    @property
    def ranks_ignored(self) -> bool:
        """True for ordinal files: ballots keep which projects were ranked, not the
        order, so the caller should tell the user the ranking was not used."""
        return self.vote_type == "ordinal"

    @property
    def budget(self) -> Number:
        """META ``budget`` as an exact number (currency units); PabulibError if bad."""
        return _meta_number(self, "budget")

    @property
    def costs(self) -> dict[str, Number]:
        """Project id -> cost (currency units, exact), in file order."""
        return {pid: parse_number(row["cost"]) for pid, row in self.projects.items()}

    def ballot(self, vote: Mapping[str, str]) -> dict[str, Number]:
        """Turn one VOTES row into a ballot: project id -> points.

        approval, choose-1 and ordinal votes give 1 point to each listed project (an
        ordinal vote becomes the set of its ranked projects); cumulative and scoring
        votes give the ``points`` column. The row is assumed valid (parse checked it).
        """
        project_ids = split_ids(vote.get("vote", ""))
        if self.vote_type in POINTS_VOTE_TYPES:
            points = split_ids(vote.get("points", ""))
            return dict(zip(project_ids, map(parse_number, points), strict=True))
        return dict.fromkeys(project_ids, 1)

    def ballots(self) -> list[dict[str, Number]]:
        """All ballots in file order (see ``ballot``); empty votes give ``{}``."""
        if self.vote_type in POINTS_VOTE_TYPES:
            return [self.ballot(vote) for vote in self.votes]
        return [dict.fromkeys(split_ids(vote["vote"]), 1) for vote in self.votes]


def split_ids(text: str) -> list[str]:
    """Split a comma-separated ``vote`` or ``points`` field; ``""`` gives ``[]``."""
    if not text.strip():
        return []
    return [part.strip() for part in text.split(",")]


def parse_pabulib(source: str | Iterable[str]) -> PabulibElection:
    """Parse a `.pb` file given as its text or as an iterable of lines.

    Lines are read as from a file object opened with ``newline=""``: each keeps
    its ending (``\\n`` or ``\\r\\n``), which a quoted field spanning lines needs.
    A leading byte-order mark is ignored.
    Raises ``PabulibError(message, line_number)`` for: text before META, a missing or
    out-of-order section, a missing header column (``key;value``, ``project_id`` and
    ``cost``, ``voter_id`` and ``vote``), a row whose column count differs from its
    header, a duplicate META key, project id or voter id, a cost or budget that is not
    a non-negative decimal number, an unknown ``vote_type``, a vote naming an unknown
    project or one project twice, a choose-1 vote with several projects, and a
    ``points`` field that is missing, not numeric or not as long as ``vote``.
    """
    if isinstance(source, str):
        stream: Iterable[str] = io.StringIO(source.removeprefix("\ufeff"), newline="")
    else:
        stream = _strip_bom(source)
    reader = csv.reader(stream, delimiter=";")
    election = PabulibElection(meta={}, projects={}, votes=[])
    section_index = -1
    header: list[str] | None = None
    header_line = 0
    voter_ids: set[str] = set()
    section_lines: dict[str, int] = {}
    votes_append = election.votes.append
    vote_lines_append = election.vote_lines.append
    row_line = 1
    for row in reader:
        line = row_line
        row_line = reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) == 1 and row[0].strip().lower() in SECTIONS:
            name = row[0].strip().lower()
            expected = SECTIONS[section_index + 1] if section_index < 2 else None
            if name != expected:
                raise PabulibError(
                    f"section {name.upper()} found where "
                    f"{expected.upper() if expected else 'the end of the file'} "
                    "was expected",
                    line,
                )
            section_index += 1
            section_lines[name] = line
            header = None
            continue
        if section_index < 0:
            raise PabulibError("the file must start with a META section", line)
        if header is None:
            header = [column.strip().lower() for column in row]
            header_line = line
            _check_header(SECTIONS[section_index], header, line)
            continue
        if len(row) != len(header):
            raise PabulibError(
                f"{len(row)} columns where the header (line {header_line}) has "
                f"{len(header)}",
                line,
            )
        section = SECTIONS[section_index]
        if section == "votes":
            vote = dict(zip(header, map(str.strip, row), strict=True))
            voter_id = vote["voter_id"]
            if voter_id in voter_ids:
                raise PabulibError(f"voter id {voter_id!r} appears twice", line)
            voter_ids.add(voter_id)
            _check_vote(election, vote, line)
            votes_append(vote)
            vote_lines_append(line)
        elif section == "projects":
            project = dict(zip(header, map(str.strip, row), strict=True))
            project_id = project["project_id"]
            if project_id in election.projects:
                raise PabulibError(f"project id {project_id!r} appears twice", line)
            if not project_id or "," in project_id:
                raise PabulibError(f"invalid project id {project_id!r}", line)
            try:
                parse_number(project["cost"])
            except ValueError:
                raise PabulibError(
                    f"cost of project {project_id!r} is not a non-negative number: "
                    f"{project['cost']!r}",
                    line,
                ) from None
            election.projects[project_id] = project
        else:
            key, value = row[0].strip().lower(), row[1].strip()
            if key in election.meta:
                raise PabulibError(f"META key {key!r} appears twice", line)
            election.meta[key] = value
            election.meta_lines[key] = line
            if key == "vote_type" and value not in VOTE_TYPES:
                raise PabulibError(f"unknown vote_type {value!r}", line)
            if key == "budget":
                _meta_number(election, "budget")
    if section_index < 2 or header is None:
        missing = (
            SECTIONS[section_index + 1]
            if section_index < 2
            else SECTIONS[section_index]
        )
        what = "section" if section_index < 2 else "header row of section"
        raise PabulibError(f"missing {what} {missing.upper()}", row_line)
    if "budget" not in election.meta:
        raise PabulibError("META has no budget", section_lines["meta"])
    return election


def write_pabulib(
    meta: Mapping[str, object],
    projects: Mapping[str, Mapping[str, object]],
    votes: Iterable[Mapping[str, object]],
) -> str:
    """Write an election as `.pb` text that ``parse_pabulib`` reads back unchanged.

    ``meta``: key -> value; ``projects``: project id -> row (``cost`` required; the
    ``project_id`` column is taken from the key when absent); ``votes``: rows with
    ``voter_id`` and ``vote`` (a comma-separated string or a sequence of ids) and,
    for cumulative or scoring files, ``points`` (string or sequence). Values may be
    strings or numbers (``int``, ``Decimal``, or a ``Fraction`` with a finite decimal
    expansion); a missing value is written empty. Columns appear in first-seen order,
    ``project_id``/``cost`` and ``voter_id``/``vote`` first. Lines end in ``\\n``.
    Surrounding whitespace of values is not preserved (the parser strips it).
    Raises ``ValueError`` for a value it cannot write exactly.
    """
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([str(key).lower(), _cell(value)])
    project_rows = [
        {**{str(k).lower(): v for k, v in row.items()}, "project_id": project_id}
        for project_id, row in projects.items()
    ]
    _write_table(writer, "PROJECTS", ["project_id", "cost"], project_rows)
    vote_rows = [{str(k).lower(): v for k, v in row.items()} for row in votes]
    _write_table(writer, "VOTES", ["voter_id", "vote"], vote_rows)
    return output.getvalue()


def _write_table(
    writer: csv.writer,  # type: ignore[valid-type]
    title: str,
    first_columns: list[str],
    rows: Sequence[Mapping[str, object]],
) -> None:
    columns = list(first_columns)
    seen = set(columns)
    for row in rows:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    writer.writerow([title])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column, "")) for column in columns])


def _cell(value: object) -> str:
    """One field as text: sequences join with commas, Fractions as exact decimals."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return _fraction_text(value)
    if isinstance(value, list | tuple):
        return ",".join(_cell(item) for item in value)
    return str(value)


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise ValueError(f"{value} has no finite decimal expansion")
    digits = max(twos, fives)
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    whole, rest = divmod(abs(scaled.numerator), 10**digits)
    return f"{sign}{whole}.{rest:0{digits}d}"


def _strip_bom(lines: Iterable[str]) -> Iterable[str]:
    first = True
    for line in lines:
        yield line.removeprefix("\ufeff") if first else line
        first = False


def _check_header(section: str, header: list[str], line: int) -> None:
    required = {
        "meta": ("key", "value"),
        "projects": ("project_id", "cost"),
        "votes": ("voter_id", "vote"),
    }[section]
    if section == "meta" and header[:2] != ["key", "value"]:
        raise PabulibError("META header must be 'key;value'", line)
    for column in required:
        if column not in header:
            raise PabulibError(
                f"{section.upper()} header has no {column!r} column", line
            )
    if len(set(header)) != len(header):
        raise PabulibError(f"{section.upper()} header repeats a column", line)


def _check_vote(election: PabulibElection, vote: dict[str, str], line: int) -> None:
    """Validate one VOTES row against the projects and the vote type."""
    projects = election.projects
    project_ids = split_ids(vote["vote"])
    for project_id in project_ids:
        if project_id not in projects:
            raise PabulibError(f"unknown project {project_id!r} in vote", line)
    if len(set(project_ids)) != len(project_ids):
        raise PabulibError("a project appears twice in one vote", line)
    vote_type = election.vote_type
    if vote_type == "choose-1" and len(project_ids) > 1:
        raise PabulibError("a choose-1 vote names more than one project", line)
    if vote_type in POINTS_VOTE_TYPES:
        if "points" not in vote:
            raise PabulibError(f"a {vote_type} vote needs a 'points' column", line)
        points = split_ids(vote["points"])
        if len(points) != len(project_ids):
            raise PabulibError(
                f"'points' has {len(points)} entries but 'vote' has {len(project_ids)}",
                line,
            )
        for value in points:
            try:
                parse_number(value)
            except ValueError:
                raise PabulibError(
                    f"points must be non-negative numbers, got {value!r}", line
                ) from None


def _meta_number(election: PabulibElection, key: str) -> Number:
    line = election.meta_lines.get(key)
    if key not in election.meta:
        raise PabulibError(f"META has no {key}", line)
    try:
        return parse_number(election.meta[key])
    except ValueError:
        raise PabulibError(
            f"META {key} is not a non-negative number: {election.meta[key]!r}", line
        ) from None
