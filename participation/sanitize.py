"""User-written HTML and plain text, made safe: the one module that imports bleach.

Comments (and any other citizen text shown as HTML) go through ``clean_html``;
short plain fields (flag and moderation reasons, titles) through ``plain_text``.
Both first normalise Thai text (``participation.thai.normalize_text``: NFC, and
NIKHAHIT + SARA AA folded into SARA AM), so what is stored is what is searched.

Bleach's maintainers deprecated it in January 2023 (security fixes only). This
module is the single place that knows about it: to move to nh3 (the likely
successor, Rust's ammonia), reimplement ``clean_html`` and ``plain_text`` here
and keep the tests in ``tests/participation/test_sanitize.py`` passing. The
strict Content-Security-Policy (no inline script) is the second wall.
"""

import html
import re
from functools import partial
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter

from participation.thai import normalize_text

#: The tags a comment may use; everything else is stripped (its text is kept).
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a"}
)
#: Only links keep an attribute, and only ``href``; ``rel`` is set by us.
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
#: What every link in user content says to search engines and browsers.
LINK_REL = "nofollow ugc"

_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|br|ul|ol|li|blockquote)\b", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")
_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|<br>)*</p>")


def _set_rel(attrs: dict, new: bool = False) -> dict | None:
    """Linkify callback: links get ``rel="nofollow ugc"``; other links lose the <a>.

    The sanitizer already removed dangerous URLs; this also drops relative and
    scheme-less ones, so every remaining link says where it goes. Returning
    None makes bleach keep the link's text without the tag.
    """
    href = attrs.get((None, "href"), "")
    if urlsplit(href).scheme.lower() not in ALLOWED_PROTOCOLS:
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    # Filters run after sanitising, so the rel they add is ours, not the user's.
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], parse_email=False)],
)
_TEXT_CLEANER = bleach.Cleaner(tags=set(), attributes={}, strip=True)


def _paragraphs(text: str) -> str:
    """Text typed in a textarea as HTML paragraphs (blank line = new paragraph).

    Called on cleaned HTML without block tags; ``clean_html`` cleans the result
    again, so a line break that fell inside a tag cannot open a hole.
    """
    blocks = [block.strip() for block in _BLANK_LINE.split(text) if block.strip()]
    return "".join(
        "<p>" + "<br>".join(line.strip() for line in block.split("\n")) + "</p>"
        for block in blocks
    )


def clean_html(text: str) -> str:
    """Safe HTML from user input: Thai normalised, a small allow-list, links marked.

    Allowed: ``p br strong em ul ol li blockquote`` and ``a href`` with an
    http, https or mailto URL (checked after decoding entities, whitespace and
    case). Everything else is stripped, keeping its text. Bare URLs become links;
    every link gets ``rel="nofollow ugc"``. Plain text keeps its paragraphs and
    line breaks. Idempotent: cleaning the output again changes nothing.
    """
    text = _CONTROL.sub("", normalize_text(text or "").replace("\r\n", "\n"))
    cleaned = _EMPTY_PARAGRAPH.sub("", _CLEANER.clean(text.strip()))
    if not _BLOCK_TAG.search(cleaned):
        # Paragraphs are added to safe HTML, then the result is cleaned again.
        cleaned = _CLEANER.clean(_paragraphs(cleaned))
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def plain_text(text: str) -> str:
    """Plain text for short fields: Thai normalised, tags and control chars gone.

    The result is text, not HTML: templates escape it when they show it.
    """
    text = _CONTROL.sub("", normalize_text(text or "").replace("\r\n", "\n"))
    return html.unescape(_TEXT_CLEANER.clean(text)).strip()


def visible_text(body_html: str) -> str:
    """The text a reader sees in cleaned HTML (for emptiness checks and excerpts)."""
    return " ".join(html.unescape(_TAG.sub(" ", body_html)).split())


_OWN_LINK = re.compile(r'<a href="([^"<>]+)" rel="nofollow ugc">([^<]*)</a>')


def editable_text(body_html: str) -> str:
    """Cleaned HTML back to what its author typed, for the edit form.

    Reverses what ``clean_html`` added (paragraphs, line breaks, links made from
    bare URLs) and keeps the author's own tags, so cleaning the result again
    gives the same HTML.
    """

    def unlink(match: re.Match) -> str:
        href, label = match.group(1), match.group(2)
        if html.unescape(href) in {html.unescape(label), "http://" + label}:
            return label
        return match.group(0)

    text = _OWN_LINK.sub(unlink, body_html).replace(f' rel="{LINK_REL}"', "")
    if "<ul>" not in text and "<ol>" not in text and "<blockquote>" not in text:
        text = re.sub(r"</p>\s*<p>", "\n\n", text)
        text = re.sub(r"^<p>|</p>$", "", text)
        text = text.replace("<br>", "\n")
    return html.unescape(text)
