"""Fixtures of consultations: an open consultation with sections, a session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.services import (
    consultation_change_status,
    consultation_create,
    room_set_open,
    section_save,
    session_save,
)
from participation.models import RoleGrant
from participation.services import role_grant
from tests.conftest import make_user


@pytest.fixture
def moderator(db):
    user = make_user("moderator@example.com")
    role_grant(user=user, role=RoleGrant.Role.MODERATOR)
    return user


def make_consultation(official, organisation, *, days=30, slug="market-bylaw", **extra):
    now = timezone.now()
    values = {
        "title_th": "ร่างเทศบัญญัติตลาด",
        "title_en": "Draft market by-law",
        "summary_th": "กำหนดเวลาเปิดปิดตลาดและการจัดการขยะ",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now - timedelta(hours=1) + timedelta(days=days),
    }
    values.update(extra)
    return consultation_create(
        official=official, organisation=organisation, slug=slug, **values
    )


def add_sections(official, consultation, count=2):
    return [
        section_save(
            official=official,
            consultation=consultation,
            number=number,
            heading_th=f"หัวข้อ {number}",
            body_th=f"ข้อความของข้อ {number}",
        )
        for number in range(1, count + 1)
    ]


@pytest.fixture
def draft_consultation(official, organisation):
    return make_consultation(official, organisation)


@pytest.fixture
def consultation(official, organisation):
    """An open consultation with two sections."""
    consultation = make_consultation(official, organisation)
    add_sections(official, consultation)
    return consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )


def make_session(official, consultation, *, open_room=True, **extra):
    now = timezone.now()
    values = {
        "title_th": "เวทีรับฟังความคิดเห็น ครั้งที่ 1",
        "mode": "hybrid",
        "place": "หอประชุมเทศบาล",
        "starts_at": now - timedelta(minutes=30),
        "ends_at": now + timedelta(hours=2),
    }
    values.update(extra)
    session = session_save(official=official, consultation=consultation, **values)
    if open_room:
        room_set_open(official=official, session=session, is_open=True)
        session.refresh_from_db()
    return session


@pytest.fixture
def hearing(official, consultation):
    return make_session(official, consultation)
