"""A hearing session's start and end, as people read them on every page that
shows them: past midnight both dates are named, and Thai times carry "น."."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from consultations.services import (
    consultation_change_status,
    report_issue_add,
    report_save,
)
from participation.thai import format_time_range
from tests.consultations.conftest import make_session

BANGKOK = ZoneInfo("Asia/Bangkok")
LATE_START = datetime(2026, 11, 29, 21, 2, tzinfo=BANGKOK)
PAST_MIDNIGHT = datetime(2026, 11, 30, 0, 32, tzinfo=BANGKOK)

THAI_OVERNIGHT = (
    "29 พฤศจิกายน 2569 เวลา 21:02 น.</time> ถึง "
    '<time datetime="2026-11-30T00:32:00+07:00">30 พฤศจิกายน 2569 เวลา 00:32 น.'
)
ENGLISH_OVERNIGHT = (
    "29 November 2026, 21:02</time> – "
    '<time datetime="2026-11-30T00:32:00+07:00">30 November 2026, 00:32'
)


def test_a_range_past_midnight_names_both_dates():
    assert format_time_range(LATE_START, PAST_MIDNIGHT, "th") == (
        "29 พฤศจิกายน 2569 เวลา 21:02 น. ถึง 30 พฤศจิกายน 2569 เวลา 00:32 น."
    )
    assert format_time_range(LATE_START, PAST_MIDNIGHT, "en") == (
        "29 November 2026, 21:02 – 30 November 2026, 00:32"
    )


def test_a_range_on_one_day_is_short_and_each_thai_time_carries_its_unit():
    ends = datetime(2026, 11, 29, 23, 30, tzinfo=BANGKOK)
    assert format_time_range(LATE_START, ends, "th") == (
        "29 พฤศจิกายน 2569 เวลา 21:02 น. – 23:30 น."
    )
    assert format_time_range(LATE_START, ends, "en") == "29 November 2026, 21:02–23:30"


def test_the_day_is_the_day_in_bangkok():
    # 16:30-17:30 UTC is 23:30 on the 29th to 00:30 on the 30th in Bangkok
    utc = ZoneInfo("UTC")
    starts = datetime(2026, 11, 29, 16, 30, tzinfo=utc)
    ends = datetime(2026, 11, 29, 17, 30, tzinfo=utc)
    assert format_time_range(starts, ends, "th") == (
        "29 พฤศจิกายน 2569 เวลา 23:30 น. ถึง 30 พฤศจิกายน 2569 เวลา 00:30 น."
    )


def test_the_filter_marks_up_both_ends_for_machines():
    template = Template("{{ starts|time_range:ends }}")
    with translation.override("th"):
        html = template.render(Context({"starts": LATE_START, "ends": PAST_MIDNIGHT}))
    assert html == '<time datetime="2026-11-29T21:02:00+07:00">' + THAI_OVERNIGHT + (
        "</time>"
    )
    with translation.override("en"):
        html = template.render(Context({"starts": LATE_START, "ends": None}))
    assert html == (
        '<time datetime="2026-11-29T21:02:00+07:00">29 November 2026, 21:02</time>'
    )


@pytest.fixture
def overnight(official, consultation):
    return make_session(
        official, consultation, starts_at=LATE_START, ends_at=PAST_MIDNIGHT
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"), [("th", THAI_OVERNIGHT), ("en", ENGLISH_OVERNIGHT)]
)
def test_room_and_consultation_pages_show_the_next_day(
    client, consultation, overnight, lang, expected
):
    room = client.get(f"/{lang}/consultations/rooms/{overnight.room_code}/")
    detail = client.get(f"/{lang}/consultations/{consultation.slug}/")

    assert expected in room.content.decode()
    assert expected in detail.content.decode()  # the session card


@pytest.mark.django_db
def test_a_session_card_shows_when_it_ends(client, official, consultation):
    make_session(
        official,
        consultation,
        starts_at=datetime(2026, 12, 5, 9, 0, tzinfo=BANGKOK),
        ends_at=datetime(2026, 12, 5, 12, 0, tzinfo=BANGKOK),
    )
    html = client.get(f"/th/consultations/{consultation.slug}/").content.decode()
    assert "5 ธันวาคม 2569 เวลา 09:00 น.</time> – <time" in html
    assert ">12:00 น.</time>" in html


@pytest.mark.django_db
def test_the_report_lists_the_sessions_held(client, official, consultation, overnight):
    consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )
    report_save(official=official, consultation=consultation, summary_th="ภาพรวม")
    report_issue_add(
        official=official,
        consultation=consultation,
        title_th="เวลาเปิดตลาด",
        views_th="ขอเปิดเช้า",
        answer_th="ปรับเป็น 05.00 น.",
    )
    consultation_change_status(
        official=official, consultation=consultation, to_status="published"
    )
    for page in ("report", "report/print"):
        html = client.get(
            f"/th/consultations/{consultation.slug}/{page}/"
        ).content.decode()
        assert "เวทีรับฟังความคิดเห็น ครั้งที่ 1" in html, page
        assert THAI_OVERNIGHT in html, page
        assert "หอประชุมเทศบาล" in html, page
