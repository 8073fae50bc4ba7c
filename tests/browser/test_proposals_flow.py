"""Issue 4's "Done when", in a browser, in Thai: a resident reports a broken street
light with a photo, an official answers it twice from the desk, the resident is
told (menu, notifications page, e-mail) and sees both answers on the timeline,
and anyone finds the report with its tracking number.

Every write of the story goes through the server's forms (HTTP). The other
proposal browser tests import the helpers below (content-type ids, people, a
Thai scene of proposals with comments and answers).
"""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import ExifTags, Image
from playwright.sync_api import expect

from participation.models import Area, RoleGrant
from participation.services import role_grant
from participation.thai import BUDDHIST_ERA_OFFSET
from proposals.models import Category, Proposal
from tests.browser.conftest import (
    THAI,
    in_thread,
    log_in,
    mail_text,
    make_verified_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


# --- Content types the server can trust ------------------------------------------


def pin_content_type_ids() -> None:
    """Give every content type the same id in every test of these modules.

    Comments, follows and notifications name their target by content type, and
    the daphne child caches each content type (``ContentType.objects``) the first
    time it needs it, for the whole run. After each transactional test the flush
    re-creates the content types with new ids, so from the second test on the
    child would write comments and follows under ids that no longer exist (and
    read none back). ``serialized_rollback=True``, which the conftest suggests,
    cannot follow a non-serialized transactional test: it re-inserts the
    original rows and hits ``UNIQUE (app_label, model)``.

    So before each test the ids are set to fixed values (sorted by app and
    model, far above any id the sequences give), with every foreign key to them
    (permissions, the admin log, comments, follows, notifications) moved along.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import Case, Value, When

    pairs = ContentType.objects.values_list("app_label", "model", "pk")
    current = {(app, model): pk for app, model, pk in pairs}
    pinned = {key: 900_000 + index for index, key in enumerate(sorted(current))}
    if current == pinned:
        return
    columns = [(ContentType, "id")] + [
        (model, field.attname)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is ContentType
    ]
    moves = [
        {pk: -pk for pk in current.values()},  # out of the way first
        {-current[key]: pinned[key] for key in current},
    ]
    with transaction.atomic():  # foreign keys are checked at commit
        for move in moves:
            for model, column in columns:
                model._base_manager.filter(**{f"{column}__in": list(move)}).update(
                    **{
                        column: Case(
                            *(
                                When(**{column: old}, then=Value(new))
                                for old, new in move.items()
                            )
                        )
                    }
                )
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _pinned_content_types():
    pin_content_type_ids()


# --- People, places and photos -------------------------------------------------


def make_official(address: str, organisation, **extra):
    """A verified official of ``organisation`` who can log in."""
    user = make_verified_user(address, **extra)
    role_grant(user=user, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    return user


def make_places(organisation) -> dict:
    """The municipality's categories and areas, with Thai and English names."""
    return {
        "lights": Category.objects.create(
            organisation=organisation,
            slug="lights",
            name_th="ไฟฟ้าส่องสว่าง",
            name_en="Street lights",
        ),
        "drains": Category.objects.create(
            organisation=organisation,
            slug="drains",
            name_th="ท่อระบายน้ำและน้ำท่วมขัง",
            name_en="Drains and flooding",
        ),
        "soi5": Area.objects.create(
            code="soi-5", name_th="ชุมชนซอยร่วมใจ 5", name_en="Ruamjai Soi 5"
        ),
        "market": Area.objects.create(
            code="market", name_th="ชุมชนตลาดเก่า", name_en="Old Market"
        ),
    }


# 13°45'30" N, 100°30'15" E, as a phone writes it into the photo.
GPS_POINT = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (13.0, 45.0, 30.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (100.0, 30.0, 15.0),
}
LATITUDE, LONGITUDE = "13.758333", "100.504167"


def photo_with_gps() -> bytes:
    """A small JPEG of a dark street with a phone's EXIF: maker, model, time, GPS."""
    image = Image.new("RGB", (640, 480), (24, 28, 48))
    for x in range(300, 340):  # a lamp post
        for y in range(80, 470):
            image.putpixel((x, y), (120, 120, 120))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "RuamkidPhone"
    exif[ExifTags.Base.Model] = "Street Lamp 5"
    exif[ExifTags.Base.DateTime] = "2026:11:29 19:45:00"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS_POINT)
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def remove_photos() -> None:
    """Delete the photos of this test's proposals (the server's ``MEDIA_ROOT`` is
    the repository's ``var/media``, shared with the test process)."""
    for proposal in Proposal.objects.exclude(photo=""):
        proposal.photo.delete(save=False)


def expected_year_be(before, after) -> str:
    """The Buddhist Era years a tracking number made between ``before`` and
    ``after`` may carry (Bangkok time: the year turns at midnight there)."""
    years = {
        timezone.localtime(moment).year + BUDDHIST_ERA_OFFSET
        for moment in (before, after)
    }
    return "|".join(str(year) for year in sorted(years))


# --- The story -------------------------------------------------------------------

TITLE = "ไฟส่องสว่างดับ หน้าบ้านเลขที่ 12/3 ซอยร่วมใจ 5"
BODY = (
    "เสาไฟต้นที่สามจากปากซอยดับมาสามคืนแล้ว\n"
    "ช่วงหัวค่ำมืดมาก ผู้สูงอายุและเด็กนักเรียนเดินกลับบ้านลำบาก\n\n"
    "แนบภาพถ่ายเมื่อคืนนี้ เวลาประมาณ 19.45 น."
)
FIRST_ANSWER = (
    "กองช่างรับเรื่องแล้ว เจ้าหน้าที่จะเข้าตรวจสอบเสาไฟต้นนี้และเปลี่ยนหลอดไฟภายใน 3 วันทำการ"
)
SECOND_ANSWER = (
    "เจ้าหน้าที่เปลี่ยนหลอดไฟและตรวจสอบสายไฟเรียบร้อยแล้ว หากไฟดับอีกโปรดแจ้งด้วยเลขที่ติดตามเรื่องเดิม"
)
STATUS_TH = {
    "received": "รับเรื่อง",
    "in_progress": "กำลังดำเนินการ",
    "resolved": "ดำเนินการเสร็จสิ้น",
}


def answer(page, to_status: str, text: str) -> None:
    """On a proposal's page, the official publishes an answer with a new status."""
    form = page.locator("form[action$='/status/']")
    form.locator("select[name='to_status']").select_option(to_status)
    form.locator("textarea[name='answer']").fill(text)
    form.locator("button[type='submit']").click()
    expect(page.locator(".messages")).to_contain_text(THAI)
    expect(page.locator("article.proposal .meta .badge").first).to_have_text(
        STATUS_TH[to_status]
    )


def expect_timeline(page) -> None:
    """Received, then both answers in order, each under its Thai status."""
    steps = page.locator("ol.timeline > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text(STATUS_TH["received"])
    expect(steps.nth(1)).to_contain_text(STATUS_TH["in_progress"])
    expect(steps.nth(1).locator(".answer")).to_contain_text(FIRST_ANSWER)
    expect(steps.nth(2)).to_contain_text(STATUS_TH["resolved"])
    expect(steps.nth(2).locator(".answer")).to_contain_text(SECOND_ANSWER)


@pytest.fixture
def photos_removed():
    """The test's uploaded photos are deleted after it."""
    yield
    remove_photos()


def test_a_resident_reports_a_broken_light_and_follows_it_to_resolved(
    new_context, daphne_server, organisation, tmp_path, photos_removed
):
    make_places(organisation)
    somjai = make_verified_user("somjai@example.com", display_name="สมใจ ใจดี")
    kongchang = make_official(
        "kongchang@example.com", organisation, display_name="กองช่าง"
    )
    photo = tmp_path / "street-light.jpg"
    photo.write_bytes(photo_with_gps())
    with Image.open(photo) as original:  # the upload does carry the metadata
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    citizen_context = new_context()
    log_in(citizen_context, somjai)
    citizen = citizen_context.new_page()

    # The resident fills in the Thai form: one agency, so it is not asked.
    citizen.goto("/th/proposals/new/")
    expect(citizen.locator("html")).to_have_attribute("lang", "th")
    expect(citizen.locator("h1")).to_contain_text(THAI)
    form = citizen.locator("main form[enctype='multipart/form-data']")
    expect(form.locator("input[name='organisation']")).to_have_attribute(
        "type", "hidden"
    )
    form.get_by_role("radio", name="เรื่องแจ้งปัญหา").check()
    form.locator("input[name='title']").fill(TITLE)
    form.locator("textarea[name='body']").fill(BODY)
    form.locator("select[name='category']").select_option(label="ไฟฟ้าส่องสว่าง")
    form.locator("select[name='area']").select_option(label="ชุมชนซอยร่วมใจ 5")
    form.locator("input[name='photo']").set_input_files(photo)
    form.locator("input[name='share_location']").check()
    before = timezone.now()
    form.locator("button[type='submit'].primary").click()
    after = timezone.now()

    # ... and gets a tracking number of this Thai year.
    years = expected_year_be(before - timedelta(seconds=5), after)
    expect(citizen).to_have_url(re.compile(rf"/th/proposals/RK-({years})-\d{{6}}/$"))
    number = citizen.url.rstrip("/").rsplit("/", 1)[-1]
    expect(citizen.locator(".messages")).to_contain_text(
        f"เลขที่ติดตามเรื่องของท่านคือ {number}"
    )
    report = citizen.locator("article.proposal")
    expect(report.locator("h1")).to_have_text(TITLE)
    expect(report.locator(".meta strong")).to_have_text(number)
    expect(report.locator(".meta .badge")).to_have_text(STATUS_TH["received"])
    expect(report).to_contain_text("เรื่องแจ้งปัญหา")
    expect(report).to_contain_text("โดย สมใจ ใจดี")
    expect(report.locator(".body p")).to_have_count(2)  # the blank line kept
    expect(report.locator(".body")).to_contain_text("ผู้สูงอายุและเด็กนักเรียน")

    # The photo is shown, its place only as the caption the resident agreed to,
    # and the file served has no EXIF left (no GPS, no phone model).
    image = report.locator("figure img")
    expect(image).to_have_attribute("src", f"/th/proposals/{number}/photo.jpg")
    expect(report.locator("figcaption")).to_contain_text(LATITUDE)
    expect(report.locator("figcaption")).to_contain_text(LONGITUDE)
    image.scroll_into_view_if_needed()
    citizen.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    served = citizen.request.get(f"/th/proposals/{number}/photo.jpg")
    assert served.ok, served.status
    assert served.headers["content-type"] == "image/jpeg"
    with Image.open(BytesIO(served.body())) as cleaned:
        assert cleaned.format == "JPEG"
        assert cleaned.size == (640, 480)
        assert not cleaned.getexif(), dict(cleaned.getexif())
        assert not {"exif", "xmp", "icc_profile"} & set(cleaned.info), cleaned.info
    assert b"RuamkidPhone" not in served.body()
    expect(citizen.locator(".follow-button")).to_have_attribute("aria-pressed", "true")

    # An official works through the desk in another browser.
    official_context = new_context()
    log_in(official_context, kongchang)
    official = official_context.new_page()
    official.goto("/th/proposals/desk/")
    expect(official.locator("h1")).to_have_text("งานของเจ้าหน้าที่")
    row = official.locator("tbody tr", has_text=number)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(STATUS_TH["received"])
    row.get_by_role("link", name=TITLE).click()
    expect(official).to_have_url(re.compile(rf"/th/proposals/{number}/$"))
    choices = official.locator("select[name='to_status'] option")
    expect(choices.filter(has_text=STATUS_TH["in_progress"])).to_have_count(1)
    answer(official, "in_progress", FIRST_ANSWER)
    expect(choices.filter(has_text=STATUS_TH["in_progress"])).to_have_count(0)
    answer(official, "resolved", SECOND_ANSWER)
    expect_timeline(official)
    official.goto("/th/proposals/desk/")
    expect(official.locator("tbody tr", has_text=number)).to_have_count(0)

    # The resident sees two unread notifications in the menu and on the page.
    citizen.goto("/th/proposals/")
    menu_link = citizen.locator(".site-nav a[href='/th/notifications/']")
    expect(menu_link).to_have_text("การแจ้งเตือน (ยังไม่ได้อ่าน 2)")
    menu_link.click()
    expect(citizen).to_have_url(re.compile(r"/th/notifications/$"))
    unread = citizen.locator(".notification-list li.unread")
    expect(unread).to_have_count(2)
    newest, oldest = unread.nth(0), unread.nth(1)
    for item, status, text in [
        (newest, "resolved", SECOND_ANSWER),
        (oldest, "in_progress", FIRST_ANSWER),
    ]:
        expect(item).to_contain_text(number)
        expect(item).to_contain_text(TITLE)
        expect(item).to_contain_text(f"เปลี่ยนสถานะเป็น {STATUS_TH[status]}")
        expect(item).to_contain_text(text)
        expect(item.locator(".visually-hidden")).to_have_text("ยังไม่ได้อ่าน: ")
    daphne_server.mail_to("somjai@example.com")  # and by e-mail, in Thai
    mails = [
        str(mail["Subject"]) + "\n" + mail_text(mail)
        for mail in daphne_server.messages()
        if "somjai@example.com" in str(mail["To"])
    ]
    assert len(mails) == 2, mails
    for mail, text in zip(mails, [FIRST_ANSWER, SECOND_ANSWER], strict=True):
        assert number in mail and text in mail, mail

    # Opening the newest marks it read and leads to the report's timeline.
    newest.get_by_role("link").click()
    expect(citizen).to_have_url(re.compile(rf"/th/proposals/{number}/$"))
    expect(menu_link).to_have_text("การแจ้งเตือน (ยังไม่ได้อ่าน 1)")
    expect(citizen.locator("article.proposal .meta .badge")).to_have_text(
        STATUS_TH["resolved"]
    )
    expect_timeline(citizen)
    expect(citizen.locator("#timeline-heading")).to_have_text("ลำดับการดำเนินการ")

    # Someone without an account finds it with the tracking number.
    visitor_context = new_context()
    visitor = visitor_context.new_page()
    visitor.goto("/th/proposals/")
    visitor.get_by_role("link", name="ติดตามเรื่อง").click()
    expect(visitor).to_have_url(re.compile(r"/th/proposals/track/$"))
    visitor.get_by_label("เลขที่ติดตามเรื่อง").fill(f"  {number.lower()} ")
    visitor.get_by_role("button", name="ค้นหา").click()
    expect(visitor).to_have_url(re.compile(rf"/th/proposals/{number}/$"))
    expect(visitor.locator("article.proposal h1")).to_have_text(TITLE)
    expect_timeline(visitor)
    expect(visitor.locator("figure img")).to_be_visible()
    expect(visitor.locator("form[action$='/status/']")).to_have_count(0)
    expect(visitor.locator("#comments")).to_contain_text("เข้าสู่ระบบ")

    assert Proposal.objects.get(tracking_number=number).status == "resolved"
    for context in (citizen_context, official_context, visitor_context):
        assert context.errors == []


def test_a_tracking_number_typed_in_thai_digits_is_found(new_context, organisation):
    """The glossary: Thai digits (๐-๙) are accepted on every input."""
    from proposals.services import proposal_submit

    author = make_verified_user("author@example.com")
    report = proposal_submit(
        author=author,
        organisation=organisation,
        kind="report",
        title="ท่อระบายน้ำอุดตันหน้าตลาดเก่า",
        body="น้ำท่วมขังทุกครั้งที่ฝนตก",
    )
    thai_digits = report.tracking_number.translate(
        str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    )
    page = new_context().new_page()
    page.goto("/th/proposals/track/")
    page.get_by_label("เลขที่ติดตามเรื่อง").fill(thai_digits)
    with page.expect_navigation():
        page.get_by_role("button", name="ค้นหา").click()
    assert page.url.endswith(f"/th/proposals/{report.tracking_number}/"), page.url


def test_the_official_answer_form_is_only_for_the_agencys_officials(
    new_context, organisation
):
    """The answer form is not shown (and not accepted) for anybody else."""
    from proposals.services import proposal_submit

    author = make_verified_user("author@example.com")
    report = proposal_submit(
        author=author,
        organisation=organisation,
        kind="report",
        title="ต้นไม้ล้มขวางถนนซอยร่วมใจ 5",
        body="ต้นไม้ใหญ่ล้มเมื่อคืน รถผ่านไม่ได้",
    )
    context = new_context()
    log_in(context, author)
    page = context.new_page()
    page.goto(f"/th/proposals/{report.tracking_number}/")
    expect(page.locator("form[action$='/status/']")).to_have_count(0)
    token = page.locator("form.follow-form input[name='csrfmiddlewaretoken']")
    refused = page.request.post(
        f"/th/proposals/{report.tracking_number}/status/",
        form={
            "csrfmiddlewaretoken": token.input_value(),
            "to_status": "resolved",
            "answer": "ปิดเรื่องเอง",
        },
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert refused.status == 403
    assert "<title>ไม่มีสิทธิเข้าถึง" in refused.text()  # not a CSRF failure
    report.refresh_from_db()
    assert report.status == "received"
    assert context.errors == []


# --- A scene for the other proposal tests --------------------------------------

IDEA_TITLE = "ขอให้ติดตั้งก๊อกน้ำดื่มสาธารณะและที่นั่งพักใต้ร่มไม้บริเวณตลาดเก่าริมคลองร่วมใจ"
IDEA_BODY = (
    "ตลาดเก่ามีผู้สูงอายุมาจับจ่ายทุกเช้า แต่ไม่มีที่นั่งพักและน้ำดื่มสะอาด\n\n"
    "เสนอให้ติดตั้งก๊อกน้ำดื่มผ่านเครื่องกรอง ๒ จุด และม้านั่งใต้ต้นจามจุรี "
    "ข้อมูลเพิ่มเติม https://www.example.go.th/market"
)
COMMENTS = [
    ("มานี มีนา", "for", "เห็นด้วยอย่างยิ่ง แม่ของดิฉันต้องยืนรอรถสองแถวกลางแดดทุกวัน"),
    (
        "ปิติ พอใจ",
        "against",
        "ควรซ่อมหลังคาตลาดที่รั่วก่อน เพราะฝนตกทีไรแผงค้าเปียกทั้งแถว"
        "และทางเดินลื่นมาก ผู้สูงอายุเคยหกล้มแล้วหลายครั้ง",
    ),
    ("วีระ กล้าหาญ", "neutral", "ถ้าติดตั้ง ขอให้มีคนดูแลเปลี่ยนไส้กรองตามรอบด้วย"),
]
REPLY = "ขอบคุณค่ะ เรื่องหลังคาตลาดจะแจ้งเป็นอีกเรื่องหนึ่งนะคะ"


def make_scene(organisation, *, photo: bool = False) -> dict:
    """A municipality's proposals as residents see them: an idea with supports,
    comments with stances and a reply; a street-light report answered twice
    (in progress, then resolved) with a photo; a drain report awaiting an answer.

    The author follows both of hers (so has two unread notifications); the
    reader has an account and no part in any of it.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    from participation.comments.services import comment_create
    from proposals.services import proposal_change_status, proposal_submit, support_add

    places = make_places(organisation)
    author = make_verified_user("somjai@example.com", display_name="สมใจ ใจดี")
    reader = make_verified_user("reader@example.com", display_name="ชูใจ รักถิ่น")
    official = make_official(
        "kongchang@example.com", organisation, display_name="กองช่าง"
    )
    idea = proposal_submit(
        author=author,
        organisation=organisation,
        kind="idea",
        title=IDEA_TITLE,
        body=IDEA_BODY,
        category=places["drains"],
        area=places["market"],
    )
    people = {}
    for number, (name, stance, text) in enumerate(COMMENTS):
        person = make_verified_user(f"neighbour{number}@example.com", display_name=name)
        people[name] = person
        support_add(proposal=idea, user=person)
        comment = in_thread(  # comments notify the followers
            comment_create, author=person, target=idea, body=text, stance=stance
        )
        if stance == "against":
            in_thread(
                comment_create, author=author, target=idea, body=REPLY, parent=comment
            )
    drain = proposal_submit(
        author=people["ปิติ พอใจ"],
        organisation=organisation,
        kind="report",
        title="หลังคาตลาดเก่ารั่ว น้ำฝนไหลลงแผงค้าและทางเดิน",
        body="รั่วตั้งแต่ต้นฤดูฝน บริเวณแผงผักแถวที่สาม",
        area=places["market"],
    )
    upload = None
    if photo:
        upload = SimpleUploadedFile(
            "street-light.jpg", photo_with_gps(), content_type="image/jpeg"
        )
    report = proposal_submit(
        author=author,
        organisation=organisation,
        kind="report",
        title=TITLE,
        body=BODY,
        category=places["lights"],
        area=places["soi5"],
        photo=upload,
        share_location=True,
    )
    for to_status, text in [("in_progress", FIRST_ANSWER), ("resolved", SECOND_ANSWER)]:
        in_thread(
            proposal_change_status,
            proposal=report,
            official=official,
            to_status=to_status,
            answer=text,
        )
    return {
        **places,
        "author": author,
        "reader": reader,
        "official": official,
        "idea": idea,
        "report": report,
        "drain": drain,
    }
