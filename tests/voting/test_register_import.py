"""The register of residents: CSV upload with errors by line, a person at a booth."""

import pytest

from participation.models import Area, AuditEvent
from participation.thai_id import thai_id_hmac
from tests.voting.paper_helpers import register_budget, thai_id
from voting.models import Resident
from voting.register import RegisterError, register_import_csv, resident_add


@pytest.fixture
def budget(organisation):
    Area.objects.create(code="north", name_th="เหนือ")
    return register_budget(organisation)


@pytest.mark.django_db
def test_good_rows_are_added_and_bad_rows_reported_by_line(budget, official):
    content = "\n".join(
        [
            "name,thai_id,area",
            f"สมชาย ใจดี,{thai_id(1)},north",
            "สมหญิง,1234567890123,north",
            f"สมศักดิ์,{thai_id(2)},nowhere",
            f",{thai_id(3)},north",
            f"สมใจ,{thai_id(1)},north",
            "only one cell",
            f"มานี,{thai_id(4)},",
        ]
    ).encode()
    report = register_import_csv(budget=budget, content=content, by=official)
    assert report.added == 2
    assert [line for line, _message in report.errors] == [3, 4, 5, 6, 7]
    assert all(message for _line, message in report.errors)
    stored = Resident.objects.get(name="สมชาย ใจดี")
    assert stored.thai_id_hmac == thai_id_hmac(thai_id(1))
    assert stored.area.code == "north"
    assert not Resident.objects.filter(thai_id_hmac__contains=thai_id(1)).exists()
    event = AuditEvent.objects.get(action="register.imported")
    assert event.data == {"added": 2, "refused_lines": [3, 4, 5, 6, 7]}


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused(budget, official):
    with pytest.raises(RegisterError) as caught:
        register_import_csv(budget=budget, content="ชื่อ".encode("tis-620"), by=official)
    assert caught.value.code == "bad_file"


@pytest.mark.django_db
def test_only_officials_of_the_organisation_change_the_register(budget, citizen):
    with pytest.raises(RegisterError) as caught:
        resident_add(
            budget=budget, name="ก", thai_id=thai_id(1), area_code="", by=citizen
        )
    assert caught.value.code == "not_allowed"


@pytest.mark.django_db
def test_a_budget_without_register_refuses_residents(organisation, official):
    budget = register_budget(organisation, slug="plain", uses_register=False)
    with pytest.raises(RegisterError) as caught:
        resident_add(
            budget=budget, name="ก", thai_id=thai_id(1), area_code="", by=official
        )
    assert caught.value.code == "not_a_register"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, number, area, code",
    [
        ("", thai_id(1), "", "name_required"),
        ("ก", "1101700230707", "", "invalid_thai_id"),
        ("ก", thai_id(1), "south", "unknown_area"),
    ],
)
def test_adding_a_person_at_the_booth_checks_each_field(
    budget, official, name, number, area, code
):
    with pytest.raises(RegisterError) as caught:
        resident_add(
            budget=budget, name=name, thai_id=number, area_code=area, by=official
        )
    assert caught.value.code == code
    assert caught.value.message


@pytest.mark.django_db
def test_a_person_is_added_once(budget, official):
    resident = resident_add(
        budget=budget, name="ก", thai_id=thai_id(1), area_code="north", by=official
    )
    assert resident.source == Resident.Source.BOOTH
    assert AuditEvent.objects.filter(action="register.resident_added").count() == 1
    with pytest.raises(RegisterError) as caught:
        resident_add(
            budget=budget, name="ข", thai_id=thai_id(1), area_code="", by=official
        )
    assert caught.value.code == "already_registered"
