"""The consultation demo loads a full story and is safe to run twice."""

import pytest

from consultations.demo import MARKET_SLUG, PETS_SLUG, load_consultation_demo
from consultations.models import Consultation, Poll, ReportIssue, RoomQuestion

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(client):
    load_consultation_demo()
    load_consultation_demo()
    market = Consultation.objects.get(slug=MARKET_SLUG)
    assert market.status == "published"
    assert market.sections.count() == 5
    assert market.questions.count() == 4 and market.responses.count() == 6
    assert ReportIssue.objects.filter(report__consultation=market).count() == 3
    assert RoomQuestion.objects.filter(session__consultation=market).count() == 3
    assert Poll.objects.get(session__consultation=market).status == "closed"
    pets = Consultation.objects.get(slug=PETS_SLUG)
    assert pets.is_accepting()
    session = pets.sessions.get()
    assert session.room_open
    for url in (
        market.get_absolute_url(),
        f"/th/consultations/{MARKET_SLUG}/report/",
        f"/th/consultations/{MARKET_SLUG}/report/print/",
        f"/th/consultations/{MARKET_SLUG}/sections/2/",
        f"/th/consultations/{MARKET_SLUG}/questionnaire/",
        pets.get_absolute_url(),
        f"/th/consultations/rooms/{session.room_code}/",
        f"/en/consultations/rooms/{session.room_code}/projector/",
        f"/th/consultations/rooms/{market.sessions.get().room_code}/",
    ):
        assert client.get(url).status_code == 200, url
