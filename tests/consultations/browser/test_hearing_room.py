"""A hearing in three browsers: the official runs the room, a citizen asks and
answers a poll on a phone, the projector follows it all live. Then axe-core on
the consultation pages, and screenshots for people to look at."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consultations.demo import MARKET_SLUG, PETS_SLUG, load_consultation_demo
from consultations.models import Consultation
from participation.models import RoleGrant
from participation.services import role_grant
from tests.browser.conftest import REPO, in_thread, log_in, make_verified_user

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = REPO / "screenshots"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo(organisation):
    official = make_verified_user("official-room@example.com", display_name="จนท.")
    role_grant(user=official, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    in_thread(load_consultation_demo, organisation=organisation, official=official)
    pets = Consultation.objects.get(slug=PETS_SLUG)
    return official, pets.sessions.get()


def test_official_citizen_and_projector_in_one_room(new_context, demo):
    official, session = demo
    room_url = f"/th/consultations/rooms/{session.room_code}/"

    projector = new_context(viewport={"width": 1280, "height": 800}).new_page()
    projector.goto(room_url + "projector/")
    expect(projector.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(projector.locator(".qr svg")).to_be_visible()

    staff_context = new_context()
    log_in(staff_context, official)
    staff = staff_context.new_page()
    staff.goto(room_url)
    expect(staff.locator("#live-status")).to_have_attribute("data-state", "live")

    phone_context = new_context(
        viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    log_in(phone_context, make_verified_user("phone@example.com", display_name="มานี"))
    phone = phone_context.new_page()
    phone.goto(room_url)
    expect(phone.locator("#live-status")).to_have_attribute("data-state", "live")
    phone.evaluate("window.notReloaded = true")

    # The citizen asks; the official sees it arrive without reloading.
    phone.locator("#ask-form textarea").fill("จะมีจุดฉีดวัคซีนฟรีในชุมชนหรือไม่")
    phone.locator("#ask-form button[type=submit]").click()
    asked = staff.locator("#question-list .room-question", has_text="จุดฉีดวัคซีนฟรี")
    expect(asked).to_be_visible()
    expect(phone.locator("#ask-form textarea")).to_have_value("")

    # The official pins it; the projector shows it large.
    asked.locator("button[value=pin]").click()
    expect(projector.locator("#pinned-question")).to_contain_text("จุดฉีดวัคซีนฟรี")

    # The official opens the prepared poll; the phone answers; results move.
    poll = staff.locator("#poll-list .poll").first
    poll.locator("button[value=open]").click()
    phone_poll = phone.locator("#poll-list .poll").first
    expect(phone_poll.locator("form.poll-vote")).to_be_visible()
    phone_poll.locator("label.poll-choice").nth(1).click()
    phone_poll.locator("form.poll-vote button[type=submit]").click()
    expect(projector.locator("#projector-poll .poll-total")).to_have_text("1")
    expect(
        staff.locator("#poll-list .poll").first.locator(".poll-votes").nth(1)
    ).to_have_text("1")

    # The official closes it: the phone's answer form goes, the results stay.
    staff.locator("#poll-list .poll").first.locator("button[value=closed]").click()
    expect(phone_poll.locator("form.poll-vote")).to_be_hidden()
    expect(phone_poll.locator(".poll-results")).to_be_visible()

    # A moderator's hide takes the question away from the phone.
    staff_question = staff.locator(
        "#question-list .room-question", has_text="จุดฉีดวัคซีนฟรี"
    )
    staff_question.locator("details.hide-form summary").click()
    staff_question.locator("input[name=reason]").fill("ทดสอบการซ่อน")
    staff_question.locator("details.hide-form button[type=submit]").click()
    expect(phone.locator("#question-list", has_text="จุดฉีดวัคซีนฟรี")).to_have_count(0)
    expect(staff_question.locator(".q-hidden")).to_be_visible()
    assert phone.evaluate("window.notReloaded") is True

    # The phone drops off the network; what happens meanwhile is there when it
    # comes back (resync from the HTTP snapshot), without a reload.
    phone_context.set_offline(True)
    staff.locator("#ask-form textarea").fill("คำถามระหว่างที่โทรศัพท์ออฟไลน์")
    staff.locator("#ask-form button[type=submit]").click()
    expect(staff.locator("#question-list")).to_contain_text("ระหว่างที่โทรศัพท์ออฟไลน์")
    phone.wait_for_timeout(1500)
    phone_context.set_offline(False)
    expect(phone.locator("#question-list")).to_contain_text("ระหว่างที่โทรศัพท์ออฟไลน์")
    expect(phone.locator("#live-status")).to_have_attribute("data-state", "live")
    assert phone.evaluate("window.notReloaded") is True

    SCREENSHOTS.mkdir(exist_ok=True)
    projector.screenshot(
        path=SCREENSHOTS / "room-projector-th-1280.png", full_page=True
    )
    phone.screenshot(path=SCREENSHOTS / "room-th-360.png", full_page=True)
    staff.screenshot(path=SCREENSHOTS / "room-official-th-1280.png", full_page=True)
    for context in (projector.context, staff_context):
        assert not context.errors, context.errors
    # Offline, the phone's reconnect attempts fail: those are the only errors.
    assert all(
        "WebSocket" in error
        or "Failed to fetch" in error
        or "ERR_INTERNET_DISCONNECTED" in error
        for error in phone_context.errors
    ), phone_context.errors


PAGES = [
    "/{lang}/consultations/",
    "/{lang}/consultations/" + MARKET_SLUG + "/",
    "/{lang}/consultations/" + MARKET_SLUG + "/sections/2/",
    "/{lang}/consultations/" + MARKET_SLUG + "/report/",
    "/{lang}/consultations/" + MARKET_SLUG + "/report/print/",
    "/{lang}/consultations/" + PETS_SLUG + "/",
    "/{lang}/consultations/" + PETS_SLUG + "/questionnaire/",
    "/{lang}/consultations/rooms/",
    "ROOM",
    "PROJECTOR",
]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_consultation_pages_pass_axe_and_are_photographed(new_context, demo, lang):
    official, session = demo
    axe = Axe()
    for width in (360, 1280):
        context = new_context(
            viewport={"width": width, "height": 900},
            locale="th-TH" if lang == "th" else "en-GB",
        )
        if width == 1280:
            log_in(context, make_verified_user(f"reader-{lang}@example.com"))
        page = context.new_page()
        for template in PAGES:
            room = f"/{lang}/consultations/rooms/{session.room_code}/"
            path = {
                "ROOM": room,
                "PROJECTOR": room + "projector/",
            }.get(template, template.format(lang=lang))
            response = page.goto(path)
            assert response.status == 200, path
            page.evaluate("document.fonts.ready")
            violations = axe.run(page).response["violations"]
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            assert not blocking, f"axe on {path}:\n" + json.dumps(
                [(v["id"], [n["target"] for n in v["nodes"]]) for v in blocking],
                ensure_ascii=False,
            )
            name = {"ROOM": f"{lang}_room", "PROJECTOR": f"{lang}_projector"}.get(
                template, path.strip("/").replace("/", "_")
            )
            page.screenshot(path=SCREENSHOTS / f"c5-{name}-{width}.png", full_page=True)
        assert not context.errors, context.errors
