"""``manage.py load_demo``: the demo's dashboard figures look like a real town's,
and loading it again changes nothing."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from budgets.models import Budget
from participation.portal import dashboard_data, demo
from proposals.models import Proposal
from voting.models import Ballot, VoterRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def load_demo(monkeypatch, tmp_path):
    # no Pabulib file there: the large imported budget is skipped
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))
    return lambda: call_command("load_demo", stdout=io.StringIO())


def _turnout(slug: str) -> dashboard_data.BudgetTurnout:
    return next(
        turnout
        for turnout in dashboard_data.turnout_by_day()
        if turnout.budget.slug == slug
    )


def test_the_closed_vote_has_voters_over_its_voting_days(load_demo):
    load_demo()
    budget = Budget.objects.get(slug=demo.PAST_BUDGET["slug"])
    turnout = _turnout(budget.slug)

    assert turnout.turnout == 15
    voting_days = [point for point in turnout.points if point.new]
    assert len(voting_days) > 1
    # a rush on the first day and on the last, not everyone on the last
    assert turnout.points[0].new > 1
    assert 1 < turnout.points[-1].new < turnout.turnout
    for voted_at in [
        *VoterRecord.objects.filter(budget=budget).values_list(
            "first_voted_at", flat=True
        ),
        *Ballot.objects.filter(budget=budget).values_list("created_at", flat=True),
    ]:
        assert budget.voting_opens <= voted_at < budget.voting_closes


def test_the_open_vote_has_voters_since_it_opened_never_later(load_demo):
    load_demo()
    budget = Budget.objects.get(slug=demo.BUDGET["slug"])
    now = timezone.now()

    assert len([point for point in _turnout(budget.slug).points if point.new]) > 1
    for voted_at in [
        *VoterRecord.objects.filter(budget=budget).values_list(
            "first_voted_at", flat=True
        ),
        *Ballot.objects.filter(budget=budget).values_list("created_at", flat=True),
    ]:
        assert budget.voting_opens <= voted_at <= now


def test_proposals_are_answered_days_after_they_were_sent(load_demo):
    load_demo()

    answers = dashboard_data.answer_times()
    assert answers.overall.median_days > 0
    assert answers.overall.answered >= 3
    for proposal in Proposal.objects.filter(answered_at__isnull=False):
        waited = proposal.answered_at - proposal.submitted_at
        assert timedelta(days=1) <= waited <= timedelta(days=14)
        assert proposal.submitted_at < timezone.now() - timedelta(days=7)
        timeline = list(proposal.timeline.all())
        assert timeline[0].created_at == proposal.submitted_at
        first_answer = next(change for change in timeline if change.by_official)
        assert first_answer.created_at == proposal.answered_at


def test_loading_the_demo_twice_adds_nothing(load_demo):
    models = [model for model in apps.get_models() if not model._meta.proxy]
    load_demo()
    counts = {model._meta.label: model._default_manager.count() for model in models}
    median_days = dashboard_data.answer_times().overall.median_days

    load_demo()

    assert {
        model._meta.label: model._default_manager.count() for model in models
    } == counts
    assert counts["voting.Ballot"] > 0 and counts["proposals.Proposal"] > 0
    assert dashboard_data.answer_times().overall.median_days == median_days
