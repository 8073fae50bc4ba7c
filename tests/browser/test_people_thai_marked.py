"""People's own Thai text on English pages is marked ``lang="th"`` (WCAG 2.1 SC
3.1.2, language of parts), with the demo loaded: comments folded under the
draft, hearing questions and their askers (also when the room draws them live),
the comments and questions quoted in a hearing report, questions and choices
with no English version, progress notes and a cancellation reason. The only
Thai in the interface itself, the language switch's "ไทย", is marked too.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from budgets.models import Implementation
from consultations.demo import MARKET_SLUG, PETS_SLUG
from consultations.models import HearingSession
from consultations.services import (
    consultation_change_status,
    consultation_create,
    member_participant,
    new_walkin_participant,
    poll_save,
    poll_set_status,
    question_save,
    room_question_ask,
    section_save,
)
from participation.models import Organisation, User
from participation.portal import demo
from tests.browser.conftest import in_thread, log_in, make_verified_user
from tests.browser.test_accessibility import UNMARKED_THAI

pytestmark = pytest.mark.django_db(transaction=True)

THAI_ONLY_SLUG = "thai-only-questionnaire"


@pytest.fixture
def demo_loaded(monkeypatch, tmp_path):
    """``load_demo`` (without the large imported budget), plus a questionnaire
    whose questions and choices have no English version."""
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))
    in_thread(call_command, "load_demo", stdout=io.StringIO())
    in_thread(_thai_only_questionnaire)


def _thai_only_questionnaire() -> None:
    official = User.objects.get(email=demo.OFFICIAL_EMAIL)
    now = timezone.now()
    consultation = consultation_create(
        official=official,
        organisation=Organisation.objects.get(slug=demo.MUNICIPALITY["slug"]),
        slug=THAI_ONLY_SLUG,
        title_th="ร่างเทศบัญญัติ เรื่อง การควบคุมเสียงรบกวน",
        summary_th="กำหนดเวลาและระดับเสียงที่ยอมรับได้ในเขตชุมชน",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )
    section_save(
        official=official,
        consultation=consultation,
        number=1,
        body_th="ห้ามใช้เครื่องขยายเสียงในเขตชุมชนหลังเวลา 22.00 น.",
    )
    for kind, text, choices in [
        ("single", "คุณอาศัยอยู่ในชุมชนใด", "ชุมชนตลาดเก่า\nชุมชนริมน้ำ"),
        ("multiple", "เสียงใดรบกวนคุณมากที่สุด", "รถจักรยานยนต์\nร้านคาราโอเกะ"),
        ("text", "ข้อเสนอแนะอื่น ๆ", ""),
    ]:
        question_save(
            official=official,
            consultation=consultation,
            kind=kind,
            text_th=text,
            choices_th=choices,
        )
    consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )


def _pages() -> dict[str, str]:
    """English pages showing people's Thai text: path → an element that must
    be there marked ``lang="th"`` (so the check cannot pass on an empty page)."""
    market_room = HearingSession.objects.get(consultation__slug=MARKET_SLUG)
    pets_room = HearingSession.objects.get(consultation__slug=PETS_SLUG)
    cancelled = Implementation.objects.get(status="cancelled").project
    reported = (
        Implementation.objects.filter(updates__isnull=False)
        .exclude(status="cancelled")
        .first()
        .project
    )
    with translation.override("en"):
        cancelled_url = cancelled.get_absolute_url()
        reported_url = reported.get_absolute_url()
    return {
        f"/en/consultations/{MARKET_SLUG}/": ".folded-comment .comment-body",
        f"/en/consultations/{PETS_SLUG}/": ".folded-comment .comment-body",
        f"/en/consultations/rooms/{market_room.room_code}/": ".q-body",
        f"/en/consultations/rooms/{pets_room.room_code}/": ".q-name",
        f"/en/consultations/rooms/{pets_room.room_code}/projector/": ".q-body",
        f"/en/consultations/{MARKET_SLUG}/report/": ".raised-by li span",
        f"/en/consultations/{MARKET_SLUG}/questionnaire/": ".question-preview li",
        f"/en/consultations/{PETS_SLUG}/questionnaire/": "legend span",
        f"/en/consultations/{THAI_ONLY_SLUG}/questionnaire/": ".questionnaire label",
        "/en/budgets/funded-projects/": ".progress-updates span",
        cancelled_url: "#progress-heading + p span",
        reported_url: "#progress-heading ~ ul li span",
    }


def _unmarked_thai(page, path: str, marked: str) -> list[str]:
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(f'{marked}[lang="th"]').first).to_be_attached()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return page.evaluate(UNMARKED_THAI)


@pytest.mark.parametrize("who", ["visitor", "official"])
def test_peoples_thai_text_on_english_pages_is_marked(new_context, demo_loaded, who):
    context = new_context(locale="en-GB")
    if who == "official":  # moderators also see hidden reasons and poll drafts
        log_in(context, User.objects.get(email=demo.OFFICIAL_EMAIL))
    else:  # a resident who may answer the questionnaires
        log_in(context, User.objects.get(email=demo.CITIZEN_EMAIL))
    page = context.new_page()
    unmarked = {}
    for path, marked in _pages().items():
        found = _unmarked_thai(page, path, marked)
        if found:
            unmarked[path] = found

    assert not unmarked, f'Thai text without lang="th": {unmarked}'
    switch = page.locator(".lang-switch button[value=th]")
    expect(switch).to_have_text("ไทย")
    expect(switch).to_have_attribute("lang", "th")
    assert not context.errors, context.errors


def test_questions_and_polls_the_room_draws_live_are_marked(new_context, demo_loaded):
    session = HearingSession.objects.get(consultation__slug=PETS_SLUG)
    official = User.objects.get(email=demo.OFFICIAL_EMAIL)
    context = new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"/en/consultations/rooms/{session.room_code}/")
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")

    asker = make_verified_user("asker@example.com", display_name="ป้าแดง แผงผัก")
    in_thread(
        room_question_ask,
        session=session,
        participant=member_participant(asker),
        body="จะเริ่มเก็บค่าขึ้นทะเบียนเมื่อไร",
        user=asker,
    )
    in_thread(
        room_question_ask,
        session=session,
        participant=new_walkin_participant(),
        body="Will the register be online?",
        display_name="Ann",
    )
    poll = in_thread(
        poll_save,
        official=official,
        session=session,
        question_th="ควรเปิดให้ขึ้นทะเบียนวันเสาร์หรือไม่",
        options_th="ควร\nไม่ควร",
    )
    in_thread(poll_set_status, official=official, poll=poll, to_status="open")
    # This process's channel layer is not the server's: the page fetches the
    # new snapshot as a phone does when it comes back online, and draws it with
    # the same code as a snapshot from the socket.
    page.evaluate("window.dispatchEvent(new Event('online'))")

    thai = page.locator(".room-question", has_text="ค่าขึ้นทะเบียนเมื่อไร")
    expect(thai.locator(".q-body")).to_have_attribute("lang", "th")
    expect(thai.locator(".q-name")).to_have_attribute("lang", "th")
    english = page.locator(".room-question", has_text="Will the register be online?")
    expect(english.locator(".q-body")).not_to_have_attribute("lang", "th")
    expect(english.locator(".q-name")).to_have_text("Ann")
    expect(english.locator(".q-name")).not_to_have_attribute("lang", "th")
    drawn = page.locator(f"#poll-{poll.pk}")
    expect(drawn.locator(".poll-question")).to_have_attribute("lang", "th")
    expect(drawn.locator(".poll-option-label").first).to_have_attribute("lang", "th")
    assert page.evaluate(UNMARKED_THAI) == []
    assert not context.errors, context.errors
