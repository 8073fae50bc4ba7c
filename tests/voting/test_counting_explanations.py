"""Explanations of counting results on small elections checked by hand."""

import json
from fractions import Fraction

from voting.counting import count


def voters(*supports: str, times: int = 1) -> list[dict[str, int]]:
    """Approval ballots: each string lists the chosen project ids, comma-separated."""
    return [dict.fromkeys(s.split(","), 1) if s else {} for s in supports] * times


def test_greedy_loser_names_the_projects_that_took_the_money():
    # votes: library 4, park 3, fountain 2, bench 1; budget 100
    costs = {"library": 50, "park": 60, "fountain": 45, "bench": 30}
    ballots = voters("park,library", times=3) + voters(
        "library,fountain", "fountain,bench"
    )

    result = count("greedy", budget=100, costs=costs, ballots=ballots)

    assert result.winners == ["fountain", "library"]
    assert result.details["order"] == ["library", "fountain"]
    library, park = result.explanations["library"], result.explanations["park"]
    assert library == {
        "status": "won",
        "votes": 4,
        "score": 4,
        "rank": 1,
        "cost": 50,
        "cost_display": "50.00",
        "remaining_before": 100,
    }
    assert park["status"] == "lost"
    assert (park["needed"], park["remaining"], park["taken_by"]) == (
        60,
        50,
        ["library"],
    )
    bench = result.explanations["bench"]
    assert (bench["remaining"], bench["taken_by"]) == (5, ["library", "fountain"])


def test_greedy_cumulative_ranks_by_points():
    costs = {"a": 10, "b": 10}
    ballots = [{"a": 3}, {"b": 1}, {"b": 1}]  # a: 1 vote, 3 points; b: 2 votes

    result = count("greedy", budget=10, costs=costs, ballots=ballots)

    assert result.winners == ["a"]
    assert result.explanations["a"]["score"] == 3
    assert result.explanations["b"]["votes"] == 2
    assert result.explanations["b"]["taken_by"] == ["a"]


def test_mes_winner_payments_add_up_to_its_cost():
    # 6 voters, 120 -> 20 each. "a" (5 supporters) goes first at 16 each; then
    # "b" is bought by v1, who has 4 left and pays all of it, and v6, who pays 16.
    costs = {"a": 80, "b": 20}
    ballots = voters("a,b", "a", "a", "a", "a", "b")

    result = count("mes", budget=120, costs=costs, ballots=ballots)

    assert result.details["order"] == ["a", "b"]
    a, b = result.explanations["a"], result.explanations["b"]
    assert (a["round"], a["rho"], a["paid"]) == (1, 16, 80)
    assert a["payments"] == [{"amount": 16, "amount_display": "16.00", "voters": 5}]
    assert (b["round"], b["rho"], b["paid"]) == (2, 16, 20)
    assert b["payments"] == [
        {"amount": 16, "amount_display": "16.00", "voters": 1},
        {"amount": 4, "amount_display": "4.00", "voters": 1},
    ]


def test_mes_loser_names_the_project_that_used_its_supporters_money():
    # 3 voters, 90 -> 30 each. "x" (all three) costs 20 each; "y" needed 25 each
    # from v1 and v2, who have 10 each left after "x".
    costs = {"x": 60, "y": 50}
    ballots = voters("x,y", "x,y", "x")

    result = count("mes", budget=90, costs=costs, ballots=ballots)

    assert result.winners == ["x"]
    y = result.explanations["y"]
    assert y["status"] == "lost"
    assert y["reason"] == "unaffordable"
    assert (y["supporters_money"], y["shortfall"]) == (20, 30)
    assert (y["lost_money_to"], y["lost_money_to_amount"]) == ("x", 40)
    assert y["unaffordable_after"] == "x"
    assert y["more_supporters_needed"] == 1  # one more voter with 30 covers 30


def test_mes_loser_with_too_few_supporters_from_the_start():
    # 4 voters, 100 -> 25 each; "b" needs 60 from its 2 supporters' 50.
    costs = {"a": 40, "b": 60, "c": 30}
    ballots = voters("a,b", "a,b", "a,c", "a,c")

    result = count("mes", budget=100, costs=costs, ballots=ballots)

    assert result.details["order"] == ["a", "c"]
    assert result.explanations["c"]["payments"] == [
        {"amount": 15, "amount_display": "15.00", "voters": 2}
    ]
    b = result.explanations["b"]
    assert b["reason"] == "too_few_supporters"
    assert (b["supporters_money"], b["shortfall"], b["more_supporters_needed"]) == (
        50,
        10,
        1,
    )


def test_projects_without_votes_or_cost_and_exact_fractions():
    costs = {"free": 0, "lonely": 5, "shared": 10}
    ballots = voters("free,shared", "shared", "shared")

    mes = count("mes", budget=100, costs=costs, ballots=ballots)
    completed = count("mes_add1_greedy", budget=100, costs=costs, ballots=ballots)

    assert mes.details["endowment"] == "100/3"
    assert mes.details["endowment_display"] == "33.33"
    assert mes.explanations["lonely"]["reason"] == "no_votes"
    # pabutools' MES never funds a free project; the greedy fill then does.
    assert mes.explanations["free"]["reason"] == "zero_cost"
    assert completed.winners == ["free", "lonely", "shared"]
    assert completed.explanations["free"]["stage"] == "greedy_fill"
    assert completed.explanations["free"]["status"] == "won"


def test_add1_raises_shares_until_exhaustive_then_fills():
    # v1..v4 with 25 each: MES buys "big" at 20 each; "mid" needs 15 from v1 and
    # v2, who have 5 each. add1 raises shares: at 27 they have 7 + 7 < 15; at 28
    # they have 8 + 8 and pay 7.50 each. Then 5 is left: too little for "small".
    costs = {"big": 80, "mid": 15, "small": 10}
    ballots = voters("big,mid", "big,mid", "big,small", "big")

    result = count("mes_add1_greedy", budget=100, costs=costs, ballots=ballots)

    assert result.winners == ["big", "mid"]
    assert result.details["add1_steps"] == 3
    assert result.details["endowment"] == 28
    mid, small = result.explanations["mid"], result.explanations["small"]
    assert (mid["rho"], mid["rho_display"], mid["round"]) == ("15/2", "7.50", 2)
    assert small["reason"] == "unaffordable"
    assert (small["supporters_money"], small["lost_money_to"]) == (8, "big")
    assert small["stage"] == "greedy_fill"
    assert (small["remaining"], small["taken_by"]) == (5, ["big", "mid"])


def test_every_explanation_is_json():
    costs = {"a": Fraction(7, 2), "b": 4, "c": 1}
    ballots = [{"a": 1, "b": 1}, {"b": 2}, {"c": 1, "a": 1}, {}]

    for rule in ("greedy", "mes", "mes_add1_greedy"):
        result = count(rule, budget=Fraction(19, 3), costs=costs, ballots=ballots)
        text = json.dumps({"e": result.explanations, "d": result.details})
        assert json.loads(text)["d"]["voters"] == 4
        assert set(result.explanations) == set(costs)


def test_add1_loser_sentence_says_not_funded_once():
    from types import SimpleNamespace

    from django.utils import translation

    from voting.explain import explain_project

    costs = {"big": 80, "mid": 15, "small": 10}
    ballots = voters("big,mid", "big,mid", "big,small", "big")
    result = count("mes_add1_greedy", budget=100, costs=costs, ballots=ballots)
    with translation.override("en"):
        text = explain_project(
            budget=SimpleNamespace(currency="THB"),
            rule="mes_add1_greedy",
            explanation=json.loads(json.dumps(result.explanations["small"])),
            names={"big": "Big", "mid": "Mid", "small": "Small"},
        )
    assert text.count("Not funded") == 1
    assert "The money left after the equal shares" in text
