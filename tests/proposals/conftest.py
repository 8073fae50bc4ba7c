import pytest

from participation.models import Area, RoleGrant
from participation.services import role_grant
from proposals.models import Category, ProposalSettings
from proposals.services import proposal_submit
from tests.conftest import make_user


@pytest.fixture
def area(db):
    return Area.objects.create(code="soi-5", name_th="ชุมชนซอย 5", name_en="Soi 5")


@pytest.fixture
def category(organisation):
    return Category.objects.create(
        organisation=organisation,
        slug="lights",
        name_th="ไฟฟ้าส่องสว่าง",
        name_en="Lights",
    )


@pytest.fixture
def moderator(db):
    user = make_user("moderator@example.com")
    role_grant(user=user, role=RoleGrant.Role.MODERATOR)
    return user


@pytest.fixture
def other_official(db):
    from participation.models import Organisation

    other = Organisation.objects.create(slug="other", name_th="อบต.อื่น")
    user = make_user("other-official@example.com")
    role_grant(user=user, role=RoleGrant.Role.OFFICIAL, organisation=other)
    return user


def submit(author, organisation, **fields):
    values = {
        "kind": "idea",
        "title": "ขอให้ติดตั้งไฟส่องสว่างในซอย 5",
        "body": "ซอย 5 มืดมากตอนกลางคืน ผู้สูงอายุเดินลำบาก",
    }
    values.update(fields)
    return proposal_submit(author=author, organisation=organisation, **values)


@pytest.fixture
def low_threshold(organisation):
    return ProposalSettings.objects.create(
        organisation=organisation, support_threshold=2
    )
