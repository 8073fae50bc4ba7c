"""Accessibility in a real browser, Thai and English.

- axe-core on every public page: no serious or critical violation (all findings
  are printed for the report);
- what axe cannot see: keyboard focus hidden behind sticky content (WCAG 2.2
  SC 2.4.11) and Thai text on English pages without ``lang="th"`` (SC 3.1.2).
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import (
    close_and_publish,
    in_thread,
    log_in,
    make_thai_budget,
    make_verified_user,
)
from tests.conftest import project_pks
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": "/{lang}/",
    "budget_list": "/{lang}/budgets/",
    "budget": "/{lang}/budgets/ruamjai-2570/",
    "vote": "/{lang}/budgets/ruamjai-2570/vote/",
    "results": "/{lang}/budgets/ruamjai-2569/results/",
    "login": "/{lang}/accounts/login/",
    "signup": "/{lang}/accounts/signup/",
}
LOGGED_IN = {"vote"}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe():
    return Axe()


@pytest.fixture
def budgets(organisation):
    """An open budget and a closed one whose results are published."""
    open_budget = make_thai_budget(organisation)
    closed = make_thai_budget(
        organisation,
        slug="ruamjai-2569",
        name_th="งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ ๒๕๖๙",
        name_en="Ruamjai Town participatory budget 2026",
        fiscal_year=2569,
    )
    for number, chosen in enumerate([("P1", "P3"), ("P1",), ("P2", "P3"), ("P4",)]):
        voter = make_verified_user(f"voter{number}@example.com")
        in_thread(
            ballot_submit,
            voter=voter,
            budget=closed,
            project_ids=project_pks(closed, *chosen),
        )
    close_and_publish(closed)
    return open_budget, closed


def describe(violations: list[dict]) -> str:
    """The violations as a reader fixing them wants them: rule, impact, elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"      {node['html'][:300]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_accessibility_violation(
    new_context, budgets, axe, name, lang
):
    context = new_context(locale="th-TH" if lang == "th" else "en-GB")
    if name in LOGGED_IN:
        log_in(context, make_verified_user("reader@example.com"))
    page = context.new_page()
    response = page.goto(PAGES[name].format(lang=lang))
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if name == "budget":
        expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.evaluate("document.fonts.ready")

    violations = axe.run(page).response["violations"]

    if violations:  # every finding goes to the report, blocking or not
        print(f"\naxe on {page.url}:\n{describe(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {page.url}:\n{describe(blocking)}"


# Points of the focused element's box that are not under anything else.
UNCOVERED_POINTS = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
  return points.filter(([x, y]) => {
    const hit = document.elementFromPoint(
      box.left + x * box.width, box.top + y * box.height);
    return hit !== null && (hit === el || el.contains(hit));
  }).length;
}"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_keyboard_focus_on_the_ballot_is_never_hidden_on_a_phone(
    new_context, organisation, lang
):
    """WCAG 2.2 SC 2.4.11 (AA): a focused control is not entirely hidden by
    author content, here the sticky running total at the bottom of the screen."""
    budget = make_thai_budget(organisation)
    context = new_context(
        viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    log_in(context, make_verified_user("keyboard@example.com"))
    page = context.new_page()
    page.goto(f"/{lang}/budgets/{budget.slug}/vote/")
    expect(page.locator("#running-total-text")).to_be_visible()
    controls = page.locator("#ballot-form input[name='projects'], #ballot-form button")
    wanted = controls.count()
    hidden, reached = [], 0
    for _press in range(40):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('#ballot-form') !== null"):
            if reached:
                break
            continue
        reached += 1
        if page.evaluate(UNCOVERED_POINTS) == 0:
            hidden.append(
                page.evaluate(
                    "(() => { const el = document.activeElement;"
                    " return (el.labels && el.labels[0] ? el.labels[0] : el)"
                    ".innerText.split('\\n')[0]; })()"
                )
            )
    assert reached == wanted, f"Tab reached {reached} of {wanted} ballot controls"
    assert not hidden, f"focused but hidden behind the running total: {hidden}"


# Text in Thai script whose nearest lang attribute is not Thai.
UNMARKED_THAI = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\\u0E01-\\u0E3A\\u0E40-\\u0E5B]/.test(node.data)) { continue; }
    const marked = node.parentElement.closest("[lang]");
    if (!marked || !marked.lang.startsWith("th")) { found.push(node.data.trim()); }
  }
  return found;
}"""


@pytest.mark.parametrize("name", ["budget", "vote"])
def test_thai_text_on_english_pages_is_marked_as_thai(new_context, budgets, name):
    """WCAG 2.1 SC 3.1.2 (AA), language of parts: a screen reader reads Thai text
    shown on an English page (a project described only in Thai) with a Thai voice
    only when it is marked ``lang="th"``."""
    context = new_context(locale="en-GB")
    log_in(context, make_verified_user("reader@example.com"))
    page = context.new_page()
    page.goto(PAGES[name].format(lang="en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    unmarked = page.evaluate(UNMARKED_THAI)
    assert not unmarked, f'Thai text without lang="th" on {page.url}: {unmarked}'
