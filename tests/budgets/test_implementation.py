"""Implementation tracking: progress reports, the public list, the demo."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets.demo import load_budget_cycle_demo
from budgets.models import Implementation, ProgressUpdate
from budgets.services import (
    ImplementationError,
    implementations_open,
    progress_update_add,
)
from participation.models import Area, AuditEvent
from tests.budgets.helpers import budget_in_phase
from tests.conftest import project_pks


def report(implementation, by, **overrides):
    values = dict(
        implementation=implementation,
        by=by,
        date=date(2026, 11, 1),
        text="เริ่มงานแล้ว",
        status="in_progress",
        percent=30,
        money_spent=Decimal(100),
    )
    values.update(overrides)
    return progress_update_add(**values)


@pytest.fixture
def funded(organisation, official):
    budget = budget_in_phase(organisation, "results")
    return implementations_open(
        budget=budget, project_ids=project_pks(budget, "A", "C"), by=official
    )


@pytest.mark.django_db
def test_a_progress_report_sets_status_percent_and_money(funded, official):
    update = report(funded[0], official)
    implementation = Implementation.objects.get(pk=funded[0].pk)
    assert (implementation.status, implementation.percent) == ("in_progress", 30)
    assert implementation.money_spent == Decimal(100)
    assert update.text == "เริ่มงานแล้ว"
    assert AuditEvent.objects.filter(action="implementation.progress").exists()


@pytest.mark.django_db
def test_cancelling_needs_a_reason(funded, official):
    with pytest.raises(ImplementationError) as caught:
        report(funded[0], official, status="cancelled")
    assert caught.value.code == "cancel_reason_required"
    report(funded[0], official, status="cancelled", cancel_reason="Land not free")
    assert Implementation.objects.get(pk=funded[0].pk).cancel_reason


@pytest.mark.django_db
def test_percent_bounds_and_permissions(funded, official, citizen):
    with pytest.raises(ImplementationError) as caught:
        report(funded[0], official, percent=101)
    assert caught.value.code == "bad_percent"
    with pytest.raises(ImplementationError) as caught:
        report(funded[0], citizen)
    assert caught.value.code == "not_allowed"


@pytest.mark.django_db
def test_no_progress_before_results(organisation, official):
    budget = budget_in_phase(organisation, "counting", slug="c")
    [implementation] = implementations_open(
        budget=budget, project_ids=project_pks(budget, "A"), by=official
    )
    with pytest.raises(ImplementationError) as caught:
        report(implementation, official)
    assert caught.value.code == "not_yet"


@pytest.mark.django_db
def test_public_page_lists_and_filters_funded_projects(
    client, funded, official, django_assert_max_num_queries
):
    area = Area.objects.create(code="north", name_th="เหนือ")
    project = funded[0].project
    project.area = area
    project.save()
    report(funded[0], official)
    with django_assert_max_num_queries(12):
        page = client.get("/th/budgets/funded-projects/")
    assert page.status_code == 200
    assert len(page.context["implementations"]) == 2
    assert "เริ่มงานแล้ว" in page.content.decode()
    by_area = client.get(f"/th/budgets/funded-projects/?area={area.pk}")
    assert [i.project for i in by_area.context["implementations"]] == [project]
    by_status = client.get("/en/budgets/funded-projects/?status=not_started")
    assert len(by_status.context["implementations"]) == 1


@pytest.mark.django_db
def test_officials_report_progress_from_the_workspace(client, funded, official):
    budget = funded[0].project.budget
    client.force_login(official)
    base = f"/th/manage/budgets/{budget.slug}/implementation/"
    assert client.get(base).status_code == 200
    url = f"{base}{funded[0].pk}/"
    assert client.get(url).status_code == 200
    missing = client.post(
        url,
        {
            "date": "2026-11-01",
            "status": "cancelled",
            "percent": "0",
            "money_spent": "0",
            "text": "x",
            "cancel_reason": "",
        },
    )
    assert missing.context["form"].errors["cancel_reason"]
    done = client.post(
        url,
        {
            "date": "2026-11-01",
            "status": "done",
            "percent": "100",
            "money_spent": "390",
            "text": "เสร็จแล้ว",
        },
    )
    assert done.status_code == 302
    assert ProgressUpdate.objects.get().status == "done"


@pytest.mark.django_db
def test_publishing_opens_tracking_of_the_winners(
    client, organisation, official, citizen
):
    from voting.services import ballot_submit

    budget = budget_in_phase(organisation, "voting", slug="v")
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    budget.voting_closes = timezone.now() - timedelta(minutes=1)
    budget.save()
    client.force_login(official)
    client.post(f"/th/manage/budgets/{budget.slug}/results/")
    funded = Implementation.objects.filter(project__budget=budget)
    assert "A" in {i.project.external_id for i in funded}


@pytest.mark.django_db
def test_the_demo_is_idempotent_and_has_projects_in_progress():
    budget = load_budget_cycle_demo()
    load_budget_cycle_demo()
    implementations = Implementation.objects.filter(project__budget=budget)
    assert implementations.exists()
    assert implementations.filter(status="in_progress").exists()
    assert ProgressUpdate.objects.count() == implementations.count()
