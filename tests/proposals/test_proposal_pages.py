"""Proposal pages: list with filters and a fixed query count, detail, track, photo."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from proposals.models import Proposal
from proposals.services import proposal_change_status
from tests.conftest import make_user
from tests.proposals.conftest import submit


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, citizen, organisation, area, category, rows, django_assert_max_num_queries
):
    for number in range(rows):
        submit(
            citizen,
            organisation,
            title=f"ข้อเสนอที่ {number}",
            area=area,
            category=category,
        )
    with django_assert_max_num_queries(8):
        response = client.get("/th/proposals/?sort=supported")
    assert response.status_code == 200
    assert f"ข้อเสนอที่ {rows - 1}" in response.content.decode()


@pytest.mark.django_db
def test_list_filters_by_kind_and_status(client, citizen, organisation):
    submit(citizen, organisation, title="ขอสวนสาธารณะ")
    submit(citizen, organisation, kind="report", title="ไฟดับหน้าบ้าน")
    html = client.get("/en/proposals/?kind=report").content.decode()
    assert "ไฟดับหน้าบ้าน" in html and "ขอสวนสาธารณะ" not in html
    html = client.get("/en/proposals/?status=received").content.decode()
    assert "ไฟดับหน้าบ้าน" in html and "ขอสวนสาธารณะ" not in html


@pytest.mark.django_db
def test_drafts_are_hidden_from_others(client, citizen, organisation):
    draft = submit(citizen, organisation, publish=False, title="ร่างของฉัน")
    assert client.get(f"/th/proposals/{draft.tracking_number}/").status_code == 404
    assert "ร่างของฉัน" not in client.get("/th/proposals/").content.decode()
    client.force_login(citizen)
    assert client.get(f"/th/proposals/{draft.tracking_number}/").status_code == 200


@pytest.mark.django_db
def test_tracking_number_finds_it_logged_out(client, citizen, official, organisation):
    report = submit(citizen, organisation, kind="report", title="ไฟฟ้าส่องสว่างดับ")
    proposal_change_status(
        proposal=report,
        official=official,
        to_status="resolved",
        answer="เปลี่ยนหลอดไฟแล้ว",
    )
    response = client.get(
        "/th/proposals/track/", {"number": report.tracking_number.lower()}
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "เปลี่ยนหลอดไฟแล้ว" in html
    missing = client.get("/th/proposals/track/", {"number": "RK-2569-999999"})
    assert 'role="alert"' in missing.content.decode()


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), "orange")
    exif = Image.Exif()
    gps = {1: "N", 2: (13.0, 45.0, 36.0), 3: "E", 4: (100.0, 30.0, 0.0)}
    exif[0x8825] = gps
    exif[0x010F] = "PhoneMaker"
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("share", [False, True])
def test_photo_is_resized_and_stripped_of_location(
    client, citizen, organisation, share, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(citizen)
    upload = SimpleUploadedFile(
        "light.jpg", photo_with_gps(), content_type="image/jpeg"
    )
    data = {
        "organisation": organisation.pk,
        "kind": "report",
        "title": "เสาไฟล้มขวางทาง",
        "body": "หน้าบ้านเลขที่ 12",
        "photo": upload,
    }
    if share:
        data["share_location"] = "on"
    response = client.post("/th/proposals/new/", data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    served = client.get(f"/th/proposals/{proposal.tracking_number}/photo.jpg")
    assert served["X-Content-Type-Options"] == "nosniff"
    image = Image.open(BytesIO(b"".join(served.streaming_content)))
    assert max(image.size) == 1600
    assert not image.getexif()  # no GPS, no maker: nothing
    if share:
        assert float(proposal.latitude) == pytest.approx(13.76)
        assert float(proposal.longitude) == pytest.approx(100.5)
    else:
        assert proposal.latitude is None


@pytest.mark.django_db
def test_a_file_that_is_not_a_photo_is_refused_with_a_message(
    client, citizen, organisation
):
    client.force_login(citizen)
    response = client.post(
        "/en/proposals/new/",
        {
            "organisation": organisation.pk,
            "kind": "report",
            "title": "x",
            "body": "y",
            "photo": SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert "image" in response.content.decode().lower()


@pytest.mark.django_db
def test_officials_desk_lists_the_oldest_first(client, official, organisation):
    author = make_user("a@example.com")
    first = submit(author, organisation, title="เรื่องแรก")
    second = submit(author, organisation, kind="report", title="เรื่องที่สอง")
    client.force_login(official)
    html = client.get("/th/proposals/desk/").content.decode()
    assert html.index(first.tracking_number) < html.index(second.tracking_number)
    client.force_login(author)
    assert client.get("/th/proposals/desk/").status_code == 403


@pytest.mark.django_db
def test_official_answers_from_the_page(client, official, citizen, organisation):
    report = submit(citizen, organisation, kind="report")
    client.force_login(official)
    page = client.get(f"/th/proposals/{report.tracking_number}/").content.decode()
    assert 'name="answer"' in page
    client.post(
        f"/th/proposals/{report.tracking_number}/status/",
        {"to_status": "in_progress", "answer": "กองช่างรับเรื่องแล้ว"},
    )
    report.refresh_from_db()
    assert report.status == "in_progress"
    client.force_login(citizen)
    assert (
        'name="answer"'
        not in client.get(f"/th/proposals/{report.tracking_number}/").content.decode()
    )


@pytest.mark.django_db
def test_an_area_can_be_followed_from_the_filtered_list(
    client, citizen, organisation, area
):
    submit(citizen, organisation, area=area)
    client.force_login(citizen)
    html = client.get(f"/th/proposals/?area={area.pk}").content.decode()
    assert 'value="participation.area"' in html
    assert f'name="object_id" value="{area.pk}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 25])
def test_desk_and_budget_list_query_counts_are_fixed(
    client, official, organisation, rows, django_assert_max_num_queries
):
    from tests.conftest import make_budget

    author = make_user("author@example.com")
    for number in range(rows):
        submit(author, organisation, title=f"เรื่องที่ {number}")
        make_budget(organisation, slug=f"budget-{number}")
    client.force_login(official)
    with django_assert_max_num_queries(12):
        assert client.get("/th/proposals/desk/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/th/budgets/").status_code == 200


@pytest.mark.django_db
def test_sorting_puts_the_newest_and_most_discussed_first(
    client, citizen, organisation
):
    from participation.comments import comment_create

    old = submit(citizen, organisation, title="เรื่องเก่า")
    new = submit(citizen, organisation, title="เรื่องใหม่")
    comment_create(author=make_user("x@example.com"), target=old, body="ความเห็น")
    html = client.get("/th/proposals/?sort=newest").content.decode()
    assert html.index("เรื่องใหม่") < html.index("เรื่องเก่า")
    html = client.get("/th/proposals/?sort=discussed").content.decode()
    assert html.index("เรื่องเก่า") < html.index("เรื่องใหม่")
    found = client.get("/th/proposals/", {"q": new.tracking_number.replace("-", "")})
    assert new.title in found.content.decode()
    assert old.title not in found.content.decode()


@pytest.mark.django_db
def test_words_typed_with_spaces_all_have_to_match(client, citizen, organisation):
    submit(citizen, organisation, title="ปลูกต้นไม้ริมคลองหลังวัด")
    submit(citizen, organisation, title="ตัดต้นไม้หน้าโรงเรียน")
    html = client.get("/th/proposals/", {"q": "ต้นไม้ ริมคลอง"}).content.decode()
    assert "ปลูกต้นไม้ริมคลองหลังวัด" in html
    assert "ตัดต้นไม้หน้าโรงเรียน" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["RK2569000007", "rk-2569-7", " RK 2569 000007 "])
def test_tracking_lookup_accepts_how_people_type_it(client, typed):
    response = client.get("/th/proposals/track/", {"number": typed})
    assert "RK-2569-000007" in response.content.decode()
