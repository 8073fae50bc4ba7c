"""Amounts in the workspace's error messages are written as money: ``100,000 บาท``
on Thai pages, ``฿100,000`` on English ones."""

from decimal import Decimal

import pytest

from budgets.services import budget_district_set
from participation.models import Area
from tests.budgets.helpers import budget_in_phase
from tests.budgets.test_workspace_pages import budget_post


@pytest.fixture
def north(db):
    return Area.objects.create(code="north", name_th="เหนือ", name_en="North")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, expected",
    [("th", "(100,000 บาท)"), ("en", "(฿100,000)")],
)
def test_area_money_over_the_total_names_the_total_as_money(
    client, official, organisation, north, language, expected
):
    budget = budget_in_phase(organisation, "ideas", total=Decimal("100000.00"))
    client.force_login(official)
    response = client.post(
        f"/{language}/manage/budgets/{budget.slug}/areas/",
        {"area": north.pk, "total": "150000"},
        follow=True,
    )
    page = response.content.decode()
    assert expected in page
    assert "100000.00" not in page
    assert not budget.districts.exists()


@pytest.mark.django_db
def test_lowering_the_total_below_the_areas_money_names_both_amounts(
    client, official, organisation, north
):
    budget = budget_in_phase(organisation, "ideas", total=Decimal("200000"))
    budget_district_set(
        budget=budget, area=north, total=Decimal("100000.00"), by=official
    )
    client.force_login(official)
    response = client.post(
        f"/th/manage/budgets/{budget.slug}/edit/",
        budget_post(slug=budget.slug, total="50000.50"),
    )
    assert response.context["form"].errors["total"] == [
        "งบประมาณรวมของพื้นที่ (100,000 บาท) เกินวงเงินงบประมาณทั้งหมด (50,000.50 บาท)"
    ]
    budget.refresh_from_db()
    assert budget.total == Decimal("200000")


@pytest.mark.django_db
def test_money_in_another_currency_keeps_its_code(organisation, official, north):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    budget = budget_in_phase(organisation, "ideas", total=1000, currency="EUR")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        budget_district_set(budget=budget, area=north, total=Decimal(2000), by=official)
    assert "(EUR 1,000)" in caught.value.messages[0]
