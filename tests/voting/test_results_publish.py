"""Publishing results detaches ballots from voters; turnout and "you voted" stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.models import AuditEvent
from tests.conftest import make_user, project_pks
from voting.models import Ballot
from voting.selectors import turnout_of
from voting.services import PublishError, ballot_submit, budget_results_publish


def close(budget):
    budget.voting_closes = timezone.now() - timedelta(minutes=1)
    budget.voting_opens = budget.voting_closes - timedelta(days=1)
    budget.save()


@pytest.mark.django_db
def test_publishing_detaches_every_ballot(client, budget, official):
    voters = [make_user(f"v{n}@example.com") for n in range(3)]
    for voter in voters:
        ballot_submit(voter=voter, budget=budget, project_ids=project_pks(budget, "A"))
    close(budget)
    budget_results_publish(budget=budget, by=official)
    assert not Ballot.objects.filter(voter__isnull=False).exists()
    assert Ballot.objects.filter(budget=budget).count() == 3
    assert turnout_of(budget) == 3
    event = AuditEvent.objects.get(action="budget.results_published")
    assert event.data == {"ballots_detached": 3}
    # the voter still sees that they voted, but no longer what
    client.force_login(voters[0])
    assert (
        "checked" not in client.get(f"/th/budgets/{budget.slug}/vote/").content.decode()
    )
    page = client.get(f"/en/budgets/{budget.slug}/").content.decode()
    assert "You have voted in this budget." in page


@pytest.mark.django_db
def test_only_officials_publish_and_only_after_voting_closes(budget, official, citizen):
    with pytest.raises(PublishError) as caught:
        budget_results_publish(budget=budget, by=official)
    assert caught.value.code == "voting_not_closed"
    close(budget)
    with pytest.raises(PublishError) as caught:
        budget_results_publish(budget=budget, by=citizen)
    assert caught.value.code == "not_allowed"
    budget.refresh_from_db()
    assert budget.results_published_at is None
