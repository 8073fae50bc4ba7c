"""The dashboard's turnout by day: a long vote's table says how many rows it
has (it scrolls), and a vote no one took part in shows its turnout of 0 without
a chart or a table of zeros."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import make_budget, make_user, project_pks
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db

#: 1 March 2026, 09:00 in Bangkok
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


def _turnout_section(client, budget) -> str:
    """The English dashboard's card of ``budget``."""
    html = client.get("/en/dashboard/").content.decode()
    start = html.index(f'aria-labelledby="budget-{budget.pk}"')
    return html[start : html.index("</section>", start)]


def test_a_vote_no_one_took_part_in_shows_turnout_0_and_no_chart(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=14)
    )

    with time_machine.travel(OPENS + timedelta(days=20), tick=False):
        card = _turnout_section(client, budget)

    assert "Turnout: 0" in card
    assert "<svg" not in card and "<table" not in card


def test_a_long_vote_says_how_many_rows_its_table_has(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=14)
    )
    with time_machine.travel(OPENS + timedelta(hours=1), tick=False):
        ballot_submit(
            voter=make_user("voter@example.com"),
            budget=budget,
            project_ids=project_pks(budget, "A"),
        )

    with time_machine.travel(OPENS + timedelta(days=20), tick=False):
        card = _turnout_section(client, budget)

    assert "dash-tall" in card
    assert len(re.findall(r'<th scope="row" class="dash-date">', card)) == 15
    assert "15 records" in card  # 1 to 15 March


def test_a_short_vote_needs_no_row_count(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=5)
    )
    with time_machine.travel(OPENS + timedelta(hours=1), tick=False):
        ballot_submit(
            voter=make_user("voter@example.com"),
            budget=budget,
            project_ids=project_pks(budget, "A"),
        )

    with time_machine.travel(OPENS + timedelta(days=6), tick=False):
        card = _turnout_section(client, budget)

    assert "dash-tall" not in card and "records" not in card
    assert "<table" in card
