"""Accessibility of the proposal pages in a real browser, Thai and English.

axe-core on the list (filtered by search, area and sort, so the follow-area box
shows), an idea with supports and comments (as a verified reader, so the
comment form shows), a report's timeline with its photo, the new-proposal form,
the track page (a number not found), the officials' desk, the offline register
form and a receipt (as an official), and the notifications page (with unread
ones). No serious or critical violation; every finding is printed for the
report (``pytest -s``).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from participation.models import Notification
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import BLOCKING, UNMARKED_THAI, describe
from tests.browser.test_proposals_flow import (
    make_scene,
    pin_content_type_ids,
    remove_photos,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pinned_content_types():
    pin_content_type_ids()


@pytest.fixture
def scene(organisation):
    made = make_scene(organisation, photo=True)
    yield made
    remove_photos()


def pages(scene) -> dict[str, tuple[str, str | None]]:
    """name -> (path with ``{lang}``, who looks at it: a scene key or None)."""
    idea, report = scene["idea"].tracking_number, scene["report"].tracking_number
    soi5 = scene["soi5"].pk
    return {
        "list": (f"/{{lang}}/proposals/?q=ไฟ&area={soi5}&sort=supported", "reader"),
        "idea": (f"/{{lang}}/proposals/{idea}/", "reader"),
        "report": (f"/{{lang}}/proposals/{report}/", "author"),
        "new": ("/{lang}/proposals/new/", "reader"),
        "track": ("/{lang}/proposals/track/?number=RK-2569-999999", None),
        "desk": ("/{lang}/proposals/desk/", "official"),
        "register": ("/{lang}/proposals/register/", "official"),
        "receipt": (f"/{{lang}}/proposals/{report}/receipt/", "official"),
        "notifications": ("/{lang}/notifications/", "author"),
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_serious_or_critical_violation_on_the_proposal_pages(
    new_context, scene, lang
):
    axe = Axe()
    contexts = {}
    blocking = []
    for name, (path, who) in pages(scene).items():
        if who not in contexts:
            contexts[who] = new_context(locale="th-TH" if lang == "th" else "en-GB")
            if who is not None:
                log_in(contexts[who], scene[who])
        page = contexts[who].new_page()
        response = page.goto(path.format(lang=lang))
        assert response.status == 200, f"{name}: {response.status} at {page.url}"
        expect(page.locator("html")).to_have_attribute("lang", lang)
        if name == "idea":
            expect(page.locator("#comment-form")).to_be_visible()
            expect(page.locator("article.comment")).to_have_count(4)
        if name == "list":
            expect(page.locator(".proposal-list > li")).to_have_count(1)
            expect(page.locator("main .follow-form button")).to_be_visible()
        if name == "notifications":
            unread = Notification.objects.unread().filter(recipient=scene["author"])
            assert unread.count() >= 2  # the two answers, and comments
            expect(page.locator(".notification-list li.unread")).to_have_count(
                unread.count()
            )
        if name == "report":
            expect(page.locator("ol.timeline > li")).to_have_count(3)
        page.evaluate("document.fonts.ready")

        violations = axe.run(page).response["violations"]

        if violations:  # every finding goes to the report, blocking or not
            print(f"\naxe on {name} {page.url}:\n{describe(violations)}")
        found = [v for v in violations if v["impact"] in BLOCKING]
        if found:
            blocking.append(f"{name} {page.url}:\n{describe(found)}")
        page.close()
    assert not blocking, "\n".join(blocking)
    for context in contexts.values():
        assert context.errors == [], context.errors


def test_thai_written_by_people_on_english_pages_is_marked_as_thai(new_context, scene):
    """As ``test_accessibility.test_thai_text_on_english_pages_is_marked_as_thai``
    for budgets: a screen reader reads Thai with a Thai voice only when it is
    marked. What people write has no language field, but Thai script is Thai."""
    context = new_context(locale="en-GB")
    log_in(context, scene["reader"])
    page = context.new_page()
    unmarked = {}
    for path in ["/en/proposals/", f"/en/proposals/{scene['idea'].tracking_number}/"]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        if found := page.evaluate(UNMARKED_THAI):
            unmarked[path] = found
    assert not unmarked, f'Thai text without lang="th": {unmarked}'
