"""Questionnaires: kinds of question, one response per verified person (editable
while open), required answers, and the CSV export without identities."""

import csv
import io

import pytest

from consultations.models import Response
from consultations.services import (
    ConsultationError,
    consultation_change_status,
    csv_safe,
    question_save,
    response_submit,
    responses_csv,
)
from tests.conftest import make_user
from tests.consultations.conftest import add_sections, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(official, organisation):
    consultation = make_consultation(official, organisation)
    add_sections(official, consultation, 1)
    single = question_save(
        official=official,
        consultation=consultation,
        kind="single",
        text_th="คุณเป็นผู้ค้าหรือไม่",
        choices_th="เป็นผู้ค้า\nไม่เป็น",
        required=True,
    )
    multiple = question_save(
        official=official,
        consultation=consultation,
        kind="multiple",
        text_th="ปัญหาที่พบ",
        choices_th="ขยะ\nที่จอดรถ\nเสียงดัง",
    )
    scale = question_save(
        official=official, consultation=consultation, kind="scale", text_th="พอใจ"
    )
    text = question_save(
        official=official, consultation=consultation, kind="text", text_th="ข้อเสนอ"
    )
    consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    consultation.refresh_from_db()
    return consultation, single, multiple, scale, text


def test_one_response_per_person_editable_while_open(citizen, questions):
    consultation, single, multiple, scale, text = questions
    response_submit(
        respondent=citizen,
        consultation=consultation,
        answers={single.pk: "0", multiple.pk: ["0", "2"], scale.pk: "4", text.pk: "ดี"},
    )
    response_submit(
        respondent=citizen,
        consultation=consultation,
        answers={single.pk: "1", scale.pk: "2"},
    )
    assert Response.objects.filter(consultation=consultation).count() == 1
    answers = {
        a.question_id: a for a in Response.objects.get(respondent=citizen).answers.all()
    }
    assert answers[single.pk].choices == [1]
    assert answers[scale.pk].scale == 2
    assert multiple.pk not in answers and text.pk not in answers


def test_the_database_allows_one_response_per_person(citizen, questions):
    from django.db import IntegrityError, transaction

    consultation = questions[0]
    Response.objects.create(consultation=consultation, respondent=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(consultation=consultation, respondent=citizen)


def test_required_and_invalid_answers(citizen, questions):
    consultation, single, multiple, scale, _text = questions
    with pytest.raises(ConsultationError) as error:
        response_submit(respondent=citizen, consultation=consultation, answers={})
    assert error.value.code == "required"
    for bad in ({single.pk: "7"}, {single.pk: "0", scale.pk: "6"}):
        with pytest.raises(ConsultationError) as error:
            response_submit(respondent=citizen, consultation=consultation, answers=bad)
        assert error.value.code == "bad_answer"


def test_unverified_and_closed_are_refused(official, citizen, questions):
    consultation, single, *_ = questions
    unverified = make_user("unverified@example.com", level=0)
    with pytest.raises(ConsultationError) as error:
        response_submit(
            respondent=unverified, consultation=consultation, answers={single.pk: "0"}
        )
    assert error.value.code == "not_verified"
    consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )
    with pytest.raises(ConsultationError) as error:
        response_submit(
            respondent=citizen, consultation=consultation, answers={single.pk: "0"}
        )
    assert error.value.code == "not_open"


def test_questions_are_fixed_once_open(official, questions):
    with pytest.raises(ConsultationError):
        question_save(
            official=official, consultation=questions[0], kind="text", text_th="ใหม่"
        )


def test_questionnaire_page_fills_in_earlier_answers(client, citizen, questions):
    consultation, single, multiple, scale, text = questions
    client.force_login(citizen)
    url = f"/th/consultations/{consultation.slug}/questionnaire/"
    response = client.post(
        url,
        {f"q{single.pk}": "1", f"q{multiple.pk}": ["0", "1"], f"q{text.pk}": "สวัสดี"},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'value="1" required id' in html or 'value="1"' in html
    assert "สวัสดี" in html
    assert Response.objects.count() == 1


def test_csv_has_bom_no_identity_and_no_formulas(official, citizen, questions):
    consultation, single, multiple, scale, text = questions
    other = make_user("other@example.com", display_name="คนที่สอง")
    response_submit(
        respondent=citizen,
        consultation=consultation,
        answers={single.pk: "0", multiple.pk: ["0", "2"], text.pk: "=HYPERLINK(1)"},
    )
    response_submit(
        respondent=other, consultation=consultation, answers={single.pk: "1"}
    )
    text_csv = responses_csv(consultation=consultation, user=official)
    assert text_csv.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text_csv.lstrip("\ufeff"))))
    assert rows[0][0].endswith("คุณเป็นผู้ค้าหรือไม่")
    assert len(rows) == 3
    flat = "\n".join(",".join(row) for row in rows)
    assert "'=HYPERLINK(1)" in flat
    assert "ขยะ; เสียงดัง" in flat
    for identity in ("citizen@example.com", "other@example.com", "สมใจ", "คนที่สอง"):
        assert identity not in flat


def test_csv_safe_neutralises_formula_starts():
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("+66 81") == "'+66 81"
    assert csv_safe("-5") == "'-5"
    assert csv_safe("@sum") == "'@sum"
    assert csv_safe("ปกติ") == "ปกติ"


def test_export_is_for_officials_only(client, citizen, official, questions):
    consultation = questions[0]
    with pytest.raises(ConsultationError):
        responses_csv(consultation=consultation, user=citizen)
    url = f"/th/consultations/{consultation.slug}/questionnaire/answers.csv"
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
