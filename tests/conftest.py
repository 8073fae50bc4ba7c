"""Shared fixtures: users, an organisation and a budget open for voting."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from budgets.models import Budget, Project
from participation.models import Organisation, RoleGrant, User
from participation.services import role_grant

REPO = Path(__file__).resolve().parent.parent


def pabulib_dir() -> Path:
    """The shared Pabulib files: ``PABULIB_DIR`` or ``../shared/data/pabulib``."""
    configured = os.environ.get("PABULIB_DIR")
    return (
        Path(configured) if configured else REPO.parent / "shared" / "data" / "pabulib"
    )


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Each test starts in Thai (the site's default), whatever the last one left."""
    from django.utils import translation

    translation.activate("th")
    yield
    translation.activate("th")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: with Redis (CI) the cache outlives
    the test run, and ids restart with each test database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        slug="ruamjai", name_th="เทศบาลเมืองร่วมใจ", name_en="Ruamjai Town"
    )


def make_user(email: str, level: int = User.Verification.EMAIL, **extra) -> User:
    return User.objects.create_user(
        email, "pw-for-tests-1234", verification_level=level, **extra
    )


@pytest.fixture
def citizen(db):
    return make_user("citizen@example.com", display_name="สมใจ")


@pytest.fixture
def official(organisation):
    user = make_user("official@example.com")
    role_grant(user=user, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    return user


def make_budget(organisation=None, *, projects=None, **fields) -> Budget:
    """A budget open for voting with projects ``[(external_id, cost)]``."""
    now = timezone.now()
    values = {
        "slug": "budget-2570",
        "name_th": "งบประมาณแบบมีส่วนร่วม 2570",
        "name_en": "Participatory budget 2027",
        "total": 1000,
        "voting_opens": now - timedelta(days=1),
        "voting_closes": now + timedelta(days=1),
        "organisation": organisation,
    }
    values.update(fields)
    budget = Budget.objects.create(**values)
    for position, (external_id, cost) in enumerate(
        projects or [("A", 400), ("B", 500), ("C", 300)]
    ):
        Project.objects.create(
            budget=budget,
            external_id=external_id,
            position=position,
            name_th=f"โครงการ {external_id}",
            name_en=f"Project {external_id}",
            cost=cost,
        )
    return budget


@pytest.fixture
def budget(organisation):
    return make_budget(organisation)


def project_pks(budget: Budget, *external_ids: str) -> list[int]:
    lookup = dict(budget.projects.values_list("external_id", "pk"))
    return [lookup[external_id] for external_id in external_ids]
