"""Counting a budget from the database, with the outcome kept per tally version."""

import hashlib
from fractions import Fraction

from django.db import IntegrityError, transaction

from budgets.models import Budget, Pot

from . import counting
from .models import CountedResult
from .selectors import counting_input


def _compute(budget: Budget, rule: str, pot: Pot) -> dict:
    total, costs, ballots = counting_input(budget, pot)
    outcome = counting.count(rule, budget=total, costs=costs, ballots=ballots)
    return {
        "rule": outcome.rule,
        "winners": list(outcome.winners),
        "cost": _plain_number(outcome.cost),
        "explanations": outcome.explanations,
        "details": outcome.details,
        "voters": len(ballots),
        "pot": pot.key,
        "money": _plain_number(total),
    }


def _plain_number(value):
    """An int when the value is whole, else a string of the exact fraction."""
    try:
        if value == int(value):
            return int(value)
    except (TypeError, ValueError):
        pass
    return str(value)


def input_key(budget: Budget, pot: Pot) -> str:
    """A fingerprint of what a count of ``pot`` depends on besides the ballots.

    The pot's money and each project's id, cost and feasibility: when an official
    edits any of them the kept result no longer matches and is counted again.
    """
    projects = budget.pot_projects(pot).order_by("pk")
    facts = [str(pot.total), budget.ballot_rule] + [
        f"{pid}|{cost}|{feasibility}"
        for pid, cost, feasibility in projects.values_list(
            "external_id", "cost", "feasibility"
        )
    ]
    return hashlib.sha256("\n".join(facts).encode()).hexdigest()


def pot_result(budget: Budget, rule: str, pot: Pot) -> dict:
    """The outcome of one pot of ``budget`` under ``rule``.

    Shape: ``{"rule", "pot": key, "money", "winners": [external ids sorted as
    strings], "cost", "explanations": {external id: {...}}, "voters"}``. Counted
    once per tally version and kept in ``CountedResult``. Raises
    ``counting.CountingError`` for an unknown rule. The caller checks results
    visibility first.
    """
    version = (
        Budget.objects.filter(pk=budget.pk)
        .values_list("tally_version", flat=True)
        .get()
    )
    key = input_key(budget, pot)
    cached = CountedResult.objects.filter(
        budget=budget, rule=rule, pot=pot.key, tally_version=version, input_key=key
    ).first()
    if cached is not None:
        return cached.payload
    payload = _compute(budget, rule, pot)
    try:
        with transaction.atomic():
            CountedResult.objects.update_or_create(
                budget=budget,
                rule=rule,
                pot=pot.key,
                defaults={
                    "tally_version": version,
                    "input_key": key,
                    "payload": payload,
                },
            )
    except IntegrityError:  # another request stored it at the same moment
        pass
    return payload


def budget_result(budget: Budget, rule: str) -> dict:
    """The outcome of ``budget`` under ``rule`` (greedy, mes, mes_add1_greedy).

    A budget with one pot gives that pot's result (see ``pot_result``). With
    districts, each pot is counted on its own: ``{"rule", "winners": all winners,
    "cost": their total, "pots": [pot results]}``.
    """
    pots = budget.pots()
    if len(pots) == 1:
        return pot_result(budget, rule, pots[0])
    results = [pot_result(budget, rule, pot) for pot in pots]
    return {
        "rule": rule,
        "winners": sorted(w for result in results for w in result["winners"]),
        "cost": _plain_number(sum(Fraction(str(result["cost"])) for result in results)),
        "pots": results,
    }


def result_rows(budget: Budget, result: dict, pot: Pot) -> list[dict]:
    """Rows for one pot on the results page: project, votes, cost, outcome, reason.

    Winners first (by votes), then the others (by votes); ``reason`` is a sentence
    for citizens (see ``voting.explain``).
    """
    from .explain import explain_project
    from .selectors import tally_snapshot

    votes = {row["id"]: row["votes"] for row in tally_snapshot(budget)["projects"]}
    winners = set(result["winners"])
    projects = list(budget.pot_projects(pot).on_ballot())
    names = {project.external_id: project.tr("name") for project in projects}
    rows = [
        {
            "project": project,
            "votes": votes.get(project.external_id, 0),
            "won": project.external_id in winners,
            "reason": explain_project(
                budget=budget,
                rule=result["rule"],
                explanation=result["explanations"].get(project.external_id, {}),
                names=names,
            ),
        }
        for project in projects
    ]
    rows.sort(
        key=lambda row: (not row["won"], -row["votes"], row["project"].external_id)
    )
    top = max((row["votes"] for row in rows), default=0)
    for row in rows:
        row["votes_percent"] = round(100 * row["votes"] / top) if top else 0
        row["money_percent"] = (
            min(100, round(100 * row["project"].cost / pot.total)) if pot.total else 0
        )
    return rows


def comparison_rule(rule: str) -> str:
    """The rule shown beside ``rule``: greedy beside the MES rules, else MES."""
    return "greedy" if rule != "greedy" else "mes_add1_greedy"


def compare(budget: Budget, pot: Pot, result: dict, other: dict) -> dict:
    """What the other rule would have funded differently in one pot.

    Returns ``{"same": bool, "only_other": [project], "only_this": [project]}``
    with the projects in ballot order.
    """
    ours, theirs = set(result["winners"]), set(other["winners"])
    projects = list(budget.pot_projects(pot).on_ballot())
    return {
        "same": ours == theirs,
        "only_other": [p for p in projects if p.external_id in theirs - ours],
        "only_this": [p for p in projects if p.external_id in ours - theirs],
        "cost": other["cost"],
    }
