"""Writes of the voting app: casting and replacing ballots.

One service serves the HTML form, the JSON endpoint and (later) paper entry, so
every channel is validated the same way.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, Pot
from participation import live
from participation.models import Area, User
from participation.phases import Phase, phase_allows
from participation.rules import is_official_of
from participation.services import audit_log

from .models import Ballot, BallotItem, PaperEntry, VoteClaim, VoterRecord

BALLOT_ERROR_MESSAGES = {
    "not_in_voting_phase": _("Voting is not open for this budget."),
    "not_eligible": _("You are not eligible to vote in this budget."),
    "unknown_project": _("One of the chosen projects is not on this ballot."),
    "too_many": _("You chose more projects than this ballot allows."),
    "too_few": _("You chose fewer projects than this ballot needs."),
    "over_budget": _("The projects you chose cost more than the budget."),
    "too_many_points": _("You gave out more points than you have."),
    "bad_points": _("Points must be whole numbers of at least 1."),
    "wrong_area": _("This ballot is for the residents of another area."),
    "thai_id_required": _(
        "Give your Thai ID number once before you vote in this budget."
    ),
    "voted_on_paper": _(
        "This person has already voted on a paper ballot in this budget."
    ),
    "voted_online": _("This person has already voted online in this budget."),
    "not_in_register": _("This Thai ID number is not in the register of residents."),
    "not_allowed": _("Only officials of this budget's organisation can do this."),
    "already_voided": _("This entry was already voided."),
    "reason_required": _("Give a reason for voiding this entry."),
}


class BallotError(Exception):
    """A ballot was refused; ``code`` is stable, ``message`` is translated.

    Codes: ``not_in_voting_phase``, ``not_eligible``, ``wrong_area``,
    ``unknown_project``, ``too_many``, ``too_few``, ``over_budget``,
    ``too_many_points``, ``bad_points``; in budgets with a register of residents
    also ``thai_id_required``, ``voted_on_paper``, ``voted_online`` (the channel
    that already holds the person's vote), ``not_in_register``, and for paper
    entries ``not_allowed``, ``already_voided``, ``reason_required``.
    """

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(BALLOT_ERROR_MESSAGES[self.code]) % self.params


def voter_is_eligible(*, voter: User, budget: Budget) -> bool:
    """Whether ``voter`` may hold a ballot in ``budget`` (verification level)."""
    return (
        voter.is_authenticated
        and voter.is_active
        and voter.verification_level >= budget.required_verification_level
    )


def vote_claim(*, budget: Budget, voter_key: str, channel: str) -> VoteClaim:
    """Claim ``budget``'s one vote of the person ``voter_key`` for ``channel``.

    Idempotent for the same channel (a voter changing their ballot). Raises
    ``BallotError("voted_on_paper")`` or ``BallotError("voted_online")`` when the
    other channel holds the vote; the unique constraint backs this up when two
    requests race. Call inside the transaction that holds the budget lock.
    """
    existing = VoteClaim.objects.filter(budget=budget, voter_key=voter_key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return VoteClaim.objects.create(
                    budget=budget, voter_key=voter_key, channel=channel
                )
        except IntegrityError:
            existing = VoteClaim.objects.get(budget=budget, voter_key=voter_key)
    if existing.channel != channel:
        raise BallotError(
            "voted_on_paper"
            if existing.channel == Ballot.Channel.PAPER
            else "voted_online"
        )
    return existing


def _validate_choice(
    *,
    budget: Budget,
    pot: Pot,
    project_ids: list[int],
    points: Mapping[int, int] | None,
) -> dict[int, int]:
    """Check the chosen projects against the ballot rule; return {project pk: points}.

    Only feasible projects of ``pot`` may be chosen; a knapsack ballot must fit
    in the pot's money. Raises ``BallotError`` with the codes listed on the class.
    """
    chosen = list(dict.fromkeys(project_ids))
    projects = {
        project.pk: project
        for project in budget.pot_projects(pot).on_ballot().filter(pk__in=chosen)
    }
    if len(projects) != len(chosen):
        raise BallotError("unknown_project")
    if budget.ballot_rule == Budget.BallotRule.CUMULATIVE:
        given = {pk: (points or {}).get(pk, 1) for pk in chosen}
        if any(not isinstance(p, int) or p < 1 for p in given.values()):
            raise BallotError("bad_points")
        if budget.max_points is not None and sum(given.values()) > budget.max_points:
            raise BallotError("too_many_points")
    else:
        given = dict.fromkeys(chosen, 1)
    if len(chosen) < budget.min_projects:
        raise BallotError("too_few")
    if budget.max_projects is not None and len(chosen) > budget.max_projects:
        raise BallotError("too_many")
    if budget.ballot_rule == Budget.BallotRule.KNAPSACK:
        total_cost = sum((projects[pk].cost for pk in chosen), Decimal(0))
        if total_cost > pot.total:
            raise BallotError("over_budget")
    return given


@transaction.atomic
def ballot_submit(
    *,
    voter: User,
    budget: Budget,
    project_ids: Iterable[int],
    points: Mapping[int, int] | None = None,
    area: Area | None = None,
    channel: str = Ballot.Channel.ONLINE,
) -> Ballot:
    """Create or replace ``voter``'s ballot in one pot of ``budget``; return it.

    ``area`` picks the district pot (the voter's home area must be it); None is
    the city-wide pot, or the whole budget when it has no districts.
    ``project_ids`` are project primary keys; ``points`` maps some of them to
    points for cumulative ballots (default 1 each). The budget row is locked
    (``select_for_update``) so ballots of one budget commit one after another and
    the tally version increases by one per ballot; the database constraint keeps
    one ballot per voter per budget. After commit the live tally is marked dirty.

    Raises ``BallotError`` (see its codes); nothing is written then.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if not phase_allows(budget.phase(), "vote"):
        raise BallotError("not_in_voting_phase")
    if not voter_is_eligible(voter=voter, budget=budget):
        raise BallotError("not_eligible")
    pot = budget.pot_of(area)
    if pot is None or (area is not None and voter.home_area_id != area.pk):
        raise BallotError("wrong_area")
    given = _validate_choice(
        budget=budget, pot=pot, project_ids=list(project_ids), points=points
    )
    if budget.uses_register:
        if not voter.thai_id_hmac:
            raise BallotError("thai_id_required")
        vote_claim(budget=budget, voter_key=voter.thai_id_hmac, channel=channel)
    now = timezone.now()
    ballot, created = Ballot.objects.get_or_create(
        budget=budget,
        voter=voter,
        area=area,
        defaults={"channel": channel, "created_at": now, "updated_at": now},
    )
    if not created:
        ballot.items.all().delete()
        ballot.channel = channel
        ballot.updated_at = now
        ballot.save(update_fields=["channel", "updated_at"])
    VoterRecord.objects.get_or_create(
        budget=budget, user=voter, defaults={"first_voted_at": now}
    )
    BallotItem.objects.bulk_create(
        BallotItem(ballot=ballot, project_id=pk, points=pts)
        for pk, pts in given.items()
    )
    budget.tally_version += 1
    Budget.objects.filter(pk=budget.pk).update(tally_version=budget.tally_version)
    budget_id = budget.pk
    transaction.on_commit(lambda: live.mark_dirty("tally", budget_id))
    return ballot


class PublishError(Exception):
    """Results could not be published; ``code``: not_allowed or voting_not_closed."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@transaction.atomic
def budget_results_publish(*, budget: Budget, by: User | None) -> Budget:
    """Publish the results of a budget whose voting has closed.

    Ballots are detached from their voters here (ballot secrecy, DESIGN.md):
    afterwards no ballot names anyone and only ``VoterRecord`` says who voted.
    ``by`` must be an official of the budget's organisation (None: a system
    task such as the demo). Audited; live pages are told. Raises
    ``PublishError``.
    """
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if by is not None and not is_official_of(by, budget.organisation):
        raise PublishError("not_allowed")
    if budget.phase() != Phase.COUNTING:
        raise PublishError("voting_not_closed")
    now = timezone.now()
    detached = Ballot.objects.filter(budget=budget, voter__isnull=False).update(
        voter=None
    )
    detached += PaperEntry.objects.filter(budget=budget, ballot__isnull=False).update(
        ballot=None
    )
    budget.results_published_at = now
    budget.save(update_fields=["results_published_at"])
    audit_log(
        actor=by,
        action="budget.results_published",
        target=budget,
        data={"ballots_detached": detached},
    )
    budget_id = budget.pk
    transaction.on_commit(lambda: live.mark_dirty("tally", budget_id))
    return budget
