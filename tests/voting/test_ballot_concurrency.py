"""Two submissions by one voter at the same moment leave exactly one ballot."""

import threading

import pytest
from django.db import connection, connections

from tests.conftest import make_budget, make_user, project_pks
from voting.models import Ballot
from voting.services import ballot_submit


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_by_one_voter_leave_one_ballot():
    voter = make_user("racer@example.com")
    budget = make_budget()
    choices = [project_pks(budget, "A"), project_pks(budget, "B", "C")]
    barrier = threading.Barrier(len(choices) * 3)
    errors = []

    def submit(pks):
        try:
            barrier.wait(timeout=10)
            ballot_submit(voter=voter, budget=budget, project_ids=pks)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(pks,)) for pks in choices * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    ballots = Ballot.objects.filter(budget=budget, voter=voter)
    assert ballots.count() == 1
    chosen = set(ballots.get().items.values_list("project__external_id", flat=True))
    assert chosen in ({"A"}, {"B", "C"})
    budget.refresh_from_db()
    assert budget.tally_version == 6
    assert connection.vendor in {"sqlite", "postgresql"}
