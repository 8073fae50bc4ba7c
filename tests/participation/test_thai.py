"""Thai dates (Buddhist Era), money and text normalisation."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from participation.thai import (
    format_date,
    format_money,
    normalize_text,
    to_arabic_digits,
)


def test_thai_dates_use_the_buddhist_era():
    assert format_date(date(2026, 11, 29), "th") == "29 พฤศจิกายน 2569"
    assert format_date(date(2026, 11, 29), "en") == "29 November 2026"


def test_times_are_shown_in_bangkok_time():
    moment = datetime(2026, 9, 30, 17, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 next day BKK
    assert format_date(moment, "th", with_time=True) == "1 ตุลาคม 2569 เวลา 00:00 น."


def test_money_in_text_and_tables():
    assert format_money(1234567, "THB", "th") == "1,234,567 บาท"
    assert format_money(1234567, "THB", "th", table=True) == "฿1,234,567"
    assert format_money(Decimal("1234567.50"), "THB", "en") == "฿1,234,567.50"
    assert format_money(250000, "EUR", "th") == "250,000 EUR"
    assert format_money(250000, "EUR", "en") == "EUR 250,000"


def test_thai_digits_and_sara_am():
    assert to_arabic_digits("๑๒๓ บาท") == "123 บาท"
    assert normalize_text("น\u0e4d\u0e32ท่วม") == "น\u0e33ท่วม"
    # น้ำ typed as น + ํ + ้ + า and as น + ้ + ํ + า both become น + ้ + ำ
    assert normalize_text("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"
    assert normalize_text("น\u0e49\u0e4d\u0e32") == "น\u0e49\u0e33"


def test_peoples_thai_text_is_marked_thai_on_english_pages_only():
    from django.utils import translation

    from participation.templatetags.thai import text_lang, text_span

    with translation.override("en"):
        assert text_lang("ถนนพัง") == ' lang="th"'
        assert text_lang("Broken road") == ""
        assert text_span("สมใจ <b>") == '<span lang="th">สมใจ &lt;b&gt;</span>'
        assert text_span("Somjai <b>") == "Somjai &lt;b&gt;"
    with translation.override("th"):
        assert text_lang("ถนนพัง") == ""
        assert text_span("สมใจ") == "สมใจ"
