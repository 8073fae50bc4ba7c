"""A whole budget cycle in a real browser (issue 6, "Done when"), every step
through the pages an official and a citizen use:

an official creates a budget with two areas, adds projects, marks one
unfeasible, opens voting; a citizen votes online; the official enters two paper
ballots by keyboard only; the town-hall screen shows turnout 3 without reload;
the official closes and publishes; the results page shows the winners; the
official posts a progress update that appears on the public tracking page.

The test process only creates the people and areas (accounts, roles); the
budget, its areas' money, projects, reviews, register, ballots, the schedule
changes, publication and progress all go through the server's pages. Opening
and closing voting is done the way an official does it: by changing the dates
in the workspace's edit form.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgets.models import Budget, Implementation, Project
from participation.models import Area
from tests.browser.conftest import log_in, make_verified_user
from voting.models import PaperEntry

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "ruamjai-flow-2570"
NAME = "งบประมาณแบบมีส่วนร่วม ชุมชนร่วมใจ ปีงบประมาณ ๒๕๗๐"
# (name, cost, area key); numbers on the paper ballots follow this order per area
PROJECTS = [
    ("ติดตั้งไฟส่องสว่างริมคลองชุมชนเหนือ", "400000", "north"),
    ("สร้างสะพานลอยข้ามถนนสายหลักชุมชนเหนือ", "900000", "north"),  # unfeasible
    ("ปรับปรุงสนามเด็กเล่นชุมชนใต้", "500000", "south"),
    ("ขุดลอกท่อระบายน้ำชุมชนใต้", "600000", "south"),
]
LIGHTS, BRIDGE, PLAYGROUND, DRAINS = (name for name, _cost, _area in PROJECTS)
PROGRESS = "ติดตั้งเสาไฟครบ ๒๐ ต้นแล้ว เหลือเดินสายไฟอีกครึ่งทาง"


def thai_id(serial: int) -> str:
    from participation.thai_id import check_digit

    first = f"1{serial:011d}"
    return first + str(check_digit(first))


def local_minutes(delta: timedelta) -> str:
    """``now + delta`` as a datetime-local input value in the site's time zone."""
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_an_official_and_a_citizen_go_through_a_whole_budget_cycle(
    new_context, organisation
):
    from participation.services import role_grant

    north = Area.objects.create(code="a-north", name_th="ชุมชนร่วมใจเหนือ")
    south = Area.objects.create(code="b-south", name_th="ชุมชนร่วมใจใต้")
    areas = {"north": north, "south": south}
    official_user = make_verified_user("official-flow@example.com")
    role_grant(user=official_user, role="official", organisation=organisation)
    citizen_user = make_verified_user("citizen-flow@example.com", home_area=north)

    official_context = new_context()
    log_in(official_context, official_user)
    official = official_context.new_page()

    # --- The official creates the budget (in its review phase) ------------------
    official.goto("/th/manage/budgets/")
    official.locator("a.button[href$='/manage/budgets/new/']").click()
    official.locator("#id_slug").fill(SLUG)
    official.locator("#id_name_th").fill(NAME)
    official.locator("#id_total").fill("2000000")
    official.locator("#id_review_opens").fill(local_minutes(-timedelta(hours=1)))
    official.locator("#id_voting_opens").fill(local_minutes(timedelta(days=1)))
    official.locator("#id_voting_closes").fill(local_minutes(timedelta(days=8)))
    official.locator("#id_uses_register").check()
    official.locator("main form button.primary").click()
    detail_url = re.compile(rf"/th/manage/budgets/{SLUG}/$")
    expect(official).to_have_url(detail_url)

    # ... gives each of the two areas its own money ...
    for area in (north, south):
        official.locator("#id_area").select_option(label=area.name_th)
        official.locator("#id_total").fill("1000000")
        official.locator("form[action$='/areas/'] button[type='submit']").click()
        expect(official).to_have_url(detail_url)
        expect(official.locator(".messages")).to_be_visible()
    expect(official.locator("section:has(#areas-heading) tbody tr")).to_have_count(2)

    # ... adds the projects ...
    for name, cost, area in PROJECTS:
        official.locator("a[href$='/projects/new/']").click()
        official.locator("#id_name_th").fill(name)
        official.locator("#id_cost").fill(cost)
        official.locator("#id_area").select_option(label=areas[area].name_th)
        official.locator("main form button.primary").click()
        expect(official).to_have_url(detail_url)
    projects = official.locator("section:has(#projects-heading) tbody tr")
    expect(projects).to_have_count(4)

    # ... and reviews them: one is not feasible, with a public reason.
    for name, _cost, _area in PROJECTS:
        projects.filter(has_text=name).locator("a[href$='/review/']").click()
        review = official.locator("form:has(input[name='action'][value='review'])")
        if name == BRIDGE:
            review.locator("input[name='feasibility'][value='unfeasible']").check()
            review.locator("#id_reason").fill(
                "เกินงบประมาณของชุมชนและต้องขออนุญาตกรมทางหลวง"
            )
        else:
            review.locator("input[name='feasibility'][value='feasible']").check()
        review.locator("button[type='submit']").click()
        expect(official).to_have_url(detail_url)
    assert dict(Project.objects.values_list("name_th", "feasibility")) == {
        LIGHTS: "feasible",
        BRIDGE: "unfeasible",
        PLAYGROUND: "feasible",
        DRAINS: "feasible",
    }

    # The official registers two residents who will vote on paper, one per area.
    official.locator("a[href$='/register/']").click()
    for serial, name, area in ((1, "สมชาย มีสุข", north), (2, "สมหญิง ใจงาม", south)):
        add = official.locator("form:has(input[name='action'][value='add'])")
        add.locator("#id_name").fill(name)
        add.locator("#id_thai_id").fill(thai_id(serial))
        add.locator("#id_area").select_option(label=area.name_th)
        add.locator("button[type='submit']").click()
        expect(official.locator(".messages")).to_contain_text(name)

    # The official opens voting: voting opens a few minutes ago, by the edit form.
    official.goto(f"/th/manage/budgets/{SLUG}/")
    official.locator("a[href$='/edit/']").click()
    official.locator("#id_voting_opens").fill(local_minutes(-timedelta(minutes=5)))
    official.locator("main form button.primary").click()
    expect(official).to_have_url(detail_url)
    assert Budget.objects.get(slug=SLUG).phase() == "voting"

    # --- The town-hall screen is up before anyone votes -------------------------
    screen = new_context().new_page()
    screen.goto(f"/th/budgets/{SLUG}/screen/")
    expect(screen.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(screen.locator("[data-turnout]")).to_have_text("0")
    screen.evaluate("window.notReloaded = true")

    # --- A citizen of the north area votes online (Thai ID first) ---------------
    citizen_context = new_context()
    log_in(citizen_context, citizen_user)
    citizen = citizen_context.new_page()
    citizen.goto(f"/th/budgets/{SLUG}/vote/")
    expect(citizen).to_have_url(re.compile(rf"/th/budgets/{SLUG}/thai-id/$"))
    citizen.locator("#id_thai_id").fill(thai_id(9))
    citizen.locator("main form button.primary").click()
    expect(citizen).to_have_url(re.compile(rf"/th/budgets/{SLUG}/vote/"))
    expect(citizen.get_by_label(BRIDGE)).to_have_count(0)  # not feasible
    citizen.get_by_label(LIGHTS).check()
    citizen.locator("#ballot-form button.primary").click()
    expect(citizen.locator(".messages")).to_be_visible()
    expect(citizen.get_by_label(LIGHTS)).to_be_checked()
    expect(screen.locator("[data-turnout]")).to_have_text("1")

    # --- The official types two paper ballots, keyboard only --------------------
    official.goto(f"/th/manage/budgets/{SLUG}/")
    official.locator("a[href$='/paper/']").click()
    expect(official.locator("#id_booth")).to_be_focused()
    official.keyboard.type("ศาลาประชาคมหมู่ ๓")
    official.keyboard.press("Tab")
    official.keyboard.type(thai_id(1))
    official.keyboard.press("Tab")  # the ballot: the north area's, the first one
    expect(official.locator("#id_pot")).to_be_focused()
    expect(official.locator("#id_pot")).to_have_value(north.code)
    official.keyboard.press("Tab")
    official.keyboard.type("1")  # north no. 1: the lights (the bridge is off)
    official.keyboard.press("Enter")
    expect(official.locator(".messages")).to_contain_text("สมชาย มีสุข")
    expect(official.locator("#id_thai_id")).to_be_focused()
    official.keyboard.type(thai_id(2))
    official.keyboard.press("Tab")
    official.keyboard.press("ArrowDown")  # the south area's ballot
    expect(official.locator("#id_pot")).to_have_value(south.code)
    official.keyboard.press("Tab")
    official.keyboard.type("1")  # south no. 1: the playground
    official.keyboard.press("Enter")
    expect(official.locator(".messages")).to_contain_text("สมหญิง ใจงาม")
    assert PaperEntry.objects.filter(voided_at__isnull=True).count() == 2

    # --- The screen followed without a reload -----------------------------------
    expect(screen.locator("[data-turnout]")).to_have_text("3")
    assert screen.evaluate("window.notReloaded") is True

    # --- The official closes voting (edit form) and publishes -------------------
    official.goto(f"/th/manage/budgets/{SLUG}/edit/")
    official.locator("#id_voting_closes").fill(local_minutes(-timedelta(minutes=1)))
    official.locator("main form button.primary").click()
    expect(official).to_have_url(detail_url)
    assert Budget.objects.get(slug=SLUG).phase() == "counting"
    official.locator("a[href$='/manage/budgets/" + SLUG + "/results/']").click()
    official.locator("main form button.primary").click()
    expect(official).to_have_url(re.compile(rf"/th/budgets/{SLUG}/results/$"))

    # --- Anyone sees the winners on the results page ----------------------------
    citizen.goto(f"/th/budgets/{SLUG}/results/")
    rows = citizen.locator("main table tbody tr")
    for name in (LIGHTS, PLAYGROUND):
        expect(rows.filter(has_text=name).locator(".winner")).to_be_visible()
    expect(rows.filter(has_text=DRAINS).locator(".loser")).to_be_visible()
    expect(rows.filter(has_text=BRIDGE)).to_have_count(0)

    # --- The official reports progress; the public tracking page shows it -------
    official.goto(f"/th/manage/budgets/{SLUG}/")
    official.locator("a[href$='/implementation/']").click()
    funded = official.locator("main table tbody tr")
    expect(funded).to_have_count(2)
    funded.filter(has_text=LIGHTS).locator("a").click()
    # today's date is filled in, on the Thai page too (yyyy-mm-dd for type="date")
    expect(official.locator("#id_date")).to_have_value(timezone.localdate().isoformat())
    official.locator("#id_status").select_option(Implementation.Status.IN_PROGRESS)
    official.locator("#id_percent").fill("50")
    official.locator("#id_money_spent").fill("180000")
    official.locator("#id_text").fill(PROGRESS)
    official.locator("main form button.primary").click()
    expect(official).to_have_url(
        re.compile(rf"/manage/budgets/{SLUG}/implementation/$")
    )
    expect(official.locator(".messages")).to_be_visible()

    citizen.goto("/th/budgets/funded-projects/")
    expect(citizen.locator("main")).to_contain_text(PROGRESS)
    expect(citizen.locator("main")).to_contain_text(LIGHTS)

    assert official_context.errors == []
    assert citizen_context.errors == []
    assert screen.context.errors == []
