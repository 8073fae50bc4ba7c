"""The demo's open budget keeps a register, so a demo official can try paper
ballots, while the demo citizen still votes online straight away."""

import io

import pytest
from django.core.management import call_command

from participation.models import User
from participation.portal import demo
from voting.models import PaperEntry, Resident, VoteClaim

pytestmark = pytest.mark.django_db

SLUG = demo.BUDGET["slug"]


@pytest.fixture
def demo_loaded(monkeypatch, tmp_path):
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))  # skip the imported budget
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_a_demo_official_enters_a_paper_ballot_for_a_printed_id(client, demo_loaded):
    serial, name = demo.REGISTER[0]
    assert demo.demo_thai_id(serial) in demo_loaded  # printed for the tester
    client.force_login(User.objects.get(email=demo.OFFICIAL_EMAIL))

    page = client.get(f"/th/budgets/{SLUG}/paper/")
    assert page.status_code == 200
    assert 'id="paper-form"' in page.content.decode()
    response = client.post(
        f"/th/budgets/{SLUG}/paper/",
        {
            "booth": "หน่วยที่ 1",
            "thai_id": demo.demo_thai_id(serial),
            "pot": "city",
            "choices": "1 2",
        },
        follow=True,
    )

    assert name in response.content.decode()  # "Paper ballot no. … saved for …"
    assert PaperEntry.objects.get().resident.name == name


def test_the_register_page_counts_the_demo_residents(client, demo_loaded):
    client.force_login(User.objects.get(email=demo.OFFICIAL_EMAIL))
    response = client.get(f"/en/budgets/{SLUG}/register/")
    assert f"{len(demo.REGISTER)} people are in the register." in (
        response.content.decode()
    )


def test_the_demo_citizen_votes_without_the_thai_id_step(client, demo_loaded):
    client.force_login(User.objects.get(email=demo.CITIZEN_EMAIL))
    assert client.get(f"/th/budgets/{SLUG}/vote/").status_code == 200


def test_each_online_demo_ballot_holds_its_voters_one_vote(demo_loaded):
    claims = VoteClaim.objects.filter(budget__slug=SLUG)
    assert claims.count() == len(demo.DEMO_VOTES)
    assert set(claims.values_list("channel", flat=True)) == {"online"}


def test_loading_again_registers_nobody_twice(demo_loaded):
    call_command("load_demo", stdout=io.StringIO())
    assert Resident.objects.filter(budget__slug=SLUG).count() == len(demo.REGISTER)
