"""Full-page screenshots of the proposal pages in Thai, phone and desktop, saved in
``screenshots/`` (gitignored) for people to look at: the list, an idea with its
supports and comments, and a street-light report whose timeline has two official
answers. The test checks what a reader would notice first (as
``test_screenshots.py`` does): the language, Thai headings in the Thai font,
nothing wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.test_proposals_flow import (
    FIRST_ANSWER,
    SECOND_ANSWER,
    make_scene,
    pin_content_type_ids,
    remove_photos,
)
from tests.browser.test_screenshots import SCREENSHOTS, VIEWPORTS, problems_on

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pinned_content_types():
    pin_content_type_ids()


@pytest.fixture
def scene(organisation):
    made = make_scene(organisation, photo=True)
    yield made
    remove_photos()


def shoot(page, name: str, width: int) -> list[str]:
    """Wait for the fonts and images, save ``<name>-th-<width>.png``, and return
    what is wrong with the page."""
    page.evaluate("document.fonts.ready")
    page.wait_for_function(
        "[...document.images].every((image) => image.complete)", timeout=5_000
    )
    page.screenshot(path=SCREENSHOTS / f"{name}-th-{width}.png", full_page=True)
    return problems_on(page, "th", width)


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_proposal_pages_look_right_in_thai(new_context, scene, screen):
    width, height = VIEWPORTS[screen]
    phone = screen == "phone"
    options = {
        "viewport": {"width": width, "height": height},
        "is_mobile": phone,
        "has_touch": phone,
    }
    reader_context = new_context(**options)
    log_in(reader_context, scene["reader"])
    author_context = new_context(**options)
    log_in(author_context, scene["author"])
    SCREENSHOTS.mkdir(exist_ok=True)

    page = reader_context.new_page()
    page.goto("/th/proposals/")
    expect(page.locator(".proposal-list > li")).to_have_count(3)
    problems = shoot(page, "proposals", width)

    page.goto(f"/th/proposals/{scene['idea'].tracking_number}/")
    expect(page.locator("article.comment")).to_have_count(4)
    expect(page.locator("article.comment .badge.stance")).to_have_count(3)
    expect(page.locator("#comment-form")).to_be_visible()
    problems += shoot(page, "proposal-comments", width)

    page = author_context.new_page()
    page.goto(f"/th/proposals/{scene['report'].tracking_number}/")
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(3)
    expect(timeline.nth(1).locator(".answer")).to_contain_text(FIRST_ANSWER)
    expect(timeline.nth(2).locator(".answer")).to_contain_text(SECOND_ANSWER)
    expect(page.locator("figure img")).to_be_visible()
    page.locator("figure img").scroll_into_view_if_needed()
    problems += shoot(page, "report-timeline", width)

    assert not problems, "\n".join(problems)
    assert reader_context.errors == []
    assert author_context.errors == []
