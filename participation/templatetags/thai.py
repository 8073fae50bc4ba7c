"""Template filters for Thai dates, time ranges, money and bilingual fields
(builtins)."""

from django import template
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from participation import thai

register = template.Library()


@register.filter
def thai_date(value, with_time: str = ""):
    """``{{ when|thai_date }}`` or ``{{ when|thai_date:"time" }}``, per language."""
    if not value:
        return ""
    return thai.format_date(
        value, translation.get_language() or "th", with_time=bool(with_time)
    )


def _machine_time(value) -> str:
    """The ``datetime`` attribute of a ``<time>``: local ISO 8601 to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


@register.filter
def time_range(start, end):
    """``{{ session.starts_at|time_range:session.ends_at }}``: a start and an end
    as two ``<time>`` elements, per language.

    One day: ``29 พฤศจิกายน 2569 เวลา 09:00 น. – 12:00 น.`` (``29 November 2026,
    09:00–12:00``). Past midnight both dates are named: ``29 พฤศจิกายน 2569 เวลา
    21:02 น. ถึง 30 พฤศจิกายน 2569 เวลา 00:32 น.`` (``29 November 2026, 21:02 –
    30 November 2026, 00:32``). Without an end, only the start.
    """
    if not start:
        return ""
    language = translation.get_language() or "th"
    if not end:
        return format_html(
            '<time datetime="{}">{}</time>',
            _machine_time(start),
            thai.format_date(start, language, with_time=True),
        )
    start_text, joiner, end_text = thai.time_range_parts(start, end, language)
    return format_html(
        '<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>',
        _machine_time(start),
        start_text,
        joiner,
        _machine_time(end),
        end_text,
    )


@register.filter
def money(value, currency: str = "THB"):
    """Money in running text: ``1,234,567 บาท`` (Thai) or ``฿1,234,567``."""
    if value is None or value == "":
        return ""
    return thai.format_money(value, currency, translation.get_language() or "th")


@register.filter
def money_table(value, currency: str = "THB"):
    """Money in a table cell: ``฿1,234,567`` (``EUR 1,234``)."""
    if value is None or value == "":
        return ""
    return thai.format_money(
        value, currency, translation.get_language() or "th", table=True
    )


@register.filter
def fiscal_year(year_be):
    """A Thai fiscal year stored in B.E.: as is in Thai, in C.E. in English.

    Thai fiscal year 2570 runs 1 October 2026 to 30 September 2027, so in
    English it is "2027".
    """
    if not year_be:
        return ""
    if (translation.get_language() or "th") == "th":
        return str(year_be)
    return str(int(year_be) - thai.BUDDHIST_ERA_OFFSET)


@register.filter
def tr(obj, field: str):
    """A bilingual field in the active language: ``{{ budget|tr:"name" }}``."""
    return obj.tr(field) if obj is not None else ""


@register.filter
def lang_attr(obj, field: str = "name"):
    """`` lang="th"`` when ``obj|tr:field`` falls back to Thai on a non-Thai page.

    Screen readers then read the Thai text with a Thai voice (WCAG 3.1.2):
    ``<span{{ project|lang_attr:"name" }}>{{ project|tr:"name" }}</span>``.
    """
    if obj is None or not hasattr(obj, "tr_language"):
        return ""
    language = obj.tr_language(field)
    if language != (translation.get_language() or "th"):
        return mark_safe(f' lang="{language}"')  # noqa: S308 - a fixed code
    return ""


def _written_in_thai(text) -> bool:
    """Whether ``text`` holds Thai script (U+0E01–U+0E5B) on a non-Thai page."""
    if (translation.get_language() or "th").startswith("th"):
        return False
    return any("\u0e01" <= char <= "\u0e5b" for char in str(text or ""))


@register.filter
def text_lang(text):
    """`` lang="th"`` for an element holding people's own text in Thai script
    on a page in another language (WCAG 2.1 SC 3.1.2, language of parts).

    What people write (titles, bodies, comments, names) has no language
    field, but Thai script is Thai: ``<h1{{ proposal.title|text_lang }}>``.
    """
    return mark_safe(' lang="th"') if _written_in_thai(text) else ""  # noqa: S308


@register.filter
def text_span(text):
    """People's text as ``<span lang="th">…</span>`` when ``text_lang`` applies,
    for text inside a translated sentence ("By {{ name }}"); escaped either way."""
    if _written_in_thai(text):
        return format_html('<span lang="th">{}</span>', text)
    return conditional_escape(text)


@register.filter
def tr_html(obj, field: str = "name"):
    """``obj|tr:field`` wrapped in a span with its ``lang`` when that differs."""
    if obj is None:
        return ""
    attr = lang_attr(obj, field)
    if not attr:
        return obj.tr(field)
    return format_html("<span{}>{}</span>", attr, obj.tr(field))


@register.filter
def number(value):
    """An integer with thousands separators (``12,345``)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def percent_of(part, whole):
    """``part`` as a whole-number percentage of ``whole`` (0 when ``whole`` is 0)."""
    try:
        return round(100 * float(part) / float(whole)) if float(whole) else 0
    except (TypeError, ValueError):
        return 0
