"""Full-page screenshots of the budget and vote pages, Thai and English, phone and
desktop, saved in ``screenshots/`` (gitignored) for people to look at; the test
checks what a reader would notice first."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    REPO,
    THAI,
    in_thread,
    log_in,
    make_thai_budget,
    make_verified_user,
)
from tests.conftest import project_pks
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = REPO / "screenshots"
VIEWPORTS = {"phone": (360, 800), "desktop": (1280, 900)}

# Elements sticking out of the viewport, ignoring what is hidden on purpose
# (visually-hidden text, the skip link) and what sits in a sideways scroller.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x === "auto" || x === "scroll" || x === "hidden") { return true; }
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) { continue; }
    if (el.closest(".visually-hidden, .skip-link")) { continue; }
    if (box.right > width + 1 || box.left < -1) {
      if (scrolls(el)) { continue; }
      const classes = typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      const id = el.id ? "#" + el.id : "";
      found.push(`${el.tagName.toLowerCase()}${id}${classes}`
        + ` [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return found;
}"""

THAI_FONT_LOADED = """() => [...document.fonts].some(
  (face) => face.family.replace(/"/g, "") === "Sarabun" && face.status === "loaded"
    && face.unicodeRange.toUpperCase().includes("E01"))"""


def problems_on(page, lang: str, width: int) -> list[str]:
    """What a reader notices first: the language, the Thai script, nothing cut off
    at the right edge. Returns the problems found (empty when the page is right)."""
    problems = []
    if page.get_attribute("html", "lang") != lang:
        problems.append(f"html[lang] is {page.get_attribute('html', 'lang')!r}")
    headings = page.locator("main h1, main h2").all_inner_texts()
    if not headings:
        problems.append("no heading")
    if lang == "th":
        if untranslated := [text for text in headings if not THAI.search(text)]:
            problems.append(f"headings not in Thai: {untranslated}")
        if not page.evaluate(THAI_FONT_LOADED):
            problems.append("the Thai Sarabun font did not load")
    elif thai := [text for text in headings if THAI.search(text)]:
        problems.append(f"headings in Thai on an English page: {thai}")
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    overflowing = page.evaluate(OVERFLOWING)
    if scroll_width > width or overflowing:
        problems.append(
            f"the page is {scroll_width}px wide at {width}px; sticking out: "
            f"{overflowing}"
        )
    return [f"{page.url}: {problem}" for problem in problems]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_budget_and_vote_pages_look_right(new_context, organisation, lang, screen):
    budget = make_thai_budget(organisation)
    for number, chosen in enumerate([("P1", "P3"), ("P1",), ("P2",)]):
        in_thread(
            ballot_submit,
            voter=make_verified_user(f"voter{number}@example.com"),
            budget=budget,
            project_ids=project_pks(budget, *chosen),
        )
    voter = make_verified_user("viewer@example.com")
    in_thread(
        ballot_submit,
        voter=voter,
        budget=budget,
        project_ids=project_pks(budget, "P1", "P3"),
    )
    width, height = VIEWPORTS[screen]
    context = new_context(
        viewport={"width": width, "height": height},
        locale="th-TH" if lang == "th" else "en-GB",
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    log_in(context, voter)
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)

    page.goto(f"/{lang}/budgets/{budget.slug}/")
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(page.locator("[data-turnout]")).to_have_text("4")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=SCREENSHOTS / f"budget-{lang}-{width}.png", full_page=True)
    problems = problems_on(page, lang, width)

    page.goto(f"/{lang}/budgets/{budget.slug}/vote/")
    expect(page.locator("#running-total-text")).to_be_visible()
    expect(page.locator("input[name='projects']:checked")).to_have_count(2)
    if lang == "th":
        expect(page.locator("#ballot-form button.primary")).to_contain_text(THAI)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=SCREENSHOTS / f"vote-{lang}-{width}.png", full_page=True)
    problems += problems_on(page, lang, width)

    assert not problems, "\n".join(problems)
    assert context.errors == []
