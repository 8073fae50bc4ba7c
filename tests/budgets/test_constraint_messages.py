"""Every database constraint of the budgets models a form can reach speaks the
reader's language, never ``Constraint "…" is violated.``"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from budgets.models import Budget, Implementation, Project
from tests.budgets.helpers import budget_in_phase


def constraint_messages(instance) -> list[str]:
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        instance.validate_constraints()
    return caught.value.messages


@pytest.mark.django_db
def test_each_check_constraint_has_a_translated_message(organisation):
    budget = budget_in_phase(organisation, "results")
    project = budget.projects.first()
    assert constraint_messages(Implementation(project=project, percent=150)) == [
        "ร้อยละความคืบหน้าต้องอยู่ระหว่าง 0 ถึง 100"
    ]
    assert constraint_messages(
        Implementation(project=project, status="cancelled", cancel_reason="")
    ) == ["กรุณาระบุเหตุผลที่ยกเลิก"]


@pytest.mark.django_db
def test_one_project_per_proposal_has_a_translated_message(
    organisation, official, citizen
):
    from budgets.services import project_from_proposal
    from proposals.models import Proposal
    from proposals.services import proposal_submit

    budget = budget_in_phase(organisation, "ideas")
    proposal = proposal_submit(
        author=citizen,
        organisation=organisation,
        kind="idea",
        title="สวนหย่อมข้างวัด",
        body="<p>ข้างวัด</p>",
    )
    Proposal.objects.filter(pk=proposal.pk).update(status="qualified")
    proposal.refresh_from_db()
    project_from_proposal(budget=budget, proposal=proposal, by=official, cost=1)
    copy = Project(
        budget=budget, external_id="Z", name_th="x", cost=1, source_proposal=proposal
    )
    assert constraint_messages(copy) == ["ข้อเสนอนี้เป็นโครงการในรอบงบประมาณนี้อยู่แล้ว"]


def test_no_budgets_constraint_keeps_the_default_message():
    for model in (Budget, Project, Implementation):
        for constraint in model._meta.constraints:
            if constraint.condition is None:
                continue  # plain unique: Django says which fields clash
            assert (
                constraint.violation_error_message
                != constraint.default_violation_error_message
            ), constraint.name
