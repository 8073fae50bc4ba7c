"""The public dashboard (/th/dashboard/): what a visitor reads in its tables.

Data is made through the apps' services; the page is read as a visitor would,
table by table (caption, then rows of cell texts).
"""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import Budget
from consultations.services.consultations import consultation_change_status
from consultations.services.questionnaires import question_save, response_submit
from consultations.services.rooms import member_participant, room_question_ask
from participation.comments.services import comment_create
from participation.models import Area
from participation.portal import dashboard_data
from participation.portal.dashboard_data import SECONDARY, SHOWN, SMALL
from participation.thai_id import user_thai_id_set
from proposals.services import proposal_change_status, proposal_submit
from tests.conftest import make_budget, make_user, project_pks
from tests.consultations.conftest import add_sections, make_consultation, make_session
from tests.voting.paper_helpers import register_budget, thai_id
from voting.paper import paper_ballot_enter, paper_entry_void
from voting.register import resident_add
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")
#: 1 March 2026, 09:00 in Bangkok: 1 มีนาคม 2569
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=BANGKOK)


class _PageTables(HTMLParser):
    """Every table of a page as ``(caption id, caption text, rows of cell texts)``,
    and every chart row (``.dash-bar``) as ``(text, attributes)``."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, str, list[list[str]]]] = []
        self.bars: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._bar: list[str] | None = None
        self._bar_attrs: list[str] = []
        self._bar_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append(("", "", []))
        elif tag == "caption":
            self._caption = []
            self.tables[-1] = (attrs.get("id", ""), "", [])
        elif tag == "tr":
            self.tables[-1][2].append([])
        elif tag in ("th", "td"):
            self._cell = []
        if tag == "div" and "dash-bar" in (attrs.get("class") or "").split():
            self._bar, self._bar_attrs, self._bar_depth = [], [], 0
        if tag == "div" and self._bar is not None:
            self._bar_depth += 1
        if self._bar is not None:
            self._bar_attrs += [f"{name}={value}" for name, value in attrs.items()]

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            caption_id, _text, rows = self.tables[-1]
            self.tables[-1] = (
                caption_id,
                " ".join("".join(self._caption).split()),
                rows,
            )
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1][2][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "div" and self._bar is not None:
            self._bar_depth -= 1
            if self._bar_depth == 0:
                text = " ".join("".join(self._bar).split())
                self.bars.append((text, " ".join(self._bar_attrs)))
                self._bar = None

    def handle_data(self, data):
        for part in (self._cell, self._caption, self._bar):
            if part is not None:
                part.append(data)


def read_page(client, lang="th") -> tuple[str, _PageTables]:
    response = client.get(f"/{lang}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _PageTables()
    parser.feed(html)
    return html, parser


def table(parser: _PageTables, caption: str) -> list[list[str]]:
    """The body rows (and total) of the table whose caption id or text is given."""
    for caption_id, text, rows in parser.tables:
        if caption in (caption_id, text):
            return rows[1:]  # without the header row
    raise AssertionError(f"no table {caption!r} in {[t[:2] for t in parser.tables]}")


def vote(budget, voter, *external_ids, area=None):
    ballot_submit(
        voter=voter,
        budget=budget,
        project_ids=project_pks(budget, *(external_ids or ("A",))),
        area=area,
    )


# --- Turnout over time -----------------------------------------------------------


def test_turnout_is_shown_per_day_with_a_running_total(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=10)
    )
    moments = [
        OPENS + timedelta(hours=1),  # 1 March
        OPENS + timedelta(hours=2),  # 1 March
        OPENS + timedelta(hours=14, minutes=30),  # 23:30 on 1 March, Bangkok
        OPENS + timedelta(days=2, hours=15, minutes=30),  # 00:30 on 4 March
        OPENS + timedelta(days=3, hours=5),  # 4 March
    ]
    for number, moment in enumerate(moments):
        with time_machine.travel(moment, tick=False):
            vote(budget, make_user(f"voter{number}@example.com"))
    # a voter who changes their ballot later still counts on their first day
    with time_machine.travel(OPENS + timedelta(days=3, hours=6), tick=False):
        vote(budget, budget_voter(0), "B")

    with time_machine.travel(OPENS + timedelta(days=4, hours=1), tick=False):
        _html, thai = read_page(client, "th")
        _html, english = read_page(client, "en")

    assert table(thai, f"turnout-caption-{budget.pk}") == [
        ["1 มีนาคม 2569", "3", "3"],
        ["2 มีนาคม 2569", "0", "3"],
        ["3 มีนาคม 2569", "0", "3"],
        ["4 มีนาคม 2569", "2", "5"],
        ["5 มีนาคม 2569", "0", "5"],
    ]
    assert table(english, f"turnout-caption-{budget.pk}")[0] == [
        "1 March 2026",
        "3",
        "3",
    ]


def budget_voter(number: int):
    from participation.models import User

    return User.objects.get(email=f"voter{number}@example.com")


def test_paper_ballots_count_on_their_day_and_each_person_once(
    client, organisation, official
):
    north = Area.objects.create(code="north", name_th="เหนือ", name_en="North")
    window = {"voting_opens": OPENS, "voting_closes": OPENS + timedelta(days=10)}
    paper = register_budget(organisation, slug="paper", **window)
    online = make_budget(organisation, slug="online", **window)
    residents = [
        resident_add(
            budget=paper,
            name=f"ผู้มีสิทธิ {number}",
            thai_id=thai_id(number),
            area_code="north",
            by=official,
        )
        for number in range(6)
    ]
    entries = []
    for number, resident in enumerate(residents):
        with time_machine.travel(OPENS + timedelta(days=number // 3), tick=False):
            entries.append(
                paper_ballot_enter(
                    budget=paper,
                    resident=resident,
                    project_ids=project_pks(paper, "A"),
                    booth="หน้าเทศบาล",
                    by=official,
                )
            )
    with time_machine.travel(OPENS + timedelta(days=1, hours=1), tick=False):
        paper_entry_void(entry=entries[-1], reason="กรอกผิดคน", by=official)
    # the first resident also votes online in the other budget, same Thai ID
    somchai = make_user("somchai@example.com", home_area=north)
    user_thai_id_set(user=somchai, thai_id=thai_id(0))
    with time_machine.travel(OPENS + timedelta(hours=2), tick=False):
        vote(online, somchai)

    with time_machine.travel(OPENS + timedelta(days=2, hours=1), tick=False):
        _html, page = read_page(client, "en")

    assert table(page, f"turnout-caption-{paper.pk}") == [
        ["1 March 2026", "3", "3"],
        ["2 March 2026", "2", "5"],
        ["3 March 2026", "0", "5"],
    ]
    assert table(page, "area-caption")[0] == ["North", "5", "0"]


def test_a_long_vote_is_sampled_and_still_ends_on_the_total(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=200)
    )
    for number in range(3):
        with time_machine.travel(OPENS + timedelta(days=50 * number), tick=False):
            vote(budget, make_user(f"voter{number}@example.com"))

    with time_machine.travel(OPENS + timedelta(days=150), tick=False):
        _html, page = read_page(client, "en")

    rows = table(page, f"turnout-caption-{budget.pk}")
    assert len(rows) <= dashboard_data.MAX_TURNOUT_POINTS
    assert rows[-1] == ["29 July 2026", "0", "3"]
    assert sum(int(row[1]) for row in rows) == 3


def test_a_hidden_tally_shows_no_turnout_until_voting_closes(
    client, organisation, monkeypatch
):
    hidden = make_budget(
        organisation,
        slug="hidden",
        results_visibility=Budget.ResultsVisibility.HIDDEN,
        projects=[("A", 100), ("B", 100)],
    )
    Budget.objects.filter(pk=hidden.pk).update(
        name_en="Secret vote", name_th="การลงคะแนนลับ"
    )
    area = Area.objects.create(code="north", name_th="เหนือ", name_en="North")
    for number in range(6):
        vote(hidden, make_user(f"v{number}@example.com", home_area=area), "A", "B")

    html, page = read_page(client, "en")

    assert "Secret vote" in html
    assert "keeps its tally hidden during voting" in html
    assert not any(
        caption == f"turnout-caption-{hidden.pk}" for caption, *_ in page.tables
    )
    # nor do its voters show up by area
    assert table(page, "area-caption")[0] == ["North", "0", "0"]


def test_no_per_project_count_is_ever_computed_or_shown(
    client, organisation, monkeypatch
):
    """Between the close of voting and publication the public sees turnout only."""
    budget = make_budget(
        organisation, projects=[("A", 100), ("B", 100)], voting_opens=OPENS
    )
    budget.projects.filter(external_id="A").update(name_en="Riverside lamps")
    budget.projects.filter(external_id="B").update(name_en="Market drains")
    with time_machine.travel(OPENS + timedelta(hours=1), tick=False):
        for number in range(7):
            vote(
                budget,
                make_user(f"v{number}@example.com"),
                *("A", "B")[: 1 + number % 2],
            )

    def no_tally(*args, **kwargs):
        raise AssertionError("the dashboard must not read a tally")

    monkeypatch.setattr("voting.selectors.tally_snapshot", no_tally)
    monkeypatch.setattr("voting.results.budget_result", no_tally)
    # voting has closed, results are not published: the tally is not public
    with time_machine.travel(budget.voting_closes + timedelta(days=1), tick=False):
        assert Budget.objects.get(pk=budget.pk).phase() == "counting"
        html, page = read_page(client, "en")

    assert "Turnout: 7" in html
    assert "Riverside lamps" not in html and "Market drains" not in html
    assert table(page, f"turnout-caption-{budget.pk}")[0][2] == "7"


# --- Participation by area ---------------------------------------------------------


def test_an_area_with_three_voters_shows_fewer_than_five(client, organisation):
    budget = make_budget(organisation)
    areas = {
        name: Area.objects.create(code=name.lower(), name_th=name, name_en=name)
        for name in ("Klong", "Nong", "Talat")
    }
    voters = {"Klong": 3, "Nong": 6, "Talat": 7}
    for name, count in voters.items():
        for number in range(count):
            vote(
                budget, make_user(f"{name}{number}@example.com", home_area=areas[name])
            )

    html, page = read_page(client, "en")

    rows = {row[0]: row[1:] for row in table(page, "area-caption")}
    assert rows["Klong"] == ["fewer than 5", "0"]
    # the next smallest count is withheld too, so 16 - 7 - 6 cannot give 3
    assert rows["Nong"] == ["not shown", "0"]
    assert rows["Talat"] == ["7", "0"]
    assert rows["Total"] == ["16", "0"]
    # the chart of voters comes first, then the chart of proposals
    text, attributes = next(bar for bar in page.bars if bar[0].startswith("Klong"))
    assert text == "Klong fewer than 5"
    assert "bar-fill" not in attributes and "%" not in attributes
    assert not any("3" in cell for cell in rows["Klong"])
    assert not re.search(r"data-[\w-]+=\"3\"", html)


def test_small_counts_and_their_complement_are_withheld():
    def shown(counts):
        return [
            cell.value if cell.status == SHOWN else cell.status
            for cell in dashboard_data.suppress_small_counts(counts)
        ]

    assert shown([0, 6, 12]) == [0, 6, 12]
    assert shown([3, 6, 7]) == [SMALL, SECONDARY, 7]
    assert shown([3, 4, 10, 12]) == [SMALL, SMALL, SECONDARY, 12]
    # 1 + 5 = 6 would give the 1 away (a withheld count of 5 or more is at least
    # 5), so the 20 is withheld too
    assert shown([1, 5, 20]) == [SMALL, SECONDARY, SECONDARY]
    # 4 + 6 = 10 would too (the withheld 6 is at most the shown 6)
    assert shown([4, 6, 6, 30]) == [SMALL, SECONDARY, SECONDARY, 30]
    # nothing large enough to withhold beside it: the zeros hide it instead
    assert shown([0, 3, 0]) == [SMALL, SMALL, SMALL]
    assert dashboard_data.total_cell([1, 2]).status == SMALL
    assert dashboard_data.total_cell([3, 6, 7]).value == 16


# --- Proposals -------------------------------------------------------------------


def submit(organisation, author, kind="idea", **fields):
    return proposal_submit(
        author=author,
        organisation=organisation,
        kind=kind,
        title=fields.pop("title", "ขอให้ติดตั้งไฟส่องสว่างในซอย 5"),
        body="ซอย 5 มืดมากตอนกลางคืน",
        **fields,
    )


def test_proposals_by_status_counts_public_ones_only(
    client, organisation, official, citizen
):
    for _number in range(3):
        submit(organisation, citizen)
    reviewed = submit(organisation, citizen)
    proposal_change_status(
        proposal=reviewed, official=official, to_status="under_review", answer="ok"
    )
    for _number in range(2):
        submit(organisation, citizen, kind="report")
    submit(organisation, citizen, publish=False)  # a draft: not public

    _html, english = read_page(client, "en")
    _html, thai = read_page(client, "th")

    assert table(english, "status-caption") == [
        ["Published", "3"],
        ["Under review", "1"],
        ["Received", "2"],
        ["Total", "6"],
    ]
    assert table(thai, "status-caption")[0] == ["เผยแพร่แล้ว", "3"]


def test_median_days_until_an_official_answer(client, organisation, official, citizen):
    for number, days in enumerate((2, 10, 4)):
        with time_machine.travel(OPENS + timedelta(hours=number), tick=False):
            proposal = submit(organisation, citizen, kind="report")
        with time_machine.travel(
            OPENS + timedelta(hours=number, days=days), tick=False
        ):
            proposal_change_status(
                proposal=proposal,
                official=official,
                to_status="in_progress",
                answer="กองช่างรับเรื่องแล้ว",
            )
    submit(organisation, citizen)  # not answered yet

    html, page = read_page(client, "en")

    assert re.search(r"<dd>\s*4\s*</dd>", html)
    assert "Based on 3 public proposals with an official answer" in html
    assert "1 public proposal is still waiting" in html
    rows = {row[0]: row[1:] for row in table(page, "answer-caption")}
    assert rows["Problem report"] == ["4", "3", "0"]
    assert rows["Policy idea"] == ["—", "0", "1"]
    assert rows["Ruamjai Town"] == ["4", "3", "1"]


def test_no_answer_yet_shows_a_dash_and_says_why(client, organisation, citizen):
    submit(organisation, citizen)

    html, _page = read_page(client, "en")

    assert re.search(r"<dd>\s*—\s*</dd>", html)
    assert "No public proposal has an official answer yet" in html


# --- Consultations -----------------------------------------------------------------


def open_consultation(official, organisation, slug):
    consultation = make_consultation(official, organisation, slug=slug)
    add_sections(official, consultation, count=1)
    return consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )


def test_consultation_counts_of_public_consultations(
    client, organisation, official, citizen
):
    consultation = make_consultation(official, organisation)
    question = question_save(
        official=official, consultation=consultation, kind="text", text_th="ความเห็น"
    )
    add_sections(official, consultation)
    consultation = consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    make_consultation(
        official, organisation, slug="draft-one", title_en="A draft nobody sees"
    )
    for number in range(2):
        respondent = make_user(f"r{number}@example.com")
        response_submit(
            respondent=respondent,
            consultation=consultation,
            answers={question.pk: "เห็นด้วย"},
        )
    for section in consultation.sections.all():  # open now, so open to comments
        comment_create(author=citizen, target=section, body="ควรเพิ่มที่จอดรถ")
    session = make_session(official, consultation)
    for body in ("ตลาดเปิดกี่โมง", "มีที่จอดรถไหม", "ใครดูแลขยะ"):
        room_question_ask(
            session=session,
            participant=member_participant(citizen),
            body=body,
            user=citizen,
        )

    html, page = read_page(client, "en")

    rows = table(page, "consultation-caption")
    assert rows == [["Draft market by-law Open", "2", "2", "3"]]
    assert "A draft nobody sees" not in html


# --- Languages, the empty site and the query count ------------------------------------


def test_the_page_is_in_thai_and_in_english(client, organisation):
    budget = make_budget(
        organisation, voting_opens=OPENS, voting_closes=OPENS + timedelta(days=5)
    )
    with time_machine.travel(OPENS + timedelta(hours=1), tick=False):
        vote(budget, make_user("v@example.com"))
    with time_machine.travel(OPENS + timedelta(days=2), tick=False):
        thai_html, _page = read_page(client, "th")
        english_html, _page = read_page(client, "en")

    assert '<html lang="th">' in thai_html
    assert "1 มีนาคม 2569" in thai_html and "2026" not in thai_html
    assert '<html lang="en">' in english_html
    assert "1 March 2026" in english_html and "มีนาคม" not in english_html


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_empty_site_renders(client, lang):
    html, page = read_page(client, lang)

    assert "<h1>" in html
    assert re.search(r"<dd>\s*—\s*</dd>", html)
    assert page.tables == []


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/th/dashboard/")
    return len(queries)


def test_queries_do_not_grow_with_budgets_voters_or_proposals(
    client, organisation, official, citizen
):
    area = Area.objects.create(code="north", name_th="เหนือ", name_en="North")
    first = make_budget(organisation, slug="first")
    vote(first, make_user("first@example.com", home_area=area))
    submit(organisation, citizen)
    open_consultation(official, organisation, "c0")
    baseline = _queries(client)

    for number in range(4):
        budget = make_budget(organisation, slug=f"more-{number}")
        for voter in range(5):
            vote(budget, make_user(f"v{number}-{voter}@example.com", home_area=area))
        proposal = submit(organisation, citizen, kind="report")
        proposal_change_status(
            proposal=proposal, official=official, to_status="resolved", answer="done"
        )
        Area.objects.create(code=f"area-{number}", name_th=f"พื้นที่ {number}")
        open_consultation(official, organisation, f"c{number + 1}")

    assert _queries(client) == baseline
    assert baseline <= 20
