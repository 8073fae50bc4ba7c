"""The open-data catalogue page in a real browser, Thai and English, phone and
desktop: full-page screenshots in ``screenshots/`` (gitignored) for people to look
at, what a reader notices first (``test_screenshots.problems_on``: the language,
Thai headings in the Thai font, nothing wider than the screen) and axe-core with
no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from participation.models import RoleGrant
from participation.services import role_grant
from tests.browser.conftest import in_thread, make_verified_user
from tests.browser.test_accessibility import BLOCKING, UNMARKED_THAI, describe
from tests.browser.test_screenshots import SCREENSHOTS, VIEWPORTS, problems_on
from tests.participation.test_open_data import DATASETS, make_scene

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(organisation):
    official = make_verified_user("official@example.com")
    role_grant(user=official, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    # the services broadcast after commit (async_to_sync): not in Playwright's loop
    return in_thread(make_scene, organisation, official)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_open_data_page_looks_right(new_context, scene, lang, screen):
    width, height = VIEWPORTS[screen]
    context = new_context(
        viewport={"width": width, "height": height},
        locale="th-TH" if lang == "th" else "en-GB",
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)

    response = page.goto(f"/{lang}/open-data/")

    assert response.status == 200
    expect(page.locator("section.dataset")).to_have_count(len(DATASETS))
    expect(page.locator("section.dataset h2")).to_have_count(len(DATASETS))
    expect(page.locator("section.dataset a[rel='license']")).to_have_count(
        len(DATASETS)
    )
    expect(page.locator("section.dataset time")).to_have_count(len(DATASETS))
    expect(page.locator("a[href='/open-data/catalog.jsonld']")).to_be_visible()
    page.evaluate("document.fonts.ready")
    page.screenshot(path=SCREENSHOTS / f"open-data-{lang}-{width}.png", full_page=True)
    problems = problems_on(page, lang, width)
    if lang == "en":  # a budget with no English name: its Thai name marked as Thai
        if unmarked := page.evaluate(UNMARKED_THAI):
            problems.append(f'Thai text without lang="th": {unmarked}')

    violations = Axe().run(page).response["violations"]

    if violations:  # every finding goes to the report, blocking or not
        print(f"\naxe on {page.url}:\n{describe(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {page.url}:\n{describe(blocking)}"
    assert not problems, "\n".join(problems)
    assert context.errors == []


def test_a_keyboard_user_sees_where_the_focus_is(new_context, scene):
    """A download link reached with Tab shows a focus ring (WCAG 2.4.7)."""
    context = new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto("/th/open-data/")

    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.downloads') !== null"):
            break
    else:
        pytest.fail("Tab never reached a download link")

    outline = page.evaluate(
        "(() => { const style = getComputedStyle(document.activeElement);"
        " return [style.outlineStyle, style.outlineWidth]; })()"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline
