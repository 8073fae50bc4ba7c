"""Budget cycle in a real browser (issue 6): the keyboard-only paper entry flow,
axe-core on the workspace, paper and public progress pages, and screenshots.

Written to live in tests/browser/ (it uses that folder's fixtures); run from
elsewhere with ``-p tests.conftest -p tests.browser.conftest``.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from budgets.demo import load_budget_cycle_demo
from tests.browser.conftest import log_in, make_thai_budget, make_verified_user
from voting.models import PaperEntry
from voting.register import resident_add

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
SHOTS = Path(os.environ.get("C6_SCREENSHOTS", "/work/main/screenshots"))


def thai_id(serial: int) -> str:
    from participation.thai_id import check_digit

    first = f"1{serial:011d}"
    return first + str(check_digit(first))


@pytest.fixture
def scene(organisation):
    from participation.services import role_grant

    official = make_verified_user("official6@example.com")
    role_grant(user=official, role="official", organisation=organisation)
    voting = make_thai_budget(organisation, uses_register=True, max_projects=3)
    for n in range(3):
        resident_add(
            budget=voting,
            name=f"ผู้มีสิทธิ์ {n + 1}",
            thai_id=thai_id(n + 1),
            area_code="",
            by=official,
        )
    now = timezone.now()
    review = make_thai_budget(
        organisation,
        slug="ruamjai-2571",
        ideas_opens=now - timedelta(days=10),
        review_opens=now - timedelta(days=1),
        voting_opens=now + timedelta(days=10),
        voting_closes=now + timedelta(days=20),
    )
    past = load_budget_cycle_demo()
    past.organisation = organisation
    past.save(update_fields=["organisation"])
    return {"official": official, "voting": voting, "review": review, "past": past}


def test_keyboard_only_paper_entry_of_a_stack_of_ballots(new_context, scene):
    context = new_context()
    log_in(context, scene["official"])
    page = context.new_page()
    page.goto(f"/th/budgets/{scene['voting'].slug}/paper/")
    # focus starts on the booth; type everything, Enter submits
    expect(page.locator("#id_booth")).to_be_focused()
    page.keyboard.type("โรงเรียนเทศบาล ๓")
    page.keyboard.press("Tab")
    page.keyboard.type(thai_id(1))
    page.keyboard.press("Tab")  # the ballot (one pot): keep it
    page.keyboard.press("Tab")
    page.keyboard.type("1 3")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("ผู้มีสิทธิ์ 1")
    # next ballot: the booth is kept and the focus is on the Thai ID
    expect(page.locator("#id_thai_id")).to_be_focused()
    page.keyboard.type(thai_id(2))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("๒")
    page.keyboard.press("Enter")
    expect(page.locator("#id_thai_id")).to_be_focused()
    # the same person again is refused, naming the paper channel
    page.keyboard.type(thai_id(2))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.locator(".form-errors")).to_be_visible()
    assert PaperEntry.objects.count() == 2
    expect(page.locator("table").first).to_contain_text("2")
    # void the first entry with a reason, from the keyboard
    first = PaperEntry.objects.order_by("pk").first()
    page.locator(f"#reason-{first.pk}").focus()
    page.keyboard.type("กรอกผิดคน")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    first.refresh_from_db()
    assert first.void_reason == "กรอกผิดคน"
    assert not context.errors


def pages(scene) -> dict[str, tuple[str, bool]]:
    voting, review, past = scene["voting"], scene["review"], scene["past"]
    project = review.projects.first()
    return {
        "workspace": ("/{lang}/manage/budgets/", True),
        "budget_new": ("/{lang}/manage/budgets/new/", True),
        "workspace_budget": (f"/{{lang}}/manage/budgets/{review.slug}/", True),
        "review": (
            f"/{{lang}}/manage/budgets/{review.slug}/projects/{project.pk}/review/",
            True,
        ),
        "register": (f"/{{lang}}/budgets/{voting.slug}/register/", True),
        "paper": (f"/{{lang}}/budgets/{voting.slug}/paper/", True),
        "paper_print": (f"/{{lang}}/budgets/{voting.slug}/paper/print/", True),
        "screen": (f"/{{lang}}/budgets/{voting.slug}/screen/", False),
        "funded": ("/{lang}/budgets/funded-projects/", False),
        "thai_id": (f"/{{lang}}/budgets/{voting.slug}/thai-id/", True),
        "project_review_public": (
            f"/{{lang}}/budgets/{past.slug}/projects/"
            f"{past.projects.filter(implementation__isnull=False).first().pk}/",
            False,
        ),
        "implementation": (
            f"/{{lang}}/manage/budgets/{past.slug}/implementation/",
            True,
        ),
    }


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_serious_or_critical_violation_and_screenshots(new_context, scene, lang):
    axe = Axe()
    blocking = []
    for width in (1280, 360):
        official = new_context(
            locale="th-TH" if lang == "th" else "en-GB",
            viewport={"width": width, "height": 900},
        )
        log_in(official, scene["official"])
        public = new_context(
            locale="th-TH" if lang == "th" else "en-GB",
            viewport={"width": width, "height": 900},
        )
        for name, (path, as_official) in pages(scene).items():
            page = (official if as_official else public).new_page()
            response = page.goto(path.format(lang=lang))
            assert response.status == 200, f"{name}: {response.status}"
            if width == 1280:
                results = axe.run(page)
                for violation in results.response["violations"]:
                    print(lang, name, violation["impact"], violation["id"])
                    if violation["impact"] in BLOCKING:
                        blocking.append(
                            (
                                name,
                                violation["id"],
                                json.dumps(violation["nodes"][:2])[:400],
                            )
                        )
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(
                path=str(SHOTS / f"c6-{lang}_{name}-{width}.png"), full_page=True
            )
            page.close()
    assert not blocking, blocking
