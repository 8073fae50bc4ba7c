"""Workspace services: every validation error, and role × phase × action."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from budgets.models import Budget, Project
from budgets.services import (
    BudgetError,
    budget_create,
    budget_district_set,
    budget_update,
    project_create,
    project_merge,
    project_propose,
    project_review,
)
from participation.models import Area, AuditEvent, Follow, Notification, Organisation
from participation.notifications import follow
from tests.budgets.helpers import PHASES, budget_in_phase
from tests.conftest import make_user


def fields(**overrides):
    now = timezone.now()
    values = {
        "slug": "cycle-2570",
        "name_th": "งบ 2570",
        "name_en": "Budget 2027",
        "description_th": "",
        "description_en": "",
        "total": Decimal(1000),
        "fiscal_year": 2570,
        "ideas_opens": now + timedelta(days=1),
        "review_opens": now + timedelta(days=10),
        "voting_opens": now + timedelta(days=20),
        "voting_closes": now + timedelta(days=30),
        "ballot_rule": Budget.BallotRule.APPROVAL,
        "min_projects": 1,
        "max_projects": 3,
        "max_points": None,
        "counting_rule": Budget.CountingRule.GREEDY,
        "results_visibility": Budget.ResultsVisibility.LIVE,
        "uses_register": False,
    }
    values.update(overrides)
    return values


def field_errors(error: ValidationError) -> dict:
    return {
        name: [str(m) for m in messages]
        for name, messages in error.message_dict.items()
    }


@pytest.mark.django_db
def test_an_official_creates_a_budget_audited(organisation, official):
    budget = budget_create(organisation=organisation, by=official, **fields())
    assert budget.organisation == organisation
    assert AuditEvent.objects.filter(action="budget.created").exists()


@pytest.mark.django_db
def test_citizens_and_officials_of_other_bodies_cannot_create(organisation, citizen):
    other = Organisation.objects.create(slug="other", name_th="อื่น")
    with pytest.raises(BudgetError) as caught:
        budget_create(organisation=other, by=citizen, **fields())
    assert caught.value.code == "not_allowed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"review_opens": timezone.now()}, "review_opens"),  # ideas end before start
        ({"voting_opens": timezone.now() + timedelta(days=5)}, "voting_opens"),
        ({"voting_closes": timezone.now() + timedelta(days=15)}, "voting_closes"),
        ({"min_projects": 4, "max_projects": 2}, "max_projects"),
    ],
)
def test_a_phase_that_ends_before_it_starts_is_refused(
    organisation, official, overrides, field
):
    with pytest.raises(ValidationError) as caught:
        budget_create(organisation=organisation, by=official, **fields(**overrides))
    assert field in field_errors(caught.value)
    assert all(field_errors(caught.value)[field])


@pytest.mark.django_db
def test_a_voting_phase_with_no_feasible_project_is_refused(organisation, official):
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        budget_create(
            organisation=organisation,
            by=official,
            **fields(
                ideas_opens=now - timedelta(days=3),
                review_opens=now - timedelta(days=2),
                voting_opens=now - timedelta(days=1),
            ),
        )
    assert "voting_opens" in field_errors(caught.value)


@pytest.mark.django_db
def test_area_money_above_the_total_is_refused(organisation, official):
    budget = budget_in_phase(organisation, "ideas")
    north = Area.objects.create(code="north", name_th="เหนือ")
    south = Area.objects.create(code="south", name_th="ใต้")
    budget_district_set(budget=budget, area=north, total=Decimal(600), by=official)
    with pytest.raises(ValidationError) as caught:
        budget_district_set(budget=budget, area=south, total=Decimal(500), by=official)
    assert "total" in field_errors(caught.value)
    # lowering the total below the areas' money is refused too
    with pytest.raises(ValidationError) as caught:
        budget_update(budget=budget, by=official, total=Decimal(500))
    assert "total" in field_errors(caught.value)


@pytest.mark.django_db
def test_money_and_rules_lock_when_voting_opens(organisation, official):
    budget = budget_in_phase(organisation, "voting")
    with pytest.raises(BudgetError) as caught:
        budget_update(budget=budget, by=official, total=Decimal(2000))
    assert caught.value.code == "locked"
    budget_update(budget=budget, by=official, description_en="Better words")


# role × phase × action -------------------------------------------------------

ACTIONS_ALLOWED_IN = {
    "add_project": {"upcoming", "ideas", "review"},
    "propose_idea": {"ideas"},
    "review_project": {"review"},
}


def run(action: str, budget: Budget, user):
    project = budget.projects.first()
    if action == "add_project":
        return project_create(budget=budget, by=user, name_th="ใหม่", cost=Decimal(10))
    if action == "propose_idea":
        return project_propose(budget=budget, by=user, name_th="ไอเดีย", cost=Decimal(5))
    if action == "review_project":
        return project_review(
            project=project, by=user, feasibility=Project.Feasibility.FEASIBLE
        )
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("action", sorted(ACTIONS_ALLOWED_IN))
@pytest.mark.parametrize("role", ["citizen", "official", "other_official"])
def test_role_phase_action_matrix(organisation, phase, action, role):
    from participation.services import role_grant

    budget = budget_in_phase(organisation, phase)
    user = make_user(f"{role}@example.com")
    if role == "official":
        role_grant(user=user, role="official", organisation=organisation)
    elif role == "other_official":
        other = Organisation.objects.create(slug="other", name_th="อื่น")
        role_grant(user=user, role="official", organisation=other)
    in_phase = phase in ACTIONS_ALLOWED_IN[action]
    may = in_phase and (action == "propose_idea" or role == "official")
    if may:
        assert run(action, budget, user).pk
    else:
        with pytest.raises(BudgetError) as caught:
            run(action, budget, user)
        assert caught.value.message


@pytest.mark.django_db
def test_an_unfeasible_decision_needs_a_public_reason(organisation, official):
    budget = budget_in_phase(organisation, "review")
    project = budget.projects.first()
    with pytest.raises(BudgetError) as caught:
        project_review(project=project, by=official, feasibility="unfeasible")
    assert caught.value.code == "reason_required"
    project_review(
        project=project, by=official, feasibility="unfeasible", reason="Private land"
    )
    project.refresh_from_db()
    assert project.feasibility_reason == "Private land"


@pytest.mark.django_db
def test_a_cost_change_needs_a_public_note_and_followers_are_told(
    organisation, official, citizen, django_capture_on_commit_callbacks
):
    budget = budget_in_phase(organisation, "review")
    project = budget.projects.first()
    follow(user=citizen, target=project)
    with pytest.raises(BudgetError) as caught:
        project_review(
            project=project, by=official, feasibility="feasible", cost=Decimal(999)
        )
    assert caught.value.code == "cost_note_required"
    with django_capture_on_commit_callbacks(execute=True):
        project_review(
            project=project,
            by=official,
            feasibility="feasible",
            cost=Decimal(450),
            cost_note="Quote from the contractor",
        )
    project.refresh_from_db()
    assert project.cost == Decimal(450) and project.cost_note
    assert Notification.objects.filter(
        recipient=citizen, verb="project.reviewed"
    ).exists()
    event = AuditEvent.objects.get(action="project.reviewed")
    assert event.data["old_cost"] == "400.00"


@pytest.mark.django_db
def test_merging_a_duplicate_tells_its_supporters(
    organisation, official, citizen, django_capture_on_commit_callbacks
):
    budget = budget_in_phase(organisation, "review")
    first, duplicate = list(budget.projects.all())[:2]
    follow(user=citizen, target=duplicate)
    with django_capture_on_commit_callbacks(execute=True):
        project_merge(duplicate=duplicate, into=first, by=official)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == first
    assert duplicate.feasibility == "unfeasible" and duplicate.feasibility_reason
    assert Notification.objects.filter(
        recipient=citizen, verb="project.merged"
    ).exists()
    assert Follow.objects.of(first).filter(user=citizen).exists()
    with pytest.raises(BudgetError):
        project_merge(duplicate=first, into=first, by=official)


@pytest.mark.django_db
def test_a_citizens_idea_awaits_review_and_they_follow_it(organisation, citizen):
    budget = budget_in_phase(organisation, "ideas")
    project = project_propose(
        budget=budget, by=citizen, name_th="ทางเท้า", cost=Decimal(100)
    )
    assert project.feasibility == Project.Feasibility.PENDING
    assert project not in budget.projects.on_ballot()
    assert Follow.objects.of(project).filter(user=citizen).exists()
