"""Thai text, dates and money: the formatting rules of GLOSSARY.md.

- Dates: Buddhist Era in Thai (``29 พฤศจิกายน 2569``), CE in English; a time
  range past midnight names both dates.
- Money: ``1,234,567 บาท`` in Thai sentences, ``฿1,234,567`` in tables and English;
  other currencies by their ISO code.
- Input: Thai digits (๐-๙) are accepted wherever digits are.
- Text: NFC, and SARA AM written as NIKHAHIT + SARA AA folded to SARA AM.
"""

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

BUDDHIST_ERA_OFFSET = 543
THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits (๐-๙) by Arabic ones; other characters are kept."""
    return text.translate(THAI_DIGITS)


#: NIKHAHIT, an optional tone mark, SARA AA: how SARA AM (ำ) is often typed.
_SARA_AM_SPLIT = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def normalize_text(text: str) -> str:
    """NFC-normalise Thai text and fold NIKHAHIT + SARA AA (ํา) into SARA AM (ำ).

    A tone mark typed between them (``น + ํ + ้ + า``) moves before SARA AM
    (``น + ้ + ำ``), the order Thai keyboards produce for น้ำ.
    """
    text = unicodedata.normalize("NFC", text)
    return _SARA_AM_SPLIT.sub("\\1\u0e33", text)


def format_date(
    value: date | datetime, language: str, *, with_time: bool = False
) -> str:
    """``29 พฤศจิกายน 2569`` (Thai, B.E.) or ``29 November 2026`` (English).

    Aware datetimes are shown in the current time zone (Asia/Bangkok); with
    ``with_time`` the time follows (``14:30 น.`` in Thai, ``14:30`` in English).
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        moment = value
        value = value.date()
    else:
        moment = None
    if language == "th":
        year = value.year + BUDDHIST_ERA_OFFSET
        text = f"{value.day} {THAI_MONTHS[value.month - 1]} {year}"
        if with_time and moment is not None:
            text += f" เวลา {moment:%H:%M} น."
        return text
    text = f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
    if with_time and moment is not None:
        text += f", {moment:%H:%M}"
    return text


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def time_range_parts(
    start: datetime, end: datetime, language: str
) -> tuple[str, str, str]:
    """A time range as (start, joiner, end) texts; ``format_time_range`` joins them.

    On one local day the end is only its time: ``29 พฤศจิกายน 2569 เวลา 09:00 น.``,
    `` – ``, ``12:00 น.`` (English ``29 November 2026, 09:00``, ``–``, ``12:00``).
    Past midnight the end is a full date and time, after `` ถึง `` in Thai and
    `` – `` in English.
    """
    start_text = format_date(start, language, with_time=True)
    if _local(start).date() == _local(end).date():
        if language == "th":
            return start_text, " – ", f"{_local(end):%H:%M} น."
        return start_text, "–", f"{_local(end):%H:%M}"
    end_text = format_date(end, language, with_time=True)
    return start_text, " ถึง " if language == "th" else " – ", end_text


def format_time_range(start: datetime, end: datetime, language: str) -> str:
    """``29 พฤศจิกายน 2569 เวลา 21:00 น. ถึง 30 พฤศจิกายน 2569 เวลา 00:30 น.``,
    or the short form on one day (see ``time_range_parts``)."""
    return "".join(time_range_parts(start, end, language))


def _amount(value) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(value, currency: str, language: str, *, table: bool = False) -> str:
    """Money as GLOSSARY.md says: ``1,234,567 บาท`` in Thai text, else ``฿1,234,567``.

    Other currencies: ``1,234,567 EUR`` in Thai text, ``EUR 1,234,567`` otherwise.
    """
    amount = _amount(value)
    if not currency:
        return amount
    if currency == "THB":
        if language == "th" and not table:
            return f"{amount} บาท"
        return f"฿{amount}"
    if language == "th" and not table:
        return f"{amount} {currency}"
    return f"{currency} {amount}"
