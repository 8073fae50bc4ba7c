"""``manage.py load_demo``: every demo voter of the open budget lives in one of
the demo's communities, so the dashboard counts no voter in "area not known"."""

import io

import pytest
from django.core.management import call_command

from participation.models import User
from participation.portal import dashboard_data, demo
from voting.models import Resident, VoterRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def load_demo(monkeypatch, tmp_path):
    monkeypatch.setenv("PABULIB_DIR", str(tmp_path))  # skip the imported budget
    return lambda: call_command("load_demo", stdout=io.StringIO())


def _voters_of_the_open_budget():
    return User.objects.filter(
        pk__in=VoterRecord.objects.filter(budget__slug=demo.BUDGET["slug"]).values(
            "user_id"
        )
    )


def test_the_open_budgets_voters_and_register_have_areas(load_demo):
    load_demo()

    voters = _voters_of_the_open_budget()
    assert voters.count() == len(demo.DEMO_VOTES)
    assert not voters.filter(home_area__isnull=True).exists()
    assert len(set(voters.values_list("home_area__code", flat=True))) == len(demo.AREAS)
    residents = Resident.objects.filter(budget__slug=demo.BUDGET["slug"])
    assert residents.count() == len(demo.REGISTER)
    assert not residents.filter(area__isnull=True).exists()
    # the row "area not known" is there for a city-wide proposal, with no voter
    unknown = [
        row for row in dashboard_data.participation_by_area().rows if not row.area
    ]
    assert [row.voters.value for row in unknown] in ([], [0])


def test_loading_again_gives_areas_to_a_demo_loaded_without_them(load_demo):
    load_demo()
    _voters_of_the_open_budget().update(home_area=None)
    Resident.objects.update(area=None)

    load_demo()

    assert not _voters_of_the_open_budget().filter(home_area__isnull=True).exists()
    assert not Resident.objects.filter(area__isnull=True).exists()
