"""Supports: one per verified person, withdrawable, qualifying at the threshold."""

import pytest
from django.db import IntegrityError

from participation.models import User
from proposals.models import Support
from proposals.services import ProposalError, support_add, support_withdraw
from tests.conftest import make_user
from tests.proposals.conftest import submit


@pytest.mark.django_db
def test_one_support_per_person_and_withdraw(citizen, organisation):
    idea = submit(citizen, organisation)
    fan = make_user("fan@example.com")
    support_add(proposal=idea, user=fan)
    support_add(proposal=idea, user=fan)  # twice: still one
    idea.refresh_from_db()
    assert idea.support_count == 1
    support_withdraw(proposal=idea, user=fan)
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_the_database_keeps_one_support_per_person(citizen, organisation):
    idea = submit(citizen, organisation)
    fan = make_user("fan@example.com")
    Support.objects.create(proposal=idea, user=fan)
    with pytest.raises(IntegrityError):
        Support.objects.create(proposal=idea, user=fan)


@pytest.mark.django_db
def test_unverified_and_authors_cannot_support(citizen, organisation):
    idea = submit(citizen, organisation)
    with pytest.raises(ProposalError) as caught:
        support_add(proposal=idea, user=citizen)
    assert caught.value.code == "own_proposal"
    newcomer = make_user("new@example.com", level=User.Verification.UNVERIFIED)
    with pytest.raises(ProposalError) as caught:
        support_add(proposal=idea, user=newcomer)
    assert caught.value.code == "not_verified"


@pytest.mark.django_db
def test_reaching_the_threshold_qualifies(citizen, organisation, low_threshold):
    idea = submit(citizen, organisation)
    support_add(proposal=idea, user=make_user("a@example.com"))
    idea.refresh_from_db()
    assert idea.status == "published"
    support_add(proposal=idea, user=make_user("b@example.com"))
    idea.refresh_from_db()
    assert idea.status == "qualified"
    assert idea.timeline.last().to_status == "qualified"


@pytest.mark.django_db
def test_reports_do_not_collect_supports(citizen, organisation):
    report = submit(citizen, organisation, kind="report")
    with pytest.raises(ProposalError) as caught:
        support_add(proposal=report, user=make_user("a@example.com"))
    assert caught.value.code == "not_open_for_support"
