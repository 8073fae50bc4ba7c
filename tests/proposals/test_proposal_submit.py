"""Submitting proposals and reports: tracking numbers, statuses, offline channels."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from participation.models import AuditEvent, User
from proposals.models import Proposal
from proposals.services import ProposalError, proposal_publish, proposal_submit
from tests.conftest import make_user
from tests.proposals.conftest import submit


@pytest.mark.django_db
def test_tracking_numbers_use_the_thai_year_and_count_up(citizen, organisation):
    with time_machine.travel(
        datetime(2026, 11, 29, 10, tzinfo=ZoneInfo("Asia/Bangkok"))
    ):
        first = submit(citizen, organisation)
        second = submit(citizen, organisation, kind="report")
    assert first.tracking_number == "RK-2569-000001"
    assert second.tracking_number == "RK-2569-000002"
    # 1 January 00:30 Bangkok time is already the new year, though still 31 Dec UTC
    with time_machine.travel(
        datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Bangkok"))
    ):
        third = submit(citizen, organisation)
    assert third.tracking_number == "RK-2570-000001"


@pytest.mark.django_db
def test_ideas_start_published_reports_received(citizen, organisation):
    idea = submit(citizen, organisation)
    report = submit(citizen, organisation, kind="report")
    assert idea.status == Proposal.Status.PUBLISHED
    assert report.status == Proposal.Status.RECEIVED
    assert list(report.timeline.values_list("to_status", flat=True)) == ["received"]


@pytest.mark.django_db
def test_a_draft_is_published_by_its_author_only(citizen, organisation):
    draft = submit(citizen, organisation, publish=False)
    assert draft.status == "draft"
    assert draft.submitted_at is None
    stranger = make_user("stranger@example.com")
    with pytest.raises(ProposalError):
        proposal_publish(proposal=draft, user=stranger)
    proposal_publish(proposal=draft, user=citizen)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.submitted_at is not None


@pytest.mark.django_db
def test_unverified_people_cannot_submit(organisation):
    unverified = make_user("new@example.com", level=User.Verification.UNVERIFIED)
    with pytest.raises(ProposalError) as caught:
        submit(unverified, organisation)
    assert caught.value.code == "not_verified"
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_empty_title_is_refused(citizen, organisation):
    with pytest.raises(ProposalError):
        submit(citizen, organisation, title="   ", body="<p></p>")


@pytest.mark.django_db
def test_an_official_registers_a_paper_submission(official, citizen, organisation):
    proposal = proposal_submit(
        author=None,
        organisation=organisation,
        kind="report",
        title="ท่อระบายน้ำอุดตันหน้าตลาด",
        body="แจ้งที่เคาน์เตอร์ กองช่าง",
        channel="counter",
        registered_by=official,
        submitter_name="นางสมศรี ใจดี",
        submitter_contact="081-234-5678",
    )
    assert re.fullmatch(r"RK-\d{4}-\d{6}", proposal.tracking_number)
    event = AuditEvent.objects.get(action="proposal.registered_offline")
    assert event.actor == official
    assert "นางสมศรี" not in str(event.data)
    # a citizen cannot register on someone's behalf
    with pytest.raises(ProposalError):
        proposal_submit(
            author=None,
            organisation=organisation,
            kind="report",
            title="x",
            body="y",
            channel="phone",
            registered_by=citizen,
        )


@pytest.mark.django_db
def test_private_submitter_details_never_show_publicly(client, official, organisation):
    proposal = proposal_submit(
        author=None,
        organisation=organisation,
        kind="report",
        title="ไฟดับ",
        body="โทรแจ้ง",
        channel="phone",
        registered_by=official,
        submitter_name="นายสมชาย ลับเฉพาะ",
        submitter_contact="089-999-0000",
    )
    html = client.get(f"/th/proposals/{proposal.tracking_number}/").content.decode()
    assert "ลับเฉพาะ" not in html
    assert "089-999-0000" not in html
    assert "ทางโทรศัพท์" in html or "by phone" in html
