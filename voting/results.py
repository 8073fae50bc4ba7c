"""Counting a budget from the database, with the outcome kept per tally version.

A large election takes seconds to count (Warsaw's Mokotów, about 17 s under
``mes_add1_greedy``), so one count of a pot runs at a time: whoever takes the
lock in the cache counts and stores the outcome; the others wait for it or are
told to come back (``CountingInProgress``). The lock is only shared between
processes when ``CACHES`` points at a shared cache (Redis); Django's default
local-memory cache makes it per process.
"""

import hashlib
import time
import uuid
from fractions import Fraction

from django.core.cache import cache
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
    # the exact number, so 1000 (just created) and 1000.00 (read back) agree
    facts = [str(Fraction(str(pot.total))), budget.ballot_rule] + [
        f"{pid}|{cost}|{feasibility}"
        for pid, cost, feasibility in projects.values_list(
            "external_id", "cost", "feasibility"
        )
    ]
    return hashlib.sha256("\n".join(facts).encode()).hexdigest()


#: How long a count may hold its lock, in seconds: far above the longest count
#: seen, so the lock only runs out when the process holding it died.
COUNT_LOCK_SECONDS = 600
#: How long a client that found the count running should wait (``Retry-After``).
RETRY_AFTER_SECONDS = 60
#: How often a waiting caller looks whether the running count has finished.
WAIT_POLL_SECONDS = 0.5


class CountingInProgress(Exception):
    """Another request is counting this pot now; ask again later.

    ``retry_after``: seconds after which the count has most likely finished.
    """

    def __init__(self, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__("counting")
        self.retry_after = retry_after


def count_lock_key(budget: Budget, rule: str, pot: Pot, version: int, key: str) -> str:
    """The cache key of the lock held while one count runs."""
    return f"voting:count:{budget.pk}:{rule}:{pot.key}:{version}:{key}"


def _stored(budget: Budget, rule: str, pot: Pot, version: int, key: str) -> dict | None:
    return (
        CountedResult.objects.filter(
            budget=budget, rule=rule, pot=pot.key, tally_version=version, input_key=key
        )
        .values_list("payload", flat=True)
        .first()
    )


def _store(
    budget: Budget, rule: str, pot: Pot, version: int, key: str, payload: dict
) -> None:
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


def _release(lock: str, token: str) -> None:
    # Only our own lock: if ours ran out and another count took it, leave that
    # one alone. (Get-then-delete is not atomic; the gap matters only for a
    # count that outlived COUNT_LOCK_SECONDS.)
    if cache.get(lock) == token:
        cache.delete(lock)


def pot_result(budget: Budget, rule: str, pot: Pot, *, wait: bool = True) -> dict:
    """The outcome of one pot of ``budget`` under ``rule``.

    Shape: ``{"rule", "pot": key, "money", "winners": [external ids sorted as
    strings], "cost", "explanations": {external id: {...}}, "voters"}``. Counted
    once per tally version and input (``input_key``) and kept in
    ``CountedResult``; at most one count of the same pot, rule, version and input
    runs at a time. When another count is running, ``wait=True`` (officials'
    pages, the demo, ``count_budget``) waits for its outcome; ``wait=False``
    (public pages and the API) raises ``CountingInProgress`` at once. Raises
    ``counting.CountingError`` for an unknown rule. The caller checks results
    visibility first.
    """
    version = (
        Budget.objects.filter(pk=budget.pk)
        .values_list("tally_version", flat=True)
        .get()
    )
    key = input_key(budget, pot)
    payload = _stored(budget, rule, pot, version, key)
    if payload is not None:
        return payload
    lock = count_lock_key(budget, rule, pot, version, key)
    deadline = time.monotonic() + COUNT_LOCK_SECONDS
    while True:
        token = uuid.uuid4().hex
        if cache.add(lock, token, COUNT_LOCK_SECONDS):
            try:
                # the count that held the lock may have just stored the outcome
                payload = _stored(budget, rule, pot, version, key)
                if payload is None:
                    payload = _compute(budget, rule, pot)
                    _store(budget, rule, pot, version, key, payload)
                return payload
            finally:
                _release(lock, token)
        if not wait or time.monotonic() > deadline:
            raise CountingInProgress()
        time.sleep(WAIT_POLL_SECONDS)
        payload = _stored(budget, rule, pot, version, key)
        if payload is not None:
            return payload


def budget_result(budget: Budget, rule: str, *, wait: bool = True) -> dict:
    """The outcome of ``budget`` under ``rule`` (greedy, mes, mes_add1_greedy).

    A budget with one pot gives that pot's result (see ``pot_result``, also for
    ``wait``). With districts, each pot is counted on its own: ``{"rule",
    "winners": all winners, "cost": their total, "pots": [pot results]}``.
    """
    pots = budget.pots()
    if len(pots) == 1:
        return pot_result(budget, rule, pots[0], wait=wait)
    results = [pot_result(budget, rule, pot, wait=wait) for pot in pots]
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
