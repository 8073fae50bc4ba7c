"""Winners on real Pabulib elections equal pabutools 1.2.3's (expected.json).

The expected winners were computed by the reference library for each sample file
(see shared/data/pabulib/README.md). Budapest's add1 outcome was never computed
there, so for it the test checks the properties any add1 outcome must have.
"""

import functools
import json
import os
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from voting.counting import count
from voting.pabulib import parse_pabulib


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
pytestmark = pytest.mark.skipif(
    not EXPECTED, reason=f"Pabulib sample files not found in {DATA} (set PABULIB_DIR)"
)
LARGEST = {
    "Hungary_Budapest_2024.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Krakow_2024.pb",
}
SLOW_ADD1 = {"Poland_Warszawa_2022_Mokotow.pb"}  # over 10 s here


@functools.cache
def election(name: str):
    parsed = parse_pabulib((DATA / name).read_text(encoding="utf-8"))
    return parsed.budget, parsed.costs, parsed.ballots()


def cases():
    for name, expected in sorted(EXPECTED.items()):
        for rule in ("greedy", "mes", "mes_add1_greedy"):
            if expected[rule] is None:
                continue
            slow = name in LARGEST or (rule == "mes_add1_greedy" and name in SLOW_ADD1)
            marks = [pytest.mark.slow] if slow else []
            yield pytest.param(name, rule, marks=marks, id=f"{name}-{rule}")


@pytest.mark.parametrize(("name", "rule"), cases())
def test_winners_equal_pabutools(name, rule):
    budget, costs, ballots = election(name)
    expected = EXPECTED[name]

    result = count(rule, budget=budget, costs=costs, ballots=ballots)

    assert result.winners == sorted(expected[rule])
    # (expected.json's greedy_cost for cumulative files is that of the approval-set
    # variant, so the cost is checked against the expected winners instead.)
    assert result.cost == sum(costs[project_id] for project_id in expected[rule])
    if rule == "mes_add1_greedy":
        extra = expected["extra"]
        assert sorted(result.details["mes_order"]) == extra["mes_add1"]
        # pabutools ran MES add1_mes_runs times: the returned outcome is that of
        # the last run if it was exhaustive, else of the run before.
        last_run = extra["add1_mes_runs"] - 1
        returned = last_run if extra["exhaustive"]["mes_add1"] else last_run - 1
        assert result.details["add1_steps"] == returned


def replay_payments(budget, costs, ballots, order, endowment):
    """Plain MES replay along ``order``: each group's money left (Fractions).

    Checks on the way that every funded project was affordable and that its
    supporters paid exactly its cost, none more than they had.
    """
    groups = Counter(frozenset(p for p, points in b.items() if points) for b in ballots)
    money = {group: Fraction(endowment) for group in groups}
    for project_id in order:
        supporters = sorted(
            (g for g in groups if project_id in g), key=lambda g: money[g]
        )
        cost = costs[project_id]
        assert sum(money[g] * groups[g] for g in supporters) >= cost
        rest, count_left, rho = Fraction(cost), sum(groups[g] for g in supporters), None
        for g in supporters:
            if rest <= money[g] * count_left:
                rho = rest / count_left
                break
            rest -= money[g] * groups[g]
            count_left -= groups[g]
        paid = 0
        for g in supporters:
            payment = min(money[g], rho)
            money[g] -= payment
            paid += payment * groups[g]
            assert money[g] >= 0
        assert paid == cost
    return money, groups


@pytest.mark.slow
def test_budapest_add1_finishes_with_a_valid_outcome():
    name = "Hungary_Budapest_2024.pb"
    budget, costs, ballots = election(name)

    result = count("mes_add1_greedy", budget=budget, costs=costs, ballots=ballots)

    order = result.details["mes_order"]
    endowment = Fraction(result.details["endowment"])
    assert endowment == Fraction(budget, len(ballots)) + result.details["add1_steps"]
    assert result.cost <= budget
    left = budget - result.cost
    assert all(costs[p] > left for p in costs if p not in result.winners)
    money, groups = replay_payments(budget, costs, ballots, order, endowment)
    # MES stopped: no other project is affordable for its supporters.
    for project_id, cost in costs.items():
        if project_id not in order:
            supporters_money = sum(
                money[g] * groups[g] for g in groups if project_id in g
            )
            assert supporters_money < cost or cost == 0
    # add1 stopped here: exhaustive, or one more euro per voter goes over budget.
    mes_cost = sum(costs[p] for p in order)
    exhaustive = all(
        costs[p] > budget - mes_cost
        for p in costs
        if p not in order and any(p in g for g in groups) and costs[p] > 0
    )
    if not exhaustive:
        next_step = count_mes_at(budget, costs, ballots, result.details["add1_steps"])
        assert sum(costs[p] for p in next_step) > budget


def count_mes_at(budget, costs, ballots, step):
    from voting import counting

    election_ = counting._Election(budget, costs, ballots)
    engine = counting._MesEngine(election_)
    engine.start(step + 1, certify=False)
    return [election_.ids[i] for i in engine.order()]


@pytest.mark.parametrize(
    "name", ["Poland_Czestochowa_2020_Grabowka.pb", "Netherlands_Assen_2024.pb"]
)
def test_mes_payments_replay_exactly(name):
    budget, costs, ballots = election(name)

    result = count("mes", budget=budget, costs=costs, ballots=ballots)

    replay_payments(
        budget, costs, ballots, result.details["order"], Fraction(budget, len(ballots))
    )
    for project_id in result.winners:
        explanation = result.explanations[project_id]
        paid = sum(
            Fraction(row["amount"]) * row["voters"] for row in explanation["payments"]
        )
        assert paid == costs[project_id] == Fraction(explanation["paid"])
