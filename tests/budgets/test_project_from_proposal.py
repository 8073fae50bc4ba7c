"""An official turns a qualified proposal into a budget project, keeping the link."""

from decimal import Decimal

import pytest

from budgets.services import BudgetError, project_from_proposal
from participation.models import Follow
from proposals.models import Proposal
from proposals.services import proposal_submit
from tests.budgets.helpers import budget_in_phase


@pytest.fixture
def proposal(organisation, citizen):
    idea = proposal_submit(
        author=citizen,
        organisation=organisation,
        kind="idea",
        title="ทางจักรยานรอบหนองบัว",
        body="<p>เส้นทาง 2 กิโลเมตร</p>",
    )
    Proposal.objects.filter(pk=idea.pk).update(status="qualified")
    idea.refresh_from_db()
    return idea


@pytest.mark.django_db
def test_a_qualified_proposal_becomes_a_linked_project(
    client, organisation, official, citizen, proposal
):
    budget = budget_in_phase(organisation, "ideas")
    client.force_login(official)
    url = f"/th/manage/budgets/{budget.slug}/projects/from-proposal/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"proposal": proposal.pk, "cost": "80000"})
    assert response.status_code == 302
    project = budget.projects.get(source_proposal=proposal)
    assert project.name_th == proposal.title
    assert project.description_th == "เส้นทาง 2 กิโลเมตร"
    assert project.feasibility == "pending"
    if Follow.objects.of(proposal).filter(user=citizen).exists():
        assert Follow.objects.of(project).filter(user=citizen).exists()
    with pytest.raises(BudgetError) as caught:
        project_from_proposal(
            budget=budget, proposal=proposal, by=official, cost=Decimal(1)
        )
    assert caught.value.code == "proposal_already_used"


@pytest.mark.django_db
def test_only_qualified_proposals_before_voting(organisation, official, proposal):
    budget = budget_in_phase(organisation, "ideas")
    Proposal.objects.filter(pk=proposal.pk).update(status="published")
    proposal.refresh_from_db()
    with pytest.raises(BudgetError) as caught:
        project_from_proposal(
            budget=budget, proposal=proposal, by=official, cost=Decimal(1)
        )
    assert caught.value.code == "proposal_not_qualified"
    voting = budget_in_phase(organisation, "voting")
    with pytest.raises(BudgetError) as caught:
        project_from_proposal(
            budget=voting, proposal=proposal, by=official, cost=Decimal(1)
        )
    assert caught.value.code == "locked"
