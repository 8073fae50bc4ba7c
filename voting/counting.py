"""Counting rules for participatory budgeting: greedy, MES, MES + add1 + greedy.

Pure Python (standard library only, no Django), exact arithmetic only: money is kept
as integers or ``fractions.Fraction`` and compared by cross-multiplication, never as
a float. Results equal those of the reference library pabutools 1.2.3 on the
Pabulib sample files (see ``tests/voting/test_counting_reference.py``).

Rules (``count(rule, ...)``):

- ``greedy``: projects by score, highest first (score = the number of ballots
  naming the project, or the total points for cumulative ballots); each is taken if
  it still fits in the remaining money, skipped otherwise. Every project is visited,
  zero-score ones last. pabutools: ``greedy_utilitarian_welfare`` with ``Cost_Sat``.
- ``mes``: the Method of Equal Shares with cost utilities (Peters, Pierczyński,
  Skowron, "Proportional Participatory Budgeting with Additive Utilities", NeurIPS
  2021; https://equalshares.net). Each voter starts with an equal share (the
  endowment ``budget / voters``); a project is bought by its supporters, each paying
  the same amount ``rho`` or everything they have left if that is less; the project
  needing the smallest ``rho / cost`` goes first. A ballot supports every project it
  gives points to. pabutools: ``method_of_equal_shares`` with ``Cost_Sat``.
- ``mes_add1_greedy``: MES with the "add1" completion, then greedy. The endowment is
  raised by one currency unit at a time and MES re-run until its outcome is
  exhaustive (that outcome is kept) or over the budget (the previous one is kept);
  then the remaining projects are filled greedily by number of supporters.
  pabutools: ``method_of_equal_shares(..., voter_budget_increment=1)`` followed by
  ``greedy_utilitarian_welfare(..., initial_budget_allocation=...)``.

Ties are broken by project id compared as Python strings (the smaller id wins),
which is pabutools' ``lexico_tie_breaking``.

Speed (see ``benchmarks/bench_counting.py``): identical ballots are merged, money is
scaled to integers, and MES re-evaluates a project lazily (its last ``rho`` is a
lower bound). add1 does not re-run MES from scratch at every step: each run
certifies, round by round, up to which step its decisions provably stay the same,
and the next step redoes only the rounds whose certificate expired
(``_MesEngine.restart``); an adaptive policy falls back to plain runs where that
does not pay. No cache grows across steps.
"""

from __future__ import annotations

import itertools
import numbers
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from heapq import heapify, heappop, heappush
from math import gcd, lcm
from operator import add, mul

__all__ = ["RULES", "CountResult", "CountingError", "count"]

RULES = ("greedy", "mes", "mes_add1_greedy")

Money = int | Fraction


class CountingError(ValueError):
    """Invalid counting input; ``code`` is stable (``unknown_rule``,
    ``unknown_project``, ``bad_number``, ``negative_number``)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class CountResult:
    """The outcome of one counting rule.

    - ``rule``: the rule name.
    - ``winners``: ids of the funded projects, sorted as Python strings.
    - ``cost``: their total cost (currency units, ``int`` or exact ``Fraction``).
    - ``explanations``: project id -> JSON-serialisable dict with at least
      ``status`` (``"won"`` or ``"lost"``) and ``votes``; money appears as an
      ``int`` or an exact fraction string ``"1234/7"``, plus ``*_display`` strings
      rounded to two decimals for people. See ``count`` for the keys per rule.
    - ``details``: facts about the whole count (JSON-serialisable): ``voters``,
      ``budget``, ``order`` (ids in the order they were funded) and, for the MES
      rules, the per-voter ``endowment`` used.
    """

    rule: str
    winners: list[str]
    cost: Money
    explanations: dict[str, dict] = field(default_factory=dict)
    details: dict = field(default_factory=dict)


def count(
    rule: str,
    *,
    budget: Money | Decimal,
    costs: Mapping[str, Money | Decimal],
    ballots: Iterable[Mapping[str, Money | Decimal]],
) -> CountResult:
    """Count ``ballots`` under ``rule`` (one of ``RULES``).

    - ``budget``: the money to spend, in currency units (exact number >= 0).
    - ``costs``: project id -> cost in currency units (exact number >= 0); every
      project on the ballot, voted for or not.
    - ``ballots``: one mapping per voter, project id -> points (approval ballots give
      1 per chosen project; cumulative ballots their points). Entries with 0 points
      are ignored; an empty ballot still counts as a voter (it raises the number of
      voters the MES endowment is divided by).

    Raises ``CountingError`` for an unknown rule, a ballot naming a project missing
    from ``costs``, a float or non-number, or a negative amount.

    Explanations per project (all rules): ``status``, ``votes`` (ballots naming
    it), ``cost``. Greedy adds ``score``, ``rank`` and, for a winner,
    ``remaining_before``; for a loser ``needed`` (its cost), ``remaining`` (money
    left when its turn came) and ``taken_by`` (the winners funded before it).
    MES winners add ``round``, ``rho`` (what each supporter who could afford it
    paid), ``payments`` (distinct amounts, each with how many voters paid it) and
    ``paid`` (= cost). MES losers add ``reason``: ``no_votes``; ``zero_cost``
    (pabutools' MES never funds a free project); ``too_few_supporters`` (their whole
    endowment never covered the cost); or ``unaffordable`` (other funded projects
    used their money). The last two add ``supporters_money`` (what its supporters
    had at the end), ``shortfall`` (how much cheaper it would have had to be) and
    ``more_supporters_needed`` (at the endowment ``details["endowment"]``);
    ``unaffordable`` adds ``lost_money_to`` (the funded project that took most of
    its supporters' money, with ``lost_money_to_amount``) and
    ``unaffordable_after`` (the funded project after which they could no longer
    pay for it). ``mes_add1_greedy`` marks projects funded or refused by the greedy
    fill with ``stage: "greedy_fill"`` and the greedy keys.
    """
    if rule not in RULES:
        raise CountingError("unknown_rule", f"unknown counting rule {rule!r}")
    election = _Election(budget, costs, ballots)
    if rule == "greedy":
        return _count_greedy(election)
    if rule == "mes":
        return _count_mes(election, rule, step=0, fill=False)
    _, step = _mes_add1(election)
    return _count_mes(election, rule, step=step, fill=True)


# ---------------------------------------------------------------------------
# Input


def _exact(value: object, what: str) -> Money:
    """An exact non-negative number (int or Fraction) from int/Fraction/Decimal."""
    if isinstance(value, bool) or not isinstance(value, numbers.Rational | Decimal):
        raise CountingError(
            "bad_number", f"{what} must be an int, Fraction or Decimal: {value!r}"
        )
    number = Fraction(value)
    if number < 0:
        raise CountingError("negative_number", f"{what} is negative: {value!r}")
    return number.numerator if number.denominator == 1 else number


class _Election:
    """Validated input with projects indexed in tie-breaking order.

    Index ``i`` is the position of the project id in ``sorted(costs)``, so a smaller
    index always wins a tie. Identical supporter sets are merged into weighted
    groups. Money for MES is scaled by ``unit = voters * D`` (``D`` = common
    denominator of budget and costs), so that every voter's starting endowment
    ``budget / voters`` and every cost are integers.
    """

    def __init__(
        self,
        budget: object,
        costs: Mapping[str, object],
        ballots: Iterable[Mapping[str, object]],
    ) -> None:
        self.budget: Money = _exact(budget, "budget")
        self.ids = ids = sorted(costs, key=str)
        self.index = index = {project_id: i for i, project_id in enumerate(ids)}
        self.cost: list[Money] = [_exact(costs[pid], f"cost of {pid!r}") for pid in ids]
        size = len(ids)
        if not isinstance(ballots, list | tuple):
            ballots = list(ballots)
        values: set = set()
        try:
            for ballot in ballots:
                values.update(ballot.values())
        except TypeError:
            raise CountingError("bad_number", "points must be numbers") from None
        for value in values:
            if type(value) is not int or value < 0:
                _exact(value, "points")
        get = index.__getitem__
        try:
            if 0 in values:
                supports = (
                    frozenset([get(pid) for pid, value in ballot.items() if value])
                    for ballot in ballots
                )
            else:
                supports = (frozenset(map(get, ballot)) for ballot in ballots)
            groups: Counter[frozenset[int]] = Counter(supports)
        except KeyError as error:
            raise CountingError(
                "unknown_project", f"ballot names unknown project {error.args[0]!r}"
            ) from None
        self.voters = len(ballots)
        self.weights = weights = list(groups.values())
        self.group_sets = list(groups)
        self.supporters: list[list[int]] = [[] for _ in ids]
        for group, chosen in enumerate(groups):
            for i in chosen:
                self.supporters[i].append(group)
        self.votes = [sum(map(weights.__getitem__, g)) for g in self.supporters]
        if values <= {1}:
            self.points: list[Money] = list(self.votes)
        else:
            points: list[Money] = [0] * size
            for ballot in ballots:
                for project_id, value in ballot.items():
                    if type(value) is not int:
                        value = _exact(value, "points")
                    points[index[project_id]] += value
            self.points = [
                value.numerator
                if isinstance(value, Fraction) and value.denominator == 1
                else value
                for value in map(Fraction, points)
            ]
        denominator = lcm(
            Fraction(self.budget).denominator,
            *(Fraction(cost).denominator for cost in self.cost),
        )
        self.unit = max(self.voters, 1) * denominator
        #: scaled money: costs, total budget, starting endowment per voter
        self.scaled_cost = [int(cost * self.unit) for cost in self.cost]
        self.scaled_budget = int(self.budget * self.unit)
        self.scaled_endowment = int(self.budget * denominator)
        #: MES candidates: projects with supporters and a positive cost
        self.candidates = [
            i for i in range(size) if self.votes[i] and self.scaled_cost[i] > 0
        ]

    def total(self, chosen: Iterable[int]) -> Money:
        return sum((self.cost[i] for i in chosen), 0)


# ---------------------------------------------------------------------------
# Greedy


def _greedy_fill(
    election: _Election, taken: list[int], score: list[Money]
) -> tuple[list[int], list[tuple[int, Money]]]:
    """Visit projects by (-score, id); take each that fits after ``taken``.

    Returns the taken projects in order (``taken`` first) and, for every visited
    project, ``(index, money left when visited)``.
    """
    chosen = list(taken)
    taken_set = set(taken)
    remaining = election.budget - election.total(taken)
    visits = []
    for i in sorted(range(len(election.ids)), key=lambda i: (-score[i], i)):
        if i in taken_set:
            continue
        visits.append((i, remaining))
        if election.cost[i] <= remaining:
            chosen.append(i)
            remaining -= election.cost[i]
    return chosen, visits


def _count_greedy(election: _Election) -> CountResult:
    chosen, visits = _greedy_fill(election, [], election.points)
    explanations = {}
    winners_so_far: list[str] = []
    chosen_set = set(chosen)
    for rank, (i, remaining) in enumerate(visits, start=1):
        entry = _base_entry(election, i)
        entry.update(score=_money(election.points[i]), rank=rank)
        if i in chosen_set:
            entry.update(status="won", remaining_before=_money(remaining))
            winners_so_far.append(election.ids[i])
        else:
            entry.update(
                status="lost",
                needed=_money(election.cost[i]),
                remaining=_money(remaining),
                remaining_display=_display(remaining),
                taken_by=list(winners_so_far),
            )
        explanations[election.ids[i]] = entry
    return _result(election, "greedy", chosen, explanations, {})


# ---------------------------------------------------------------------------
# Method of Equal Shares: the engine


_NEVER = 1 << 256  # "no limit" for certified add1 steps
_KEY_BITS = 64  # precision of the integer part of heap keys


class _Ratio:
    """Exact ratio compared by cross-multiplication (heap tie-breaker only)."""

    __slots__ = ("numerator", "denominator")

    def __init__(self, numerator: int, denominator: int) -> None:
        self.numerator = numerator
        self.denominator = denominator

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Ratio):
            return NotImplemented
        return self.numerator * other.denominator == other.numerator * self.denominator

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, never hashed

    def __lt__(self, other: _Ratio) -> bool:
        return self.numerator * other.denominator < other.numerator * self.denominator


def _heap_entry(numerator: int, denominator: int, project: int, round_: int) -> tuple:
    """Heap entry ordered exactly by numerator/denominator, then project index.

    The first field, ``floor(ratio * 2**64)``, is an integer that orders almost all
    entries in C; only entries equal there compare their exact ``_Ratio``.
    """
    return (
        (numerator << _KEY_BITS) // denominator,
        _Ratio(numerator, denominator),
        project,
        round_,
    )


class _MesEngine:
    """Exact MES with cost utilities at endowment step ``k`` (share + k units).

    Voters with the same supporter set form a group; groups with the same money
    left form a *class*. Class money is an integer numerator ``value[c]`` over the
    denominator ``denominators[version[c]]`` (the denominator in force in the round
    that created the class), so poor/rich scans use integer arithmetic only.

    Projects wait in a heap keyed by ``rho / cost`` from their last evaluation,
    which is a lower bound of their current value (money only decreases). A project
    is exact when none of its neighbours (projects sharing a supporter group) has
    been funded since its evaluation: the top entry is then the exact argmin.

    With ``certify=True`` every amount is also an affine function of the step
    ``k`` (slope numerators ``slope[c]``) and each decision of round ``t`` records
    the last step up to which it provably stays the same (``bound[t]``):

    - the funded project's poor/rich split (poor classes catch up with ``rho``);
    - every other candidate: its ``rho`` is convex in ``k`` (its feasible set is
      the superlevel set of a jointly concave function), so the tangent at the
      current step is a lower bound that is compared with each round's ``rho``;
    - projects found unaffordable stay so (their supporters' money is affine).

    ``restart(k)`` then undoes only the rounds whose bound is below ``k`` and
    continues from there: the outcome is identical to a fresh run at ``k``.
    """

    def __init__(self, election: _Election) -> None:
        self.election = election
        heavy_from = 4
        self.unit_members = [
            [
                g
                for g in members
                for _ in range(election.weights[g])
                if election.weights[g] < heavy_from
            ]
            for members in election.supporters
        ]
        self.heavy_members = [
            [
                (g, election.weights[g])
                for g in members
                if election.weights[g] >= heavy_from
            ]
            for members in election.supporters
        ]
        self.neighbours: list[list[int]] | None = None  # built for add1 only
        self.work = 0  # evaluated supporters + classes: a deterministic cost measure

    # -- a run from scratch

    def start(self, step: int, *, certify: bool, trace: bool = False) -> None:
        """Run MES from scratch with endowment share + ``step`` currency units.

        With ``trace`` (plain runs only) each funding round is recorded in
        ``self.trace`` for explanations (see ``_fund``).
        """
        election = self.election
        size = len(election.ids)
        self.certify = certify
        #: with ``trace``: per funding round ``(project, scale, rest, payments)``
        #: and per class its parent class and what its voters paid to leave it
        self.trace: list[tuple] | None = [] if trace and not certify else None
        self.parent = [0, -1]
        #: round and payment (numerator over that round's scale, -1 for rho)
        self.paid_round = [0, 0]
        self.paid = [0, 0]
        self.depleted_at: dict[int, int] = {}  # group -> its last class (traced)
        self.step = step
        endowment = election.scaled_endowment + election.unit * step
        self.group_class = [1] * len(election.weights)
        self.value = [0, endowment]  # class 0: voters with nothing left
        self.slope = [0, election.unit if certify else 0]
        self.version = [0, 0]
        self.denominators = [1]
        self.factors = [1]  # factors[v] = denominators[t] // denominators[v]
        # Tangent of each project's rho as a function of the step k, from its
        # last evaluation: (line_value + line_slope * k) / line_denominator. Kept
        # as the value at k = 0 so that journal entries stay valid at any step.
        self.line_value = [0] * size
        self.line_slope = [0] * size
        self.line_denominator = [1] * size
        self.evaluated = [0] * size  # round of the last evaluation
        self.changed = [0] * size  # round since which its supporters' money is as now
        self.cache: list[tuple | None] = [None] * size
        self.rounds: list[tuple] = []
        self.journal: list[list] = [[None, 2, [], None]]
        self.bound = [_NEVER]
        self.restart_round = 0
        heap = []
        scaled_cost = election.scaled_cost
        for i in election.candidates:
            votes = election.votes[i]
            if votes * endowment < scaled_cost[i]:
                if certify:
                    self._limit_unaffordable(
                        0, votes * endowment, votes * election.unit, scaled_cost[i]
                    )
                continue
            self.line_value[i] = scaled_cost[i]
            self.line_denominator[i] = votes
            heap.append(_heap_entry(1, votes, i, 0))
        heapify(heap)
        self.heap = heap
        self._run()

    def order(self) -> list[int]:
        """Funded projects in the order MES funded them."""
        return [round_[0] for round_ in self.rounds]

    def horizon(self) -> int:
        """The last step at which the current outcome provably stays the same."""
        return min(self.bound)

    # -- certified continuation

    def restart(self, step: int) -> None:
        """Continue at a later ``step``, redoing only rounds not certified for it."""
        first = next(t for t, limit in enumerate(self.bound) if limit < step)
        if first == 0:
            self.start(step, certify=True)
            return
        group_class = self.group_class
        supporters = self.election.supporters
        line_value, line_slope = self.line_value, self.line_slope
        line_denominator, evaluated = self.line_denominator, self.evaluated
        for t in range(len(self.journal) - 1, first - 1, -1):
            _, _, projects, old_classes = self.journal[t]
            if old_classes is not None:
                _scatter(group_class, supporters[self.rounds[t][0]], old_classes)
            for i, value, slope, denominator, round_ in reversed(projects):
                line_value[i] = value
                line_slope[i] = slope
                line_denominator[i] = denominator
                evaluated[i] = round_
        heap_at_start, classes_at_start, _, _ = self.journal[first]
        del self.value[classes_at_start:]
        del self.slope[classes_at_start:]
        del self.version[classes_at_start:]
        del self.rounds[first:]
        del self.journal[first + 1 :]
        del self.bound[first + 1 :]
        del self.denominators[first + 1 :]
        self.bound[first] = _NEVER
        self.factors = [
            self.denominators[first] // denominator for denominator in self.denominators
        ]
        self.changed = [first] * len(self.changed)
        shift = step - self.step
        self.value = list(
            map(add, self.value, map(mul, self.slope, itertools.repeat(shift)))
        )
        scaled_cost = self.election.scaled_cost
        heap = []
        for entry in heap_at_start:
            i = entry[2]
            heap.append(
                _heap_entry(
                    line_value[i] + line_slope[i] * step,
                    line_denominator[i] * scaled_cost[i],
                    i,
                    entry[3],
                )
            )
        heapify(heap)
        self.heap = heap
        self.journal[first] = [list(heap), classes_at_start, [], None]
        self.step = step
        self.restart_round = first
        self._run()

    # -- internals

    def _limit(self, round_: int, steps: int) -> None:
        limit = self.step + steps
        if limit < self.bound[round_]:
            self.bound[round_] = limit

    def _limit_unaffordable(
        self, round_: int, money: int, rate: int, cost: int
    ) -> None:
        """Supporters' money ``money + rate * d`` stays below ``cost`` up to d."""
        if rate > 0:
            self._limit(round_, (cost - money + rate - 1) // rate - 1)

    def _evaluate(self, i: int, t: int) -> tuple:
        """Find rho for project ``i`` in round ``t`` (values over denominators[t]).

        Returns ``(rest, slope_sum, rich_weight, levels, first_rich, t)`` with
        ``rho = rest / rich_weight`` and ``levels`` the supporters' classes as
        ``(money, class, weight)`` sorted by money, or ``(None, cost, money,
        slope_sum)`` when the supporters cannot pay for it.
        """
        group_class = self.group_class
        counts = Counter(map(group_class.__getitem__, self.unit_members[i]))
        for g, weight in self.heavy_members[i]:
            counts[group_class[g]] += weight
        counts.pop(0, None)
        value, version, factors = self.value, self.version, self.factors
        classes = list(counts)
        levels = sorted(
            zip(
                map(
                    mul,
                    map(value.__getitem__, classes),
                    map(factors.__getitem__, map(version.__getitem__, classes)),
                ),
                classes,
                counts.values(),
                strict=True,
            )
        )
        self.work += len(self.unit_members[i]) + len(levels)
        rich_weight = sum(counts.values())
        cost = self.election.scaled_cost[i] * self.denominators[t]
        paid = 0
        slope_sum = 0
        if self.certify:
            slope = self.slope
            for position, (money, c, weight) in enumerate(levels):
                rest = cost - paid
                if rest <= money * rich_weight:
                    return (rest, slope_sum, rich_weight, levels, position, t)
                paid += weight * money
                if slope[c]:
                    slope_sum += weight * slope[c] * factors[version[c]]
                rich_weight -= weight
            return (None, cost, paid, slope_sum)
        for position, (money, _c, weight) in enumerate(levels):
            rest = cost - paid
            if rest <= money * rich_weight:
                return (rest, 0, rich_weight, levels, position, t)
            paid += weight * money
            rich_weight -= weight
        return (None, cost, paid, 0)

    def _run(self) -> None:
        """Fund projects until no candidate is affordable."""
        heap = self.heap
        certify = self.certify
        t = len(self.rounds)
        journal = self.journal[t]
        denominators = self.denominators
        changed = self.changed
        scaled_cost = self.election.scaled_cost
        line_value, line_slope = self.line_value, self.line_slope
        line_denominator, evaluated = self.line_denominator, self.evaluated
        while heap:
            _, _, i, round_ = heappop(heap)
            if round_ >= changed[i]:  # exact: the cheapest project, fund it
                if certify and line_slope[i]:
                    self._check_line(i, t)
                self._fund(i, t, round_)
                t += 1
                if certify:
                    journal = [list(heap), len(self.value), [], None]
                    self.journal.append(journal)
                    self.bound.append(_NEVER)
                continue
            result = self._evaluate(i, t)
            if certify:
                journal[2].append(
                    (i, line_value[i], line_slope[i], line_denominator[i], evaluated[i])
                )
                if line_slope[i]:
                    self._check_line(i, t)
            if result[0] is None:
                if certify:
                    _, cost, money, rate = result
                    self._limit_unaffordable(t, money, rate, cost)
                continue
            rest, slope_sum, rich_weight = result[0], result[1], result[2]
            denominator = rich_weight * denominators[t]
            line_value[i] = rest + slope_sum * self.step
            line_slope[i] = -slope_sum
            line_denominator[i] = denominator
            evaluated[i] = t
            self.cache[i] = result
            heappush(heap, _heap_entry(rest, denominator * scaled_cost[i], i, t))

    def _check_line(self, i: int, t: int) -> None:
        """Bound each round where ``i``'s tangent stood against the funded project."""
        scaled_cost = self.election.scaled_cost
        slope = self.line_slope[i]
        value = self.line_value[i] + slope * self.step
        gamma = scaled_cost[i] * self.line_denominator[i]
        rounds, bound, step = self.rounds, self.bound, self.step
        for u in range(max(self.evaluated[i], self.restart_round), t):
            funded, rho_value, rho_slope, alpha = rounds[u]
            d1 = slope * alpha - rho_slope * gamma
            if d1 >= 0:
                continue
            d0 = value * alpha - rho_value * gamma
            limit = step + ((d0 - 1) // -d1 if i < funded else d0 // -d1)
            if limit < bound[u]:
                bound[u] = limit

    def _fund(self, x: int, t: int, round_: int) -> None:
        """Fund project ``x`` in round ``t`` (its evaluation is from ``round_``)."""
        result = self.cache[x]
        if result is None or result[5] != round_:
            result = self._evaluate(x, t)
            factor = 1
        else:
            factor = self.factors[round_]
        rest, slope_sum, rich_weight, levels, first_rich, _ = result
        rest *= factor
        slope_sum *= factor
        denominator = self.denominators[t]
        common = gcd(rich_weight, rest, slope_sum)
        growth = rich_weight // common  # denominators[t + 1] = denominator * growth
        rho = rest // common
        rho_slope = slope_sum // common  # rho decreases by this per step
        scale = factor * growth
        value, slope, version = self.value, self.slope, self.version
        t1 = t + 1
        new_class = {0: 0}
        dead: dict[int, int] = {}  # traced runs: poor class -> its dead child
        if self.certify:
            factors = self.factors
            poor, rich = levels[:first_rich], levels[first_rich:]
            if poor:
                new_class.update(dict.fromkeys([c for _, c, _ in poor], 0))
                rates = [
                    slope[c] * factors[version[c]] * growth + rho_slope
                    for _, c, _ in poor
                ]
                # A poor class whose money grows faster than rho catches up with it.
                catch_up = [
                    (rho - money * scale) // rate
                    for (money, _, _), rate in zip(poor, rates, strict=True)
                    if rate > 0
                ]
                if catch_up:
                    self._limit(t, min(catch_up))
            first_new = len(value)
            value.extend([money * scale - rho for money, _, _ in rich])
            slope.extend(
                [
                    slope[c] * factors[version[c]] * growth + rho_slope
                    for _, c, _ in rich
                ]
            )
            version.extend([t1] * len(rich))
            new_class.update(
                zip([c for _, c, _ in rich], range(first_new, len(value)), strict=True)
            )
        elif self.trace is not None:
            # Poor classes get a child too (never used for money: its voters go to
            # class 0) so each voter's ancestry stays known for the explanations.
            self._record(x, t, rest, rich_weight, levels, first_rich, factor)
            parent, paid = self.parent, self.paid
            for position, (money, c, _) in enumerate(levels):
                node = len(value)
                parent.append(c)
                version.append(t1)
                slope.append(0)
                if position < first_rich:
                    value.append(0)
                    paid.append(money * factor * rich_weight)
                    dead[c] = node
                else:
                    new_class[c] = node
                    value.append(money * scale - rho)
                    paid.append(-1)  # paid rho
            self.paid_round.extend([t] * len(levels))
        else:
            poor, rich = levels[:first_rich], levels[first_rich:]
            new_class.update(dict.fromkeys([c for _, c, _ in poor], 0))
            first_new = len(value)
            value.extend([money * scale - rho for money, _, _ in rich])
            new_class.update(
                zip([c for _, c, _ in rich], range(first_new, len(value)), strict=True)
            )
            version.extend([t1] * len(rich))
            slope.extend([0] * len(rich))
        group_class = self.group_class
        members = self.election.supporters[x]
        new_denominator = denominator * growth
        if self.certify:
            old_classes = list(map(group_class.__getitem__, members))
            journal = self.journal[t]
            journal[3] = old_classes
            journal[2].append(
                (
                    x,
                    self.line_value[x],
                    self.line_slope[x],
                    self.line_denominator[x],
                    self.evaluated[x],
                )
            )
            _scatter(group_class, members, map(new_class.__getitem__, old_classes))
            alpha = self.election.scaled_cost[x] * new_denominator
            self.rounds.append((x, rho, -rho_slope, alpha))
        else:
            if dead:
                depleted_at = self.depleted_at
                for g in members:
                    c = group_class[g]
                    if c in dead:
                        depleted_at[g] = dead[c]
                        group_class[g] = 0
                    else:
                        group_class[g] = new_class[c]
            else:
                _scatter(
                    group_class,
                    members,
                    map(new_class.__getitem__, map(group_class.__getitem__, members)),
                )
            self.rounds.append((x,))
        changed = self.changed
        if self.neighbours is None:
            # A single run does not pay for the neighbour lists: all stale.
            changed[:] = itertools.repeat(t1, len(changed))
        else:
            for neighbour in self.neighbours[x]:
                changed[neighbour] = t1
        self.denominators.append(new_denominator)
        if growth != 1:
            self.factors = [factor * growth for factor in self.factors]
        self.factors.append(1)

    def _record(
        self,
        x: int,
        t: int,
        rest: int,
        rich_weight: int,
        levels: list[tuple[int, int, int]],
        first_rich: int,
        factor: int,
    ) -> None:
        """Trace one funding round: ``(x, scale, rest, payments)``.

        Amounts are numerators over ``scale`` (scaled money): ``rho = rest /
        scale`` and ``payments`` maps each paid amount to how many voters paid it.
        """
        scale = rich_weight * self.denominators[t]
        payments: Counter[int] = Counter()
        for money, _, weight in levels[:first_rich]:
            payments[money * factor * rich_weight] += weight
        for _, _, weight in levels[first_rich:]:
            payments[rest] += weight
        self.trace.append((x, scale, rest, payments))


def _scatter(target: list, positions: Iterable[int], values: Iterable) -> None:
    """``target[p] = v`` for each pair, iterated in C (map consumed by a deque)."""
    deque(map(target.__setitem__, positions, values), maxlen=0)


def _neighbours(election: _Election) -> list[list[int]]:
    """For each project, the projects sharing at least one supporter group."""
    group_sets = election.group_sets
    return [
        sorted(set().union(*map(group_sets.__getitem__, members)) - {i})
        for i, members in enumerate(election.supporters)
    ]


def _mes_trace(election: _Election, step: int) -> _MesEngine | None:
    """A traced MES run at endowment share + ``step`` (None without voters)."""
    if election.voters == 0:
        return None
    engine = _MesEngine(election)
    engine.start(step, certify=False, trace=True)
    return engine


def _outcome_state(election: _Election, chosen: list[int]) -> str | None:
    """``"over"`` if over the budget, ``"exhaustive"`` if no candidate fits."""
    scaled_cost = election.scaled_cost
    total = sum(scaled_cost[i] for i in chosen)
    if total > election.scaled_budget:
        return "over"
    chosen_set = set(chosen)
    room = election.scaled_budget - total
    if any(i not in chosen_set and scaled_cost[i] <= room for i in election.candidates):
        return None
    return "exhaustive"


# Policy for add1: certified restarts pay off when they redo a small part of a run.
_WINDOW = 8  # restarts measured before deciding
_CERTIFIED_SHARE = Fraction(4, 5)  # go plain above this share of a full run's work
_PLAIN_STRETCH = 24  # plain steps before trying certified restarts again


def _mes_add1(election: _Election) -> tuple[list[int], int]:
    """MES with add1 completion: (funding order, step of the returned outcome).

    Equal to re-running MES at steps 0, 1, 2, ... (pabutools'
    ``voter_budget_increment=1``), stopping at the first exhaustive outcome
    (returned) or the first over-budget one (the previous outcome is returned).
    Certified restarts skip steps only when the outcome provably stays the same;
    whether they or plain runs are used affects the speed, never the result.
    """
    if election.voters == 0:
        return [], 0
    engine = _MesEngine(election)
    engine.neighbours = _neighbours(election)
    engine.start(0, certify=True)
    full_run_work = max(engine.work, 1)
    previous: list[int] = []
    previous_step = step = 0
    window_work = window_steps = window_runs = 0
    plain_left = 0
    stretch = _PLAIN_STRETCH
    while True:
        order = engine.order()
        state = _outcome_state(election, order)
        if state == "over":
            return previous, previous_step
        if state == "exhaustive":
            return order, step
        last = engine.horizon() if engine.certify else step
        if last >= _NEVER:
            raise AssertionError("add1 would not end: the outcome never changes")
        previous, previous_step = order, last
        covered = last + 1 - step
        step = last + 1
        work_before = engine.work
        if plain_left > 0:
            plain_left -= 1
            engine.start(step, certify=plain_left == 0)
            full_run_work = max(engine.work - work_before, 1)
            continue
        if not engine.certify:
            engine.start(step, certify=True)
            full_run_work = max(engine.work - work_before, 1)
            continue
        engine.restart(step)
        window_work += engine.work - work_before
        window_steps += covered
        window_runs += 1
        if window_runs == _WINDOW:
            if window_work > _CERTIFIED_SHARE * full_run_work * window_steps:
                plain_left = stretch
                stretch *= 2
            else:
                stretch = _PLAIN_STRETCH
            window_work = window_steps = window_runs = 0


# ---------------------------------------------------------------------------
# Results and explanations


def _count_mes(election: _Election, rule: str, *, step: int, fill: bool) -> CountResult:
    """Result of MES at ``step`` (optionally then the greedy fill), explained."""
    engine = _mes_trace(election, step)
    order = engine.order() if engine else []
    endowment = (
        Fraction(election.budget) / election.voters + step if election.voters else 0
    )
    explanations = _explain_mes(election, engine, endowment)
    chosen = list(order)
    if fill:
        fill_score = [
            election.votes[i] if election.scaled_cost[i] > 0 else 0
            for i in range(len(election.ids))
        ]
        chosen, visits = _greedy_fill(election, order, fill_score)
        chosen_set = set(chosen)
        funded_so_far = [election.ids[i] for i in order]
        for rank, (i, remaining) in enumerate(visits, start=1):
            entry = explanations[election.ids[i]]
            entry.update(stage="greedy_fill", rank=rank, score=fill_score[i])
            if i in chosen_set:
                entry.update(status="won", remaining_before=_money(remaining))
                funded_so_far.append(election.ids[i])
            else:
                entry.update(
                    needed=_money(election.cost[i]),
                    remaining=_money(remaining),
                    remaining_display=_display(remaining),
                    taken_by=list(funded_so_far),
                )
    details = {
        "endowment": _money(endowment),
        "endowment_display": _display(endowment),
    }
    if rule == "mes_add1_greedy":
        details["add1_steps"] = step
        details["mes_order"] = [election.ids[i] for i in order]
    return _result(election, rule, chosen, explanations, details)


def _explain_mes(
    election: _Election, engine: _MesEngine | None, endowment: Money
) -> dict[str, dict]:
    """Explanations from a traced MES run at ``endowment`` per voter (currency).

    Winners: the round, ``rho`` and the distinct payments. Others: what their
    supporters had left at the end, which funded project took most of it, and
    after which one their supporters could no longer pay for them.
    """
    ids, cost, unit = election.ids, election.cost, election.unit
    size = len(ids)
    explanations = {
        ids[i]: {**_base_entry(election, i), "status": "lost"} for i in range(size)
    }
    trace = engine.trace if engine and engine.trace else []
    funded = {x for x, _, _, _ in trace}
    for round_, (x, scale, rest, payments) in enumerate(trace, start=1):
        denominator = scale * unit
        rows = [
            (Fraction(amount, denominator), voters)
            for amount, voters in sorted(payments.items(), reverse=True)
            if amount
        ]
        paid = sum((amount * voters for amount, voters in rows), Fraction(0))
        if paid != cost[x]:
            raise AssertionError(f"payments for {ids[x]!r} do not add up to its cost")
        rho = Fraction(rest, denominator)
        explanations[ids[x]].update(
            status="won",
            round=round_,
            rho=_money(rho),
            rho_display=_display(rho),
            payments=[
                {"amount": _money(a), "amount_display": _display(a), "voters": n}
                for a, n in rows
            ],
            paid=_money(paid),
        )
    leaf = []
    if engine:
        depleted_at = engine.depleted_at
        leaf = [c or depleted_at[g] for g, c in enumerate(engine.group_class)]
    for i in range(size):
        if i in funded:
            continue
        entry = explanations[ids[i]]
        if not election.votes[i]:
            entry["reason"] = "no_votes"
            continue
        if election.scaled_cost[i] == 0:
            entry["reason"] = "zero_cost"
            continue
        money = election.votes[i] * endowment
        if money < cost[i]:  # its supporters' whole endowment was never enough
            shortfall = cost[i] - money
            entry.update(
                reason="too_few_supporters",
                supporters_money=_money(money),
                supporters_money_display=_display(money),
                shortfall=_money(shortfall),
                shortfall_display=_display(shortfall),
                more_supporters_needed=(
                    _ceil(shortfall / endowment) if endowment else None
                ),
            )
            continue
        taken = _taken_from_supporters(engine, i, leaf) if engine else {}
        top: tuple[Fraction, int] | None = None
        after = None
        for round_ in sorted(taken):
            x, scale = trace[round_][0], trace[round_][1]
            loss = Fraction(taken[round_], scale * unit)
            if money >= cost[i] > money - loss:
                after = x
            money -= loss
            if top is None or loss > top[0]:
                top = (loss, x)
        shortfall = cost[i] - money
        entry.update(
            reason="unaffordable",
            supporters_money=_money(money),
            supporters_money_display=_display(money),
            shortfall=_money(shortfall),
            shortfall_display=_display(shortfall),
            lost_money_to=ids[top[1]] if top else None,
            lost_money_to_amount=_money(top[0]) if top else 0,
            unaffordable_after=ids[after] if after is not None else None,
            more_supporters_needed=_ceil(shortfall / endowment) if endowment else None,
        )
    return explanations


def _taken_from_supporters(
    engine: _MesEngine, i: int, leaf: list[int]
) -> dict[int, int]:
    """Round -> money (numerator over that round's scale) that project ``i``'s
    supporters paid in that round, from the class ancestry of a traced run.

    ``leaf[g]`` is group ``g``'s last class. A child class always has a larger
    id than its parent, so classes visited from the largest id down pass their
    supporters' weight up to their parent exactly once.
    """
    weights: dict[int, int] = Counter(map(leaf.__getitem__, engine.unit_members[i]))
    for g, weight in engine.heavy_members[i]:
        weights[leaf[g]] += weight
    parent, paid_round, paid = engine.parent, engine.paid_round, engine.paid
    nodes = list(weights)
    for c in nodes:  # grows while iterating: adds every ancestor once
        up = parent[c]
        if up > 1 and up not in weights:
            weights[up] = 0
            nodes.append(up)
    nodes.sort(reverse=True)
    taken: dict[int, int] = {}
    paid_rho: dict[int, int] = {}
    for c in nodes:
        weight = weights[c]
        up = parent[c]
        if up > 1:
            weights[up] += weight
        round_ = paid_round[c]
        payment = paid[c]
        if payment < 0:
            paid_rho[round_] = paid_rho.get(round_, 0) + weight
        elif payment:
            taken[round_] = taken.get(round_, 0) + weight * payment
    trace = engine.trace
    for round_, weight in paid_rho.items():
        taken[round_] = taken.get(round_, 0) + weight * trace[round_][2]
    return taken


def _base_entry(election: _Election, i: int) -> dict:
    return {
        "votes": election.votes[i],
        "cost": _money(election.cost[i]),
        "cost_display": _display(election.cost[i]),
    }


def _result(
    election: _Election,
    rule: str,
    chosen: list[int],
    explanations: dict[str, dict],
    details: dict,
) -> CountResult:
    ids = election.ids
    total = election.total(chosen)
    details = {
        "voters": election.voters,
        "budget": _money(election.budget),
        "order": [ids[i] for i in chosen],
        **details,
    }
    return CountResult(
        rule=rule,
        winners=sorted(ids[i] for i in chosen),
        cost=total.numerator
        if isinstance(total, Fraction) and total.denominator == 1
        else total,
        explanations=explanations,
        details=details,
    )


def _ceil(value: Money) -> int:
    return -(-Fraction(value).numerator // Fraction(value).denominator)


def _money(value: Money) -> int | str:
    """An exact amount for JSON: an int, or ``"numerator/denominator"``."""
    value = Fraction(value)
    if value.denominator == 1:
        return value.numerator
    return f"{value.numerator}/{value.denominator}"


def _display(value: Money) -> str:
    """An amount rounded to two decimals for people (exact rounding, half even)."""
    cents = round(Fraction(value) * 100)
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"
