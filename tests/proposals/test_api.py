"""The proposals API: the public list (filters, pages, CSV) and one proposal."""

import csv
import io
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participation.models import Area
from proposals.api import OPENAPI_PATHS, SCHEMAS
from proposals.filters import ProposalFilter
from proposals.models import Category
from proposals.services import proposal_change_status, proposal_submit, support_add
from tests.conftest import make_user
from tests.proposals.conftest import submit

pytestmark = pytest.mark.django_db

LIST = "/api/v1/proposals/"


def titles(response) -> list[str]:
    return [record["title"] for record in response.json()["results"]]


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_list_has_every_public_proposal_and_no_draft(client, citizen, organisation):
    submit(citizen, organisation, title="ขอสวนสาธารณะ")
    submit(citizen, organisation, kind="report", title="ไฟดับหน้าบ้าน")
    submit(citizen, organisation, publish=False, title="ร่างที่ยังไม่ส่ง")
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 2
    assert sorted(titles(response)) == ["ขอสวนสาธารณะ", "ไฟดับหน้าบ้าน"]
    record = body["results"][0]
    assert set(record) == set(SCHEMAS["Proposal"]["properties"])
    assert "ไฟดับหน้าบ้าน" in response.content.decode()  # Thai, not \u escapes
    rows = csv_rows(client.get(LIST, {"format": "csv"}))
    assert sorted(row["title"] for row in rows) == ["ขอสวนสาธารณะ", "ไฟดับหน้าบ้าน"]


def test_a_record_says_what_the_page_says(
    client, citizen, organisation, area, category
):
    idea = submit(
        citizen,
        organisation,
        title="ขอไฟส่องสว่าง",
        body="<p>ซอยมืด</p><p>ผู้สูงอายุเดินลำบาก</p>",
        area=area,
        category=category,
    )
    support_add(proposal=idea, user=make_user("fan@example.com"))
    record = client.get(LIST).json()["results"][0]
    assert record["tracking_number"] == idea.tracking_number
    assert record["kind"] == "idea" and record["status"] == "published"
    assert record["summary"] == "ซอยมืด ผู้สูงอายุเดินลำบาก"
    assert record["author"] == "สมใจ"
    assert record["channel"] == "online"
    assert record["support_count"] == 1 and record["comment_count"] == 0
    assert record["area"] == {
        "id": area.pk,
        "code": "soi-5",
        "name_th": "ชุมชนซอย 5",
        "name_en": "Soi 5",
    }
    assert record["category"]["id"] == category.pk
    assert record["category"]["name_en"] == "Lights"
    assert record["organisation"]["slug"] == "ruamjai"
    assert record["submitted_at"].endswith("+07:00")
    assert record["answered_at"] is None
    assert record["photo_url"] is None and record["latitude"] is None
    assert record["url"].endswith(f"/th/proposals/{idea.tracking_number}/")
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert english["url"].endswith(f"/en/proposals/{idea.tracking_number}/")


@pytest.fixture
def assorted(citizen, official, organisation, area, category):
    """Four submissions that differ in every filtered property."""
    lamp = submit(
        citizen, organisation, title="ขอไฟส่องสว่างซอย 5", area=area, category=category
    )
    park = submit(citizen, organisation, title="ขอสวนสาธารณะใกล้ตลาด")
    flood = submit(citizen, organisation, kind="report", title="ถนนน้ำท่วมขัง")
    pothole = submit(citizen, organisation, kind="report", title="หลุมบนถนนใหญ่")
    proposal_change_status(
        proposal=pothole, official=official, to_status="resolved", answer="ซ่อมแล้ว"
    )
    support_add(proposal=park, user=make_user("fan@example.com"))
    return {"lamp": lamp, "park": park, "flood": flood, "pothole": pothole}


def test_each_filter_narrows_the_list(client, assorted, area, category):
    def shown(**query) -> set[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return {record["tracking_number"] for record in response.json()["results"]}

    number = {name: p.tracking_number for name, p in assorted.items()}
    assert shown() == set(number.values())
    assert shown(q="ถนน") == {number["flood"], number["pothole"]}
    assert shown(q="ไฟ ซอย") == {number["lamp"]}
    assert shown(q=number["park"].lower()) == {number["park"]}
    assert shown(kind="report") == {number["flood"], number["pothole"]}
    assert shown(status="resolved") == {number["pothole"]}
    assert shown(category=category.pk) == {number["lamp"]}
    assert shown(area=area.pk) == {number["lamp"]}
    assert shown(kind="idea", status="published") == {number["lamp"], number["park"]}


def test_sort_orders_and_the_default_is_newest_first(client, assorted):
    newest = [p["tracking_number"] for p in client.get(LIST).json()["results"]]
    assert newest == [
        assorted[name].tracking_number for name in ("pothole", "flood", "park", "lamp")
    ]
    supported = client.get(LIST, {"sort": "supported"}).json()["results"]
    assert supported[0]["tracking_number"] == assorted["park"].tracking_number


@pytest.mark.parametrize(
    "query",
    [
        {"area": "999999"},
        {"area": "soi-5"},
        {"area": "99999999999999999999999"},
        {"category": "-1"},
        {"kind": "petition"},
        {"status": "draft"},
        {"sort": "random"},
        {"q": "ไฟ\x00"},
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(client, citizen, organisation, query):
    submit(citizen, organisation)
    response = client.get(LIST, query)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_filter"
    assert next(iter(query)) in body["message"]


def test_pages_continue_without_repeats_and_end_empty(client, citizen, organisation):
    for number in range(5):
        submit(citizen, organisation, title=f"ข้อเสนอที่ {number}")
    first = client.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 5 and first["page"] == 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"] is not None
    third = client.get(second["next"]).json()
    assert third["next"] is None
    seen = [r["tracking_number"] for p in (first, second, third) for r in p["results"]]
    assert len(seen) == 5 and len(set(seen)) == 5
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    beyond = client.get(LIST, {"page": 9, "page_size": 2}).json()
    assert beyond["results"] == [] and beyond["count"] == 5


@pytest.mark.parametrize(
    "query", [{"page": "0"}, {"page": "two"}, {"page_size": "-3"}, {"page": "๐"}]
)
def test_a_bad_page_is_a_400(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_page"


def test_an_unknown_format_is_a_400(client):
    response = client.get(LIST, {"format": "xml"})
    assert response.status_code == 400
    assert response.json()["error"] == "unknown_format"


def test_csv_keeps_thai_and_neutralises_formulas(client, citizen, organisation):
    submit(citizen, organisation, title='=HYPERLINK("http://evil.example","กดที่นี่")')
    submit(citizen, organisation, title="ขอทางเท้าที่เดินได้")
    response = client.get(LIST, {"format": "csv", "page_size": 1})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="proposals.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 2  # CSV holds every record, not one page
    titles_in_csv = {row["title"] for row in rows}
    assert "ขอทางเท้าที่เดินได้" in titles_in_csv
    assert '\'=HYPERLINK("http://evil.example","กดที่นี่")' in titles_in_csv
    assert rows[0]["organisation_name_th"] == "เทศบาลเมืองร่วมใจ"
    assert rows[0]["category_id"] == ""  # no category: empty cells


def test_no_personal_data_in_any_answer(client, citizen, official, organisation):
    online = submit(citizen, organisation, title="ขอป้ายรถเมล์")
    paper = proposal_submit(
        author=None,
        organisation=organisation,
        kind="report",
        title="ท่อระบายน้ำอุดตัน",
        body="หน้าวัด",
        channel="paper",
        registered_by=official,
        submitter_name="นางสมศรี มีสุข",
        submitter_contact="081-234-5678 somsri@example.com",
    )
    citizen.thai_id_hmac = "f" * 64
    citizen.save()
    bodies = [
        client.get(LIST).content.decode(),
        client.get(LIST, {"format": "csv"}).content.decode(),
        client.get(f"{LIST}{online.tracking_number}/").content.decode(),
        client.get(f"{LIST}{paper.tracking_number}/").content.decode(),
    ]
    for body in bodies:
        for secret in (
            citizen.email,
            official.email,
            "นางสมศรี",
            "081-234-5678",
            "somsri@example.com",
            "f" * 64,
        ):
            assert secret not in body
    record = client.get(f"{LIST}{paper.tracking_number}/").json()
    assert record["author"] is None and record["channel"] == "paper"


def test_the_list_query_count_does_not_grow(
    client, citizen, organisation, area, category, django_assert_max_num_queries
):
    for number in range(25):
        submit(
            citizen, organisation, title=f"ข้อ {number}", area=area, category=category
        )
    with django_assert_max_num_queries(4):
        assert client.get(LIST, {"page_size": 25}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(LIST, {"format": "csv"}).status_code == 200


def test_detail_has_the_text_and_the_official_answers(
    client, citizen, official, organisation
):
    report = submit(
        citizen,
        organisation,
        kind="report",
        title="ไฟฟ้าดับทั้งซอย",
        body="ดับตั้งแต่เมื่อวาน\nมืดมาก\n\nช่วยด้วย",
    )
    proposal_change_status(
        proposal=report,
        official=official,
        to_status="in_progress",
        answer="ส่งช่างไปตรวจแล้ว",
    )
    response = client.get(f"{LIST}{report.tracking_number.lower()}/")
    assert response.status_code == 200
    record = response.json()
    assert set(record) == set(SCHEMAS["ProposalDetail"]["properties"])
    assert record["tracking_number"] == report.tracking_number
    assert record["body"] == "ดับตั้งแต่เมื่อวาน\nมืดมาก\nช่วยด้วย"
    assert [(step["status"], step["answer"]) for step in record["timeline"]] == [
        ("received", None),
        ("in_progress", "ส่งช่างไปตรวจแล้ว"),
    ]
    assert record["answered_at"] is not None
    assert "official@example.com" not in response.content.decode()


def test_detail_accepts_a_number_as_people_type_it(client, citizen, organisation):
    idea = submit(citizen, organisation)
    year, serial = idea.tracking_number.split("-")[1:]
    for typed in (
        idea.tracking_number,
        f"rk-{year}-{int(serial)}",
        f"RK{year}{serial}",
    ):
        assert client.get(f"{LIST}{typed}/").status_code == 200, typed


def test_drafts_and_unknown_numbers_are_404_json_in_the_asked_language(
    client, citizen, organisation
):
    draft = submit(citizen, organisation, publish=False, title="ร่างของฉัน")
    for path in (draft.tracking_number, "RK-2569-999999", "not-a-number"):
        response = client.get(f"{LIST}{path}/")
        assert response.status_code == 404
        assert response.json() == {"error": "not_found", "message": "ไม่พบข้อมูลที่ขอ"}
    english = client.get(f"{LIST}RK-2569-999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"error": "not_found", "message": "Nothing is here."}
    thai = client.get(f"{LIST}RK-2569-999999/", HTTP_ACCEPT_LANGUAGE="th,en;q=0.5")
    assert thai.json()["message"] == "ไม่พบข้อมูลที่ขอ"
    listed = client.get(LIST).content.decode()
    assert "ร่างของฉัน" not in listed
    assert "ร่างของฉัน" not in client.get(LIST, {"format": "csv"}).content.decode()
    client.force_login(citizen)  # even its author: the API publishes, it is no desk
    assert client.get(f"{LIST}{draft.tracking_number}/").status_code == 404
    assert "ร่างของฉัน" not in client.get(LIST).content.decode()


def photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 36.0), 3: "E", 4: (100.0, 30.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("pole.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("share", [False, True])
def test_the_photo_and_its_point_appear_as_on_the_page(
    client, citizen, organisation, settings, tmp_path, share
):
    settings.MEDIA_ROOT = tmp_path
    report = submit(
        citizen, organisation, kind="report", photo=photo(), share_location=share
    )
    record = client.get(f"{LIST}{report.tracking_number}/").json()
    assert record["photo_url"].endswith(
        f"/proposals/{report.tracking_number}/photo.jpg"
    )
    if share:
        assert record["latitude"] == pytest.approx(13.76)
        assert record["longitude"] == pytest.approx(100.5)
    else:
        assert record["latitude"] is None and record["longitude"] is None


def test_openapi_declares_every_parameter_the_list_reads():
    operation = OPENAPI_PATHS["/api/v1/proposals/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == set(ProposalFilter.base_filters) | {"format", "page", "page_size"}
    assert set(operation["responses"]) == {"200", "400"}
    detail = OPENAPI_PATHS["/api/v1/proposals/{tracking}/"]["get"]
    assert set(detail["responses"]) == {"200", "400", "404"}  # 400: ?format=csv


def test_ids_in_the_records_are_what_the_filters_take(client, citizen, organisation):
    other_area = Area.objects.create(code="market", name_th="ตลาด")
    other_category = Category.objects.create(
        organisation=organisation, slug="roads", name_th="ถนน"
    )
    submit(citizen, organisation, area=other_area, category=other_category)
    record = client.get(LIST).json()["results"][0]
    by_area = client.get(LIST, {"area": record["area"]["id"]}).json()
    by_category = client.get(LIST, {"category": record["category"]["id"]}).json()
    assert by_area["count"] == by_category["count"] == 1
