"""Paper pages of a budget without a register: officials are told why there is
nothing to enter and how to turn it on; everyone else is kept out as before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_budget
from tests.voting.paper_helpers import thai_id
from voting.models import Resident

PAGES = ["register", "paper", "paper/print"]


def url(budget, page, lang="en"):
    return f"/{lang}/budgets/{budget.slug}/{page}/"


@pytest.fixture
def voting_budget(organisation):
    """In its voting phase: ``uses_register`` is locked."""
    return make_budget(organisation, slug="online-only")


@pytest.fixture
def upcoming_budget(organisation):
    """Voting opens next week: the register can still be turned on."""
    now = timezone.now()
    return make_budget(
        organisation,
        slug="online-later",
        voting_opens=now + timedelta(days=7),
        voting_closes=now + timedelta(days=30),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_an_official_is_told_the_budget_has_no_paper_ballots(
    client, official, voting_budget, page
):
    client.force_login(official)
    response = client.get(url(voting_budget, page))

    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>This budget has no paper ballots</h1>" in text
    assert "does not use a register of residents" in text
    assert 'href="/en/manage/budgets/online-only/"' in text  # its workspace page
    # voting has opened: the setting is locked, so no way to turn it on is offered
    assert "This cannot change any more: voting has opened for this budget." in text
    assert "/en/manage/budgets/online-only/edit/" not in text


@pytest.mark.django_db
def test_before_voting_the_page_points_at_the_setting_in_the_budget_form(
    client, official, upcoming_budget
):
    client.force_login(official)
    text = client.get(url(upcoming_budget, "paper")).content.decode()

    assert "tick “Paper ballots and a register of residents”" in text
    assert 'href="/en/manage/budgets/online-later/edit/"' in text
    form = client.get("/en/manage/budgets/online-later/edit/").content.decode()
    assert 'name="uses_register"' in form


@pytest.mark.django_db
def test_the_thai_page_links_back_to_the_thai_workspace(
    client, official, voting_budget
):
    client.force_login(official)
    response = client.get(url(voting_budget, "paper", lang="th"))

    assert response.status_code == 200
    assert 'href="/th/manage/budgets/online-only/"' in response.content.decode()


@pytest.mark.django_db
def test_posting_to_the_register_of_such_a_budget_adds_nobody(
    client, official, voting_budget
):
    client.force_login(official)
    response = client.post(
        url(voting_budget, "register"),
        {"action": "add", "name": "ก", "thai_id": thai_id(1), "area": ""},
    )

    assert response.status_code == 200
    assert "This budget has no paper ballots" in response.content.decode()
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_voiding_in_such_a_budget_is_not_found(client, official, voting_budget):
    client.force_login(official)
    response = client.post(url(voting_budget, "paper/1/void"), {"reason": "x"})
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_others_are_still_kept_out(client, citizen, voting_budget, page):
    assert client.get(url(voting_budget, page)).status_code == 302  # log in first
    client.force_login(citizen)
    assert client.get(url(voting_budget, page)).status_code == 403
