"""User HTML is cleaned to a small allow-list; Thai text survives unchanged.

Assertions are on the sanitizer's output itself (not only on the CSP): no
script, no event handler, no dangerous URL, only allowed tags and attributes.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.sanitize import (
    ALLOWED_TAGS,
    clean_html,
    editable_text,
    plain_text,
    visible_text,
)

REPO = Path(__file__).resolve().parents[2]

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "hello <SCRIPT SRC=https://evil.example/x.js></SCRIPT> world",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)//<</script>/script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<IMG SRC="javascript:alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="jav\tascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;'
    ':alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="https://ok.example" onclick="alert(1)" onmouseover="alert(2)">ok</a>',
    "<svg onload=alert(1)><circle r=10 /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    "<style>body { display: none }</style>text",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onmouseover="alert(1)">hover</div>',
    '<body onload="alert(1)">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '"><script>alert(1)</script>',
    "'\"><img src=x onerror=alert(1)>",
    '<a href="https://ok.example" title="a "quoted" title" onclick=alert(1)>q</a>',
    "<p>unclosed <strong>bold <em>both",
    "</p></strong>stray closers</em>",
    "<a href='https://ok.example'>unclosed link",
    "<!-- <script>alert(1)</script> -->after comment",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<textarea></textarea><img src=x onerror="alert(1)">',
    '<details open ontoggle="alert(1)">x</details>',
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example" target="_blank" rel="opener">new tab</a>',
]

DANGEROUS = [
    "<script",
    "</script",
    "javascript:",
    "vbscript:",
    "data:",
    "<svg",
    "<math",
    "<iframe",
    "<object",
    "<embed",
    "<style",
    "<img",
    "<form",
    "<input",
    "<meta",
    "<base",
    "<link",
    "<details",
    "<template",
    "style=",
    "srcdoc",
    "target=",
]


class _Structure(HTMLParser):
    """Collects every tag and attribute of a piece of HTML, as a browser reads it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_safe(output: str, *, in_text_too: bool = True) -> None:
    """Only allowed tags and attributes; links only to http, https and mailto.

    ``in_text_too``: the dangerous words may not appear anywhere, even as text
    (true for the corpus; random input may say "javascript:" in a sentence or
    link to ``https://example.com/javascript:``).
    """
    if in_text_too:
        lowered = output.lower()
        for fragment in DANGEROUS:
            assert fragment not in lowered, (fragment, output)
    assert "<" not in re.sub(r"<[^<>]*>", "", output), output
    parser = _Structure()
    parser.feed(output)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, output)
        names = {name for name, _value in attrs}
        assert not any(name.startswith("on") for name in names), output
        if tag == "a":
            assert names <= {"href", "rel"}, output
            values = dict(attrs)
            if "href" in values:
                href = values["href"].strip().lower()
                assert href.startswith(("http://", "https://", "mailto:")), output
                assert values["rel"] == "nofollow ugc", output
        else:
            assert not attrs, (tag, attrs, output)


@pytest.mark.parametrize("attack", XSS_CORPUS)
def test_attack_is_neutralised(attack):
    assert_safe(clean_html(attack))


@pytest.mark.parametrize("attack", XSS_CORPUS)
def test_cleaning_is_idempotent(attack):
    once = clean_html(attack)
    assert clean_html(once) == once


def test_text_around_stripped_tags_is_kept():
    assert clean_html("hello <script>x</script> world") == "<p>hello x world</p>"
    assert clean_html("<style>body{}</style>text") == "<p>body{}text</p>"
    assert clean_html("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"


def test_nothing_but_markup_is_empty():
    for attack in ['<img src=x onerror="alert(1)">', "<svg onload=alert(1)>", ""]:
        assert clean_html(attack) == ""
        assert visible_text(clean_html(attack)) == ""


def test_allowed_markup_is_kept():
    html = (
        "<p><strong>สำคัญ</strong> and <em>note</em><br>next</p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quoted</blockquote>"
    )
    assert clean_html(html) == html


def test_links_are_marked_nofollow_ugc_and_bare_urls_linked():
    assert clean_html('<a href="https://ruamkid.example/th/">ดู</a>') == (
        '<p><a href="https://ruamkid.example/th/" rel="nofollow ugc">ดู</a></p>'
    )
    assert clean_html("ดูที่ https://example.com/a?b=1&c=2 ครับ") == (
        '<p>ดูที่ <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.com/a?b=1&amp;c=2</a> ครับ</p>"
    )
    assert clean_html('<a href="mailto:kong@example.go.th">mail</a>') == (
        '<p><a href="mailto:kong@example.go.th" rel="nofollow ugc">mail</a></p>'
    )


def test_relative_and_scheme_less_links_lose_the_tag_not_the_text():
    assert clean_html('<a href="//evil.example/">x</a>') == "<p>x</p>"
    assert clean_html('<a href="/th/admin/">y</a>') == "<p>y</p>"


def test_thai_text_survives_unchanged():
    thai = "น้ำท่วมถนน ที่ซอย ๕"
    assert clean_html(thai) == f"<p>{thai}</p>"
    assert plain_text(thai) == thai
    # Tone marks, above and below vowels, and Thai punctuation are untouched.
    marks = "ผู้ใหญ่บ้านแจ้งว่า ฯลฯ ๆ กรุงเทพฯ ปั๊ม ฤๅษี ภูมิใจ ๑๒๓"
    assert clean_html(marks) == f"<p>{marks}</p>"


def test_sara_am_typed_as_nikhahit_and_sara_aa_is_folded():
    typed = "น\u0e49\u0e4d\u0e32ท่วม"  # น + ้ + ํ + า: looks like น้ำ
    assert clean_html(typed) == "<p>น\u0e49\u0e33ท่วม</p>"
    assert plain_text(typed) == "น\u0e49\u0e33ท่วม"


def test_paragraphs_and_line_breaks_of_plain_text():
    assert clean_html("บรรทัดแรก\r\nบรรทัดสอง\n\n\nย่อหน้าใหม่") == (
        "<p>บรรทัดแรก<br>บรรทัดสอง</p><p>ย่อหน้าใหม่</p>"
    )


def test_editable_text_round_trips():
    for typed in [
        "บรรทัดแรก\nบรรทัดสอง\n\nย่อหน้าใหม่ https://example.com/x",
        "a < b & <strong>c</strong>",
        "go www.example.com now",
        "<ul><li>one</li></ul>",
    ]:
        cleaned = clean_html(typed)
        assert clean_html(editable_text(cleaned)) == cleaned
    assert editable_text(clean_html("ไป https://example.com เลย")) == (
        "ไป https://example.com เลย"
    )


def test_plain_text_strips_markup_and_control_characters():
    assert plain_text("<b>spam</b> & <script>x</script>\x00 ลิงก์") == "spam & x ลิงก์"
    assert plain_text("  a < b  ") == "a < b"


def test_only_the_sanitize_module_imports_bleach():
    importers = []
    for folder in ["participation", "proposals", "budgets", "voting", "consultations"]:
        for path in (REPO / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "import bleach" in source or "from bleach" in source:
                importers.append(str(path.relative_to(REPO)))
    assert importers == ["participation/sanitize.py"]


FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        "<a href=",
        '"',
        "'",
        "javascript:",
        "&#x09;",
        "&#106;",
        " onerror=",
        "<script>",
        "</",
        "<svg",
        "<p>",
        "<strong>",
        "https://x.example",
        "\n",
        "น้ำ",
        "\u0e4d\u0e32",
        "=",
        "/",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=20))
def test_any_mix_of_fragments_comes_out_safe(parts):
    output = clean_html("".join(parts))
    assert_safe(output, in_text_too=False)
    assert_safe(clean_html(output), in_text_too=False)
