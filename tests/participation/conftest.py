"""Fixtures of the deliberation tests: a commentable target and the people."""

import pytest
from django.utils import translation

from participation.models import Area, RoleGrant, User
from participation.services import role_grant
from tests.conftest import make_user


@pytest.fixture
def target(db, monkeypatch):
    """An area standing in for a proposal or a project: open to comments, a page.

    Domain models opt in with ``comments_allowed(user)`` and
    ``get_absolute_url()``; the core tests must not depend on those apps.
    """
    monkeypatch.setattr(
        Area, "comments_allowed", lambda self, user: True, raising=False
    )
    monkeypatch.setattr(
        Area, "get_absolute_url", lambda self: f"/th/?area={self.code}", raising=False
    )
    return Area.objects.create(
        code="rim-nam", name_th="ชุมชนริมน้ำ", name_en="Rim Nam community"
    )


@pytest.fixture
def moderator(db):
    user = make_user("moderator@example.com", display_name="ผู้ดูแล")
    role_grant(user=user, role=RoleGrant.Role.MODERATOR)
    return user


@pytest.fixture
def english_citizen(db):
    return make_user("john@example.com", display_name="John", preferred_language="en")


@pytest.fixture
def unverified(db):
    return make_user("new@example.com", level=User.Verification.UNVERIFIED)


@pytest.fixture(autouse=True)
def _no_language_leak():
    """Requests to /en/ leave English active in the test thread; reset it after."""
    yield
    translation.deactivate()
