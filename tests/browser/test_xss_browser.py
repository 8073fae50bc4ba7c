"""Script injection through the real forms, checked in Chromium.

A corpus of XSS payloads is sent as comments, a reply, a proposal's title and
body and an official answer, each through its form. The pages that show them
are then opened in contexts that ignore the Content-Security-Policy
(``bypass_csp``): the strict CSP would block inline script anyway, so this
tests the sanitizer and the templates on their own. Each payload sets
``window.__xss`` and opens a dialog if it ever runs. The pages must show no
dialog, no flag, no script/iframe/object, no ``on*`` attribute and no link or
form to a ``javascript:`` URL, only the allowed tags inside user content, and the
Thai text exactly as it was typed. The contexts that post keep the CSP and must
log no error (a CSP refusal would mean an inline script reached the page).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from participation.thai import normalize_text
from tests.browser.conftest import THAI, in_thread, log_in, make_verified_user
from tests.browser.test_proposals_flow import (
    make_official,
    make_places,
    pin_content_type_ids,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pinned_content_types():
    pin_content_type_ids()


# Thai with tone marks over upper and lower vowels, SARA AM, THANTHAKHAT,
# PAIYANNOI, MAIYAMOK and Thai digits, already in Unicode's canonical order.
THAI_TEXT = (
    "ผู้ใหญ่บ้านแจ้งว่าน้ำประปาไม่ไหลมา ๓ วันแล้ว ที่หมู่ ๗ ตำบลบ้านใหม่ "
    "ศาลเจ้าศักดิ์สิทธิ์ริมกิ่งไม้ ปู่กับย่าเกื้อกูลญาติ กั๊กป๋า ฤๅษี ฯลฯ ๆ"
)

PAYLOADS = [
    '<script>window.__xss = "script"; alert("script")</script>',
    "<img src=x onerror=\"window.__xss='img'; alert('img')\">",
    "<svg onload=\"window.__xss='svg'; alert('svg')\"><circle r=5></circle></svg>",
    '<svg><script>window.__xss = "svg-script"</script></svg>',
    "<a href=\"javascript:window.__xss='link'; alert('link')\">กดที่นี่เพื่อดูภาพ</a>",
    '<a href="JaVaScRiPt&colon;window.__xss=1">ลิงก์ตัวพิมพ์ปน</a>',
    '<a href="&#106;avascript:window.__xss=1">ลิงก์เข้ารหัส</a>',
    '<a href=" java\tscript:window.__xss=1">ลิงก์มีแท็บ</a>',
    "<iframe src=\"javascript:parent.__xss='iframe'\"></iframe>",
    '<iframe srcdoc="&lt;script&gt;parent.__xss=1&lt;/script&gt;"></iframe>',
    '"><script>window.__xss = "attribute"</script>\'><img src=x onerror=alert(1)>',
    '</textarea><script>window.__xss = "textarea"</script>',
    '&lt;/textarea&gt;&lt;script&gt;window.__xss = "edit"&lt;/script&gt;',
    '<scr<script>ipt>window.__xss = "nested"</scr</script>ipt>',
    "<details open ontoggle=\"window.__xss='details'\">รายละเอียด</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
    '<form action="javascript:window.__xss=1"><button>ส่ง</button></form>',
    '<object data="javascript:window.__xss=1"></object>'
    '<embed src="javascript:window.__xss=1">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<style>body { background: url("javascript:window.__xss=1") }</style>',
    '<!--<img src="--><img src=x onerror=window.__xss=1//">',
    '<a href="https://www.example.go.th/" onclick="window.__xss=1" '
    'style="color:red">เว็บไซต์เทศบาล</a>',
    '<p onmouseover="window.__xss=1">ข้อความ</p>'
    "<input autofocus onfocus=\"window.__xss='focus'\">",
    '&lt;img src=x onerror="window.__xss=1"&gt; <b>ไม่ปิด <i>เอียง <a href="jav'
    'ascript:window.__xss=1">x <img src=x onerror=window.__xss=1 <p>ย่อหน้า',
]
SCHEMES = {"http", "https", "mailto"}
# Four payloads to a comment, each after its number: ``[7] <a href=...>``.
COMMENT_GROUPS = [
    list(enumerate(PAYLOADS, start=1))[start : start + 4]
    for start in range(0, len(PAYLOADS), 4)
]


def comment_text(number: int, group: list[tuple[int, str]]) -> str:
    """A comment as typed: Thai text, then its payloads one to a paragraph."""
    return "\n\n".join(
        [f"{THAI_TEXT} ({number})"]
        + [f"[{index}] {payload}" for index, payload in group]
    )


# Only these tags may be left inside what a person wrote (participation.sanitize).
USER_HTML = ["p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a"]
# Typed as text, it comes back in the edit form as text, inside the textarea.
EDIT_BREAKOUT = '</textarea><script>window.__xss = "edit"</script>'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def unsafe_markup(stored: str) -> list[str]:
    """What in a stored body is not an allowed tag with its allowed attributes."""
    parser = _Tags()
    parser.feed(stored)
    parser.close()
    problems = []
    for tag, attrs in parser.found:
        if tag not in USER_HTML:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if (tag, name) not in {("a", "href"), ("a", "rel")}:
                problems.append(f"<{tag} {name}>")
            elif name == "href" and urlsplit(value).scheme not in SCHEMES:
                problems.append(f"<a href={value!r}>")
    return problems


INERT = """([containers]) => {
  const problems = [];
  const show = (el) => el.outerHTML.slice(0, 160);
  for (const [selector, allowed] of containers) {
    const roots = document.querySelectorAll(selector);
    if (roots.length === 0) { problems.push(`nothing matches ${selector}`); }
    for (const root of roots) {
      for (const el of root.querySelectorAll("*")) {
        if (!allowed.includes(el.localName)) {
          problems.push(`<${el.localName}> in ${selector}: ${show(el)}`);
        }
      }
    }
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) {
        problems.push(`${attr.name} attribute: ${show(el)}`);
      }
    }
    for (const name of ["href", "src", "action", "formaction", "data", "xlink:href"]) {
      const value = el.getAttribute(name);
      if (value === null) { continue; }
      let protocol = "";
      try { protocol = new URL(value, document.baseURI).protocol; } catch (e) {}
      if (!["http:", "https:", "mailto:"].includes(protocol)) {
        problems.push(`${name}="${value}": ${show(el)}`);
      }
    }
  }
  for (const script of document.scripts) {
    const url = script.src ? new URL(script.src) : null;
    const own = url && url.origin === location.origin
      && url.pathname.startsWith("/static/");
    if (!own) {
      problems.push(`script: ${show(script)}`);
    }
  }
  const foreign = "iframe, frame, frameset, object, embed, base, meta[http-equiv]";
  for (const el of document.querySelectorAll(foreign)) {
    problems.push(`element: ${show(el)}`);
  }
  return problems;
}"""


def settle(page) -> None:
    """Let anything a payload could have scheduled (error events of images that
    fail to load, autofocus, timers) happen."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => setTimeout(done, 150))")


def watch(page) -> list[str]:
    """Record (and dismiss) every dialog ``page`` opens."""
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


def assert_inert(page, dialogs: list[str], containers: list[tuple[str, list]]):
    """Nothing ran on ``page`` and nothing that could run is in it."""
    settle(page)
    assert dialogs == [], f"{page.url}: dialogs {dialogs}"
    assert page.evaluate("window.__xss") is None, page.url
    problems = page.evaluate(INERT, [containers])
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def viewer(new_context, user=None):
    """A page that would run injected script (CSP ignored), and its dialogs."""
    context = new_context(bypass_csp=True)
    if user is not None:
        log_in(context, user)
    page = context.new_page()
    return page, watch(page)


def test_comments_and_replies_cannot_run_script(new_context, organisation):
    from proposals.services import proposal_submit

    # The page must show it unchanged: it is NFC with SARA AM, as stored.
    assert normalize_text(THAI_TEXT) == THAI_TEXT
    author = make_verified_user("author@example.com", display_name="สมใจ")
    commenter = make_verified_user("commenter@example.com", display_name="มานี")
    reader = make_verified_user("reader@example.com", display_name="ชูใจ")
    idea = in_thread(
        proposal_submit,
        author=author,
        organisation=organisation,
        kind="idea",
        title="ขอให้ติดตั้งก๊อกน้ำดื่มสาธารณะที่ตลาดเก่า",
        body="ผู้ค้าและผู้ซื้อไม่มีน้ำดื่มสะอาดในช่วงบ่าย",
    )
    url = f"/th/proposals/{idea.tracking_number}/"

    posting = new_context()
    log_in(posting, commenter)
    page = posting.new_page()
    dialogs = watch(page)
    page.goto(url)
    stances = ["เห็นด้วย", "เป็นกลาง", "ไม่เห็นด้วย", "ไม่ระบุ"]
    for number, group in enumerate(COMMENT_GROUPS, start=1):
        form = page.locator("#comment-form")
        form.locator("#comment-body").fill(comment_text(number, group))
        stance = stances[number % len(stances)]
        if stance != "ไม่ระบุ":
            form.get_by_role("radio", name=stance, exact=True).check()
        form.locator("button[type='submit']").click()
        expect(page.locator(".messages")).to_have_text("เผยแพร่ความคิดเห็นของท่านแล้ว")

    # A reply with a payload, through the reply form under the first comment.
    first = page.locator(".comment-list > article.comment").first
    first.locator("details summary", has_text="ตอบกลับ").click()
    reply = first.locator("form[action$='/comments/']")
    reply.locator("textarea[name='body']").fill(
        f"{THAI_TEXT} (ตอบกลับ)\n\n{PAYLOADS[1]}{PAYLOADS[4]}"
    )
    reply.locator("button[type='submit']").click()
    expect(page.locator(".messages")).to_have_text("เผยแพร่คำตอบของท่านแล้ว")

    # A comment that is nothing but markup is refused; the form shows it again
    # as text to correct.
    only_markup = PAYLOADS[1] + PAYLOADS[2]
    page.locator("#comment-body").fill(only_markup)
    page.locator("#comment-form button[type='submit']").click()
    expect(page.locator("main .form-errors")).to_have_text("กรุณาเขียนความคิดเห็นก่อน")
    expect(page.locator("textarea[name='body']")).to_have_value(only_markup)
    assert_inert(page, dialogs, [])
    assert posting.errors == [], posting.errors

    bodies = [(".comment-body", USER_HTML)]
    people = {"visitor": None, "author of the comments": commenter, "reader": reader}
    for who, user in people.items():
        page, dialogs = viewer(new_context, user)
        page.goto(url)
        comments = page.locator("article.comment")
        expect(comments).to_have_count(len(COMMENT_GROUPS) + 1)
        for number, group in enumerate(COMMENT_GROUPS, start=1):
            body = page.locator(".comment-list > article.comment").nth(number - 1)
            text = body.locator(":scope > .comment-body")
            expect(text).to_contain_text(f"{THAI_TEXT} ({number})")
            for index, _payload in group:
                expect(text).to_contain_text(f"[{index}]")
        expect(page.locator("article.comment.reply .comment-body")).to_contain_text(
            f"{THAI_TEXT} (ตอบกลับ)"
        )
        if user is commenter:  # their own comments come with edit forms
            expect(page.locator("textarea[id^='edit-body-']")).to_have_count(
                len(COMMENT_GROUPS) + 1
            )
            typed = page.locator("textarea[id^='edit-body-']").evaluate_all(
                "areas => areas.map((area) => area.value)"
            )
            assert any(EDIT_BREAKOUT in text for text in typed), typed
        assert_inert(page, dialogs, bodies)
        print(f"{who}: {len(COMMENT_GROUPS) + 1} comments shown as text")

    # Excerpts of the comments reach the followers' notifications as text.
    from participation.models import Comment, Notification

    if Notification.objects.filter(recipient=author).exists():
        page, dialogs = viewer(new_context, author)
        page.goto("/th/notifications/")
        expect(page.locator(".notification-list li").first).to_contain_text(THAI)
        assert_inert(page, dialogs, [(".notification-list li", ["a", "span", "time"])])

    # The bodies as stored: what the sanitizer kept.

    for comment in Comment.objects.all():
        assert not unsafe_markup(comment.body_html), comment.body_html


XSS_TITLE = (
    '<script>window.__xss = "title"</script>ไฟส่องสว่างดับ "ซอย ๕" & ทางเท้าพัง '
    "<img src=x onerror=\"window.__xss='title'\"> &lt;svg onload=window.__xss=1&gt;"
)
TITLE_TEXT = 'ไฟส่องสว่างดับ "ซอย ๕" & ทางเท้าพัง'
XSS_ANSWER = (
    "พิจารณาแล้ว <script>window.__xss = 'answer'</script> "
    "<img src=x onerror=\"window.__xss='answer'\"> "
    '<a href="javascript:window.__xss=1">ดูเอกสาร</a>\n\n' + THAI_TEXT
)


def test_a_proposal_title_body_and_answer_cannot_run_script(new_context, organisation):
    places = make_places(organisation)
    author = make_verified_user("author@example.com", display_name="สมใจ")
    official = make_official("official@example.com", organisation)
    body = "\n\n".join(
        [THAI_TEXT]
        + [f"({number}) {payload}" for number, payload in enumerate(PAYLOADS, 1)]
    )

    posting = new_context()
    log_in(posting, author)
    page = posting.new_page()
    dialogs = watch(page)
    page.goto("/th/proposals/new/")
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name='title']").fill(XSS_TITLE)
    form.locator("select[name='area']").select_option(label="ชุมชนซอยร่วมใจ 5")
    # Markup alone is no proposal: the form comes back with the text as typed.
    form.locator("textarea[name='body']").fill(PAYLOADS[1] + PAYLOADS[2])
    form.locator("button[type='submit'].primary").click()
    expect(page.locator("main .form-errors")).to_have_text("กรุณาเขียนหัวข้อและรายละเอียด")
    expect(form.locator("input[name='title']")).to_have_value(XSS_TITLE)
    expect(form.locator("textarea[name='body']")).to_have_value(
        PAYLOADS[1] + PAYLOADS[2]
    )
    assert_inert(page, dialogs, [])
    form.locator("textarea[name='body']").fill(body)
    form.locator("button[type='submit'].primary").click()
    expect(page).to_have_url(re.compile(r"/th/proposals/RK-\d{4}-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert posting.errors == [], posting.errors

    # The official answers with a payload of their own.
    answering = new_context()
    log_in(answering, official)
    official_page = answering.new_page()
    official_dialogs = watch(official_page)
    official_page.goto(f"/th/proposals/{number}/")
    status_form = official_page.locator("form[action$='/status/']")
    status_form.locator("select[name='to_status']").select_option("under_review")
    status_form.locator("textarea[name='answer']").fill(XSS_ANSWER)
    status_form.locator("button[type='submit']").click()
    expect(official_page.locator(".timeline .answer")).to_contain_text(THAI_TEXT)
    assert_inert(official_page, official_dialogs, [(".timeline .answer", ["p", "br"])])
    assert answering.errors == [], answering.errors

    title_only = [("article.proposal > h1", [])]
    detail = title_only + [
        ("article.proposal > .body", USER_HTML),
        (".timeline .answer", ["p", "br"]),
    ]
    page, dialogs = viewer(new_context)
    page.goto(f"/th/proposals/{number}/")
    expect(page.locator("article.proposal > h1")).to_contain_text(TITLE_TEXT)
    proposal_body = page.locator("article.proposal > .body")
    expect(proposal_body).to_contain_text(THAI_TEXT)
    for number_in_body in range(1, len(PAYLOADS) + 1):
        expect(proposal_body).to_contain_text(f"({number_in_body})")
    answer = page.locator(".timeline .answer")
    expect(answer.locator("p").last).to_have_text(THAI_TEXT)
    expect(answer).to_contain_text("พิจารณาแล้ว")
    expect(page).to_have_title(re.compile(re.escape(TITLE_TEXT)))
    assert_inert(page, dialogs, detail)
    from proposals.models import Proposal

    stored = Proposal.objects.get(tracking_number=number)
    assert not unsafe_markup(stored.body_html), stored.body_html

    # Everywhere else the title (and the answer) appear.
    page.goto("/th/proposals/?q=" + "ทางเท้าพัง")
    expect(page.locator(".proposal-list > li")).to_have_count(1)
    expect(page.locator(".proposal-list h2")).to_contain_text(TITLE_TEXT)
    assert_inert(page, dialogs, [(".proposal-list h2", ["a"])])
    page.goto(f"/th/proposals/?q=ซอย ๕&area={places['soi5'].pk}")
    expect(page.locator(".proposal-list > li")).to_have_count(1)
    assert_inert(page, dialogs, [(".proposal-list h2", ["a"])])

    page, dialogs = viewer(new_context, official)
    page.goto("/th/proposals/desk/")
    expect(page.locator("tbody tr", has_text=number)).to_contain_text(TITLE_TEXT)
    assert_inert(page, dialogs, [("tbody th", ["a", "br", "span"])])
    page.goto(f"/th/proposals/{number}/receipt/")
    expect(page.locator(".receipt")).to_contain_text(TITLE_TEXT)
    assert_inert(page, dialogs, [(".receipt dd", ["span"])])

    page, dialogs = viewer(new_context, author)
    page.goto("/th/notifications/")
    notice = page.locator(".notification-list li")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(TITLE_TEXT)
    expect(notice).to_contain_text(THAI_TEXT)
    assert_inert(page, dialogs, [(".notification-list li", ["a", "span", "time"])])
