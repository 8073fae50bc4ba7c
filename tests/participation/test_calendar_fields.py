"""Dates typed into the officials' forms: a Buddhist Era year where the date
picker wants the Christian one, a CE fiscal year, year 1 — each gets a clear
message on its field, never a server error or a schedule set 543 years away."""

import pytest

from budgets.models import Budget
from tests.budgets.test_workspace_pages import budget_post
from tests.consultations.conftest import make_consultation


def form_errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_buddhist_year_in_the_date_picker_is_caught(client, official):
    client.force_login(official)
    page = form_errors(
        client.post(
            "/en/manage/budgets/new/",
            budget_post(
                voting_opens="2569-12-01T10:00", voting_closes="2569-12-31T10:00"
            ),
        )
    )
    assert "2569 looks like a Buddhist Era year" in page
    assert "B.E. 2569 is 2026" in page
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_year_one_is_an_error_on_the_field_not_a_server_error(client, official):
    client.force_login(official)
    page = form_errors(
        client.post(
            "/th/manage/budgets/new/", budget_post(ideas_opens="0001-01-01T05:00")
        )
    )
    assert "2000" in page and "2200" in page
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_the_fiscal_year_is_buddhist_era(client, official):
    client.force_login(official)
    page = form_errors(
        client.post("/en/manage/budgets/new/", budget_post(fiscal_year="2027"))
    )
    assert "The fiscal year is a Buddhist Era year: 2027 is B.E. 2570." in page
    page = form_errors(
        client.post("/en/manage/budgets/new/", budget_post(fiscal_year="99999"))
    )
    assert "Check the fiscal year" in page
    response = client.post("/en/manage/budgets/new/", budget_post(fiscal_year="2570"))
    assert response.status_code == 302
    assert Budget.objects.get().fiscal_year == 2570


@pytest.mark.django_db
def test_a_session_ending_before_it_starts_says_how_to_cross_midnight(
    client, official, organisation
):
    consultation = make_consultation(official, organisation)
    client.force_login(official)
    page = form_errors(
        client.post(
            f"/en/consultations/{consultation.slug}/sessions/new/",
            {
                "title_th": "ประชุมรับฟัง",
                "mode": "in_person",
                "place": "ห้องประชุม",
                "starts_at": "2026-12-01T22:00",
                "ends_at": "2026-12-01T01:00",
            },
        )
    )
    assert "give the next day" in page
    assert "closing date" not in page
    year_one = form_errors(
        client.post(
            f"/en/consultations/{consultation.slug}/sessions/new/",
            {
                "title_th": "ประชุม",
                "mode": "in_person",
                "starts_at": "0001-01-01T00:00",
                "ends_at": "2026-12-01T01:00",
            },
        )
    )
    assert "Check the year" in year_one
