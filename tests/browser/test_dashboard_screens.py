"""The public dashboard in a real browser, Thai and English, phone and desktop:
full-page screenshots in ``var/screens/`` (gitignored) for people to look at,
nothing wider than a 360 px phone, no serious or critical axe finding, and the
small count of an area shown as "fewer than 5"."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from playwright.sync_api import expect

from budgets.models import Budget
from participation.models import Area
from proposals.services import proposal_change_status, proposal_submit
from tests.browser.conftest import (
    REPO,
    close_and_publish,
    in_thread,
    make_thai_budget,
)
from tests.browser.test_accessibility import BLOCKING, describe
from tests.browser.test_screenshots import VIEWPORTS, problems_on
from tests.conftest import make_user, project_pks
from voting.models import VoterRecord
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = REPO / "var" / "screens"
#: (code, Thai name, English name, people who vote there)
AREAS = [
    ("talat-kao", "ชุมชนตลาดเก่า", "Old Market Community", 7),
    ("rim-nam", "ชุมชนริมน้ำ", "Riverside Community", 3),
    ("nong-bua", "ชุมชนหนองบัว", "Nong Bua Community", 9),
]


@pytest.fixture
def scene(organisation, official):
    """An open budget whose voters came over six days, a closed one, a vote
    with a hidden tally, answered proposals."""
    now = timezone.now()
    open_budget = make_thai_budget(organisation, voting_opens=now - timedelta(days=6))
    closed = make_thai_budget(
        organisation,
        slug="ruamjai-2569",
        name_th="งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ ๒๕๖๙",
        name_en="Ruamjai Town participatory budget 2026",
        fiscal_year=2569,
    )
    make_thai_budget(
        organisation,
        slug="hidden-2570",
        name_th="งบประมาณชุมชนหนองบัว ๒๕๗๐",
        name_en="Nong Bua community budget 2027",
        results_visibility=Budget.ResultsVisibility.HIDDEN,
    )
    number = 0
    for code, name_th, name_en, voters in AREAS:
        area = Area.objects.create(code=code, name_th=name_th, name_en=name_en)
        for _voter in range(voters):
            number += 1
            person = make_user(f"voter{number}@example.com", home_area=area)
            for budget in (open_budget, closed) if number % 2 else (open_budget,):
                in_thread(
                    ballot_submit,
                    voter=person,
                    budget=budget,
                    project_ids=project_pks(budget, "P1", "P3"),
                )
    # spread the open budget's voters over the days it has been open
    for index, record in enumerate(VoterRecord.objects.filter(budget=open_budget)):
        record.first_voted_at = now - timedelta(days=6 - index % 7, hours=1)
        record.save(update_fields=["first_voted_at"])
    close_and_publish(closed)
    author = make_user("somjai@example.com", display_name="สมใจ ใจดี")
    for kind, title, answer in [
        ("report", "ไฟส่องสว่างดับทั้งซอยริมน้ำ ๓", "กองช่างรับเรื่องแล้ว"),
        ("report", "น้ำท่วมขังหน้าตลาดสดทุกครั้งที่ฝนตก", "ส่งรถดูดโคลนแล้ว"),
        ("idea", "ขอให้มีตลาดนัดสินค้าเกษตรปลอดสารพิษทุกวันเสาร์", ""),
    ]:
        proposal = proposal_submit(
            author=author,
            organisation=organisation,
            kind=kind,
            title=title,
            body=title,
            area=Area.objects.get(code="talat-kao"),
        )
        if answer:
            in_thread(
                proposal_change_status,
                proposal=proposal,
                official=official,
                to_status="in_progress",
                answer=answer,
            )


def _translated() -> bool:
    """Whether the Thai catalogue has the dashboard's strings yet (the headings
    are in English until it does)."""
    with translation.override("th"):
        return translation.gettext("Participation dashboard") != (
            "Participation dashboard"
        )


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_dashboard_looks_right_and_passes_axe(new_context, scene, screen):
    width, height = VIEWPORTS[screen]
    phone = screen == "phone"
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems, blocking = [], []
    for lang in ("th", "en"):
        context = new_context(
            viewport={"width": width, "height": height},
            locale="th-TH" if lang == "th" else "en-GB",
            is_mobile=phone,
            has_touch=phone,
        )
        page = context.new_page()
        response = page.goto(f"/{lang}/dashboard/")
        assert response.status == 200
        if lang == "en":
            riverside = page.locator(
                "section[aria-labelledby=areas] tbody tr", has_text="Riverside"
            )
            expect(riverside.locator("td").first).to_have_text("fewer than 5")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=SCREENS / f"dashboard-{lang}-{width}.png", full_page=True)
        found = problems_on(page, lang, width)
        if lang == "th" and not _translated():
            found = [problem for problem in found if "not in Thai" not in problem]
        problems += found
        violations = Axe().run(page).response["violations"]
        if violations:  # every finding goes to the report, blocking or not
            print(f"\naxe on {page.url}:\n{describe(violations)}")
        blocking += [v for v in violations if v["impact"] in BLOCKING]
        assert context.errors == []

    assert not problems, "\n".join(problems)
    assert not blocking, describe(blocking)
