"""import_pabulib + count_budget reproduce the reference winners; export round-trips."""

import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from budgets.models import Budget
from tests.conftest import pabulib_dir
from voting.models import Ballot, BallotItem

DATA = pabulib_dir()
EXPECTED = json.loads((DATA / "expected.json").read_text()) if DATA.exists() else {}
SLOW_FILES = {
    "Hungary_Budapest_2024.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Krakow_2024.pb",
    "Poland_Warszawa_2022_Mokotow.pb",
}
RULES = ["greedy", "mes", "mes_add1_greedy"]

needs_data = pytest.mark.skipif(
    not DATA.exists(), reason=f"the shared Pabulib folder {DATA} is not there"
)


def import_file(name: str, slug: str | None = None) -> str:
    out = io.StringIO()
    args = [str(DATA / name)] + (["--slug", slug] if slug else [])
    call_command("import_pabulib", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def count(slug: str, rule: str) -> dict:
    out = io.StringIO()
    call_command("count_budget", slug, "--rule", rule, "--json", stdout=out)
    return json.loads(out.getvalue())


def file_params():
    return [
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW_FILES else [])
        for name in sorted(EXPECTED)
    ]


@needs_data
@pytest.mark.django_db
@pytest.mark.parametrize("name", file_params())
def test_import_and_count_match_the_reference(name):
    expected = EXPECTED[name]
    slug = import_file(name)
    budget = Budget.objects.get(slug=slug)
    assert budget.projects.count() == expected["projects"]
    assert Ballot.objects.filter(budget=budget).count() == expected["voters"]
    assert int(budget.total) == expected["budget"]
    for rule in RULES:
        if expected.get(rule) is None:
            continue
        result = count(slug, rule)
        assert sorted(result["winners"]) == sorted(expected[rule]), rule
        assert result["rule"] == rule


def ballots_of(budget: Budget) -> Counter:
    grouped: dict[int, set] = {}
    for ballot_id, project, points in BallotItem.objects.filter(
        ballot__budget=budget
    ).values_list("ballot_id", "project__external_id", "points"):
        grouped.setdefault(ballot_id, set()).add((project, points))
    empty = Ballot.objects.filter(budget=budget).exclude(pk__in=grouped).count()
    return Counter(frozenset(items) for items in grouped.values()) + Counter(
        {frozenset(): empty} if empty else {}
    )


@needs_data
@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        "Switzerland_Zurich_D10.pb",  # cumulative
        "Poland_Krakow_2018_Bronowice.pb",  # ordinal
        "Poland_Wroclaw_2016_Rejon_nr_1_250.pb",  # choose-1
    ],
)
def test_export_then_import_gives_the_same_election(name, tmp_path):
    original = Budget.objects.get(slug=import_file(name))
    response = Client().get(f"/api/v1/budgets/{original.slug}/export.pb")
    assert response.status_code == 200
    exported = tmp_path / "again.pb"
    exported.write_bytes(response.content)
    out = io.StringIO()
    call_command(
        "import_pabulib",
        str(exported),
        "--slug",
        "again",
        stdout=out,
        stderr=io.StringIO(),
    )
    again = Budget.objects.get(slug="again")
    assert again.total == original.total
    assert again.currency == original.currency
    assert list(again.projects.values_list("external_id", "name_en", "cost")) == list(
        original.projects.values_list("external_id", "name_en", "cost")
    )
    assert ballots_of(again) == ballots_of(original)


BAD_FILES = {
    "missing_votes": (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;50\n",
        None,
    ),
    "unknown_project": (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n2;7\n",
        11,
    ),
    "bad_cost": (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;fifty\nVOTES\nvoter_id;vote\n1;1\n",
        6,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_malformed_file_names_the_line_and_imports_nothing(kind, tmp_path):
    text, line = BAD_FILES[kind]
    path = tmp_path / f"{kind}.pb"
    path.write_text(text)
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_pabulib", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    if line is not None:
        assert f"line {line}" in str(caught.value)
    assert not Budget.objects.exists()
    assert not Ballot.objects.exists()


@needs_data
@pytest.mark.django_db
def test_importing_twice_with_the_same_slug_is_refused():
    import_file("Netherlands_Assen_2024.pb", slug="assen")
    with pytest.raises(CommandError, match="already exists"):
        import_file("Netherlands_Assen_2024.pb", slug="assen")
    assert Budget.objects.count() == 1


@needs_data
@pytest.mark.django_db
def test_ordinal_import_prints_a_notice():
    err = io.StringIO()
    call_command(
        "import_pabulib",
        str(DATA / "Poland_Krakow_2018_Bronowice.pb"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "approval ballots of the ranked projects" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["bad slug!", "งบ-ไทย"])
def test_an_invalid_slug_is_refused(slug, tmp_path):
    path = tmp_path / "ok.pb"
    path.write_text(
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n"
    )
    with pytest.raises(CommandError, match="not a valid slug"):
        call_command(
            "import_pabulib",
            str(path),
            "--slug",
            slug,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Budget.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cost", ["99999999999999999999999999999999", "123456789012.345", "-5", "NaN"]
)
def test_an_impossible_cost_is_refused(cost, tmp_path):
    path = tmp_path / "cost.pb"
    path.write_text(
        f"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;{cost}\n"
        "VOTES\nvoter_id;vote\n1;1\n"
    )
    with pytest.raises(CommandError):
        call_command(
            "import_pabulib", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert not Budget.objects.exists()


@needs_data
@pytest.mark.django_db
def test_import_takes_the_counting_rule_and_dates_from_the_file():
    budget = Budget.objects.get(slug=import_file("Netherlands_Assen_2024.pb"))
    assert budget.slug == "netherlands-assen-2024"
    assert budget.counting_rule == "mes_add1_greedy"  # META rule equalshares/add1
    assert budget.currency == "EUR"
