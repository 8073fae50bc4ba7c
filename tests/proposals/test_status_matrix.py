"""Who may move a proposal to which status: role × status matrix."""

import pytest

from participation.models import RoleGrant
from participation.services import role_grant
from proposals.models import Proposal
from proposals.services import (
    TRANSITIONS,
    ProposalError,
    allowed_transitions,
    proposal_change_status,
)
from tests.conftest import make_user
from tests.proposals.conftest import submit

S = Proposal.Status
ROLES = ["citizen", "author", "moderator", "official", "other_official", "admin"]


def person(role, organisation, author):
    if role == "author":
        return author
    user = make_user(f"{role}@example.org")
    if role == "moderator":
        role_grant(user=user, role=RoleGrant.Role.MODERATOR)
    elif role == "official":
        role_grant(user=user, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    elif role == "other_official":
        from participation.models import Organisation

        other = Organisation.objects.create(slug="elsewhere", name_th="ที่อื่น")
        role_grant(user=user, role=RoleGrant.Role.OFFICIAL, organisation=other)
    elif role == "admin":
        role_grant(user=user, role=RoleGrant.Role.ADMIN)
    return user


def proposal_in(status, author, organisation):
    kind = "report" if status in (S.RECEIVED, S.IN_PROGRESS, S.RESOLVED) else "idea"
    proposal = submit(author, organisation, kind=kind, publish=status != S.DRAFT)
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", [s for s in S.values])
def test_only_officials_of_the_organisation_change_status(role, status, organisation):
    author = make_user("author@example.org")
    proposal = proposal_in(status, author, organisation)
    user = person(role, organisation, author)
    allowed = allowed_transitions(proposal=proposal, user=user)
    may = role in ("official", "admin")
    assert allowed == (TRANSITIONS[status] if may else ())
    for target in S.values:
        if may and target in TRANSITIONS[status]:
            change = proposal_change_status(
                proposal=proposal, official=user, to_status=target, answer="คำชี้แจง"
            )
            assert change.to_status == target and change.by_official
            break
        with pytest.raises(ProposalError):
            proposal_change_status(
                proposal=proposal, official=user, to_status=target, answer="คำชี้แจง"
            )


@pytest.mark.django_db
def test_every_change_needs_an_answer_and_leaves_a_timeline_entry(
    official, citizen, organisation
):
    report = submit(citizen, organisation, kind="report")
    with pytest.raises(ProposalError) as caught:
        proposal_change_status(
            proposal=report, official=official, to_status="in_progress", answer="  "
        )
    assert caught.value.code == "answer_required"
    proposal_change_status(
        proposal=report, official=official, to_status="in_progress", answer="ส่งช่างแล้ว"
    )
    proposal_change_status(
        proposal=report, official=official, to_status="resolved", answer="ซ่อมเสร็จแล้ว"
    )
    report.refresh_from_db()
    assert report.status == "resolved"
    assert report.answered_at is not None
    assert list(report.timeline.values_list("to_status", "answer")) == [
        ("received", ""),
        ("in_progress", "ส่งช่างแล้ว"),
        ("resolved", "ซ่อมเสร็จแล้ว"),
    ]
