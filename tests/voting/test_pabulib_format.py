"""The Pabulib `.pb` reader and writer (voting.pabulib), on the shared sample files
and on small hand-made files."""

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from voting.pabulib import PabulibError, parse_pabulib, write_pabulib


def pabulib_dir() -> Path:
    """``PABULIB_DIR``, or ``shared/data/pabulib`` beside the repository."""
    configured = os.environ.get("PABULIB_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pabulib"


DATA = pabulib_dir()
EXPECTED = (
    json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    if (DATA / "expected.json").is_file()
    else {}
)
needs_data = pytest.mark.skipif(
    not EXPECTED, reason=f"Pabulib sample files not found in {DATA} (set PABULIB_DIR)"
)


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@needs_data
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_file_parses_with_expected_counts(name):
    election = parse_pabulib(read(name))
    expected = EXPECTED[name]

    assert len(election.projects) == expected["projects"]
    assert len(election.votes) == expected["voters"]
    assert election.budget == expected["budget"]
    assert election.vote_type == expected["vote_type"]
    assert len(election.ballots()) == expected["voters"]


@needs_data
def test_lines_parse_like_text():
    name = "Poland_Gdansk_2020_Chelm.pb"
    text = read(name)

    from_lines = parse_pabulib(text.splitlines(keepends=True))

    assert from_lines == parse_pabulib(text)


@needs_data
def test_ballots_follow_the_vote_type():
    cumulative = parse_pabulib(read("Poland_Czestochowa_2020_Grabowka.pb"))
    ordinal = parse_pabulib(read("Poland_Krakow_2018_Bronowice.pb"))

    # File line 34: "35;196,198;6,4"
    assert cumulative.ballots()[0] == {"196": 6, "198": 4}
    # File line 45: "29;17,9,12;paper": the ranked projects as a set
    assert ordinal.ballots()[0] == {"17": 1, "9": 1, "12": 1}
    assert ordinal.ranks_ignored
    assert not cumulative.ranks_ignored


@needs_data
def test_decimal_costs_are_exact():
    election = parse_pabulib(read("France_Toulouse_2022.pb"))

    assert election.projects["116"]["cost"] == "4000.0"
    assert election.costs["116"] == 4000


@needs_data
@pytest.mark.parametrize(
    "name",
    [
        "Poland_Gdansk_2020_Chelm.pb",  # cumulative, quoted names with ""
        "Switzerland_Zurich_D10.pb",  # cumulative with extra columns
        "Poland_Krakow_2018_Bronowice.pb",  # ordinal
        "Poland_Wroclaw_2016_Rejon_nr_1_250.pb",  # choose-1
        "France_Toulouse_2022.pb",  # decimal costs, quoted names
        "Netherlands_Assen_2024.pb",  # text ids
    ],
)
def test_write_then_parse_gives_the_same_election(name):
    election = parse_pabulib(read(name))

    again = parse_pabulib(
        write_pabulib(election.meta, election.projects, election.votes)
    )

    assert again.meta == election.meta
    assert again.projects == election.projects
    assert list(again.projects) == list(election.projects)
    assert again.votes == election.votes


SMALL = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;60;"Park; with benches"
2;50;"The ""new"" library"
VOTES
voter_id;vote
v1;1,2
v2;2
"""


def test_quoted_fields_keep_semicolons_and_quotes():
    election = parse_pabulib(SMALL)

    assert election.projects["1"]["name"] == "Park; with benches"
    assert election.projects["2"]["name"] == 'The "new" library'
    assert election.ballots() == [{"1": 1, "2": 1}, {"2": 1}]


def test_writer_quotes_what_needs_quoting():
    projects = {
        "a": {"cost": 10, "name": "semi;colon"},
        "b": {"cost": "2.5", "name": 'say "hi"\nsecond line'},
    }
    votes = [
        {"voter_id": "1", "vote": ["a", "b"], "points": [2, 1]},
        {"voter_id": "2", "vote": "", "points": ""},
    ]
    meta = {"budget": 12, "vote_type": "cumulative", "description": "x;y"}

    election = parse_pabulib(write_pabulib(meta, projects, votes))

    assert election.projects["a"]["name"] == "semi;colon"
    assert election.projects["b"]["name"] == 'say "hi"\nsecond line'
    assert election.meta["description"] == "x;y"
    assert election.ballots() == [{"a": 2, "b": 1}, {}]
    assert election.costs == {"a": 10, "b": Fraction(5, 2)}


def test_crlf_and_byte_order_mark_are_accepted():
    election = parse_pabulib("\ufeff" + SMALL.replace("\n", "\r\n"))

    assert election.budget == 100
    assert len(election.votes) == 2


def broken(old: str, new: str) -> str:
    assert old in SMALL
    return SMALL.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (broken("META\n", "hello\nMETA\n"), 1, "start with a META"),
        (SMALL.split("VOTES")[0], 9, "missing section VOTES"),
        (broken("PROJECTS\n", "VOTES\n"), 5, "VOTES found where PROJECTS"),
        (broken("1;60;", "1;60;x;"), 7, "4 columns"),
        (broken("v2;2\n", "v2;3\n"), 12, "unknown project '3'"),
        (broken("2;50;", "2;fifty;"), 8, "not a non-negative number"),
        (broken("2;50;", "2;-50;"), 8, "not a non-negative number"),
        (broken("budget;100", "budget;lots"), 3, "META budget"),
        (broken("budget;100\n", ""), 1, "no budget"),
        (broken("vote_type;approval", "vote_type;ranked"), 4, "unknown vote_type"),
        (broken("2;50;", "1;50;"), 8, "project id '1' appears twice"),
        (broken("v2;2\n", "v1;2\n"), 12, "voter id 'v1' appears twice"),
        (broken("v1;1,2", "v1;1,1"), 11, "twice in one vote"),
        (broken("project_id;cost;name", "project_id;price;name"), 6, "'cost'"),
    ],
)
def test_malformed_files_name_the_line(text, line, message):
    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text)

    assert caught.value.line_number == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
a;4
b;6
VOTES
voter_id;vote;points
1;a,b;2,1
2;b;x
"""


def test_points_must_match_the_vote():
    with pytest.raises(PabulibError) as not_a_number:
        parse_pabulib(CUMULATIVE)
    with pytest.raises(PabulibError) as too_short:
        parse_pabulib(CUMULATIVE.replace("2;b;x", "2;a,b;3"))

    assert not_a_number.value.line_number == 12
    assert too_short.value.line_number == 12
    assert "'points' has 1 entries but 'vote' has 2" in too_short.value.message


def test_choose_one_vote_names_one_project():
    text = SMALL.replace("approval", "choose-1")

    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text)

    assert caught.value.line_number == 11


def test_a_multiline_quoted_field_counts_its_lines():
    text = SMALL.replace("Park; with benches", "Park\nwith\nbenches")

    with pytest.raises(PabulibError) as caught:
        parse_pabulib(text.replace("v2;2\n", "v2;9\n"))

    assert caught.value.line_number == 14
