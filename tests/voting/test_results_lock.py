"""One count of a pot at a time: others are told to come back, not counted again.

A large election takes seconds to count; four anonymous requests at once used to
count it four times and stall the server.
"""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from budgets.models import Budget
from tests.conftest import make_budget, make_user, project_pks
from voting import counting
from voting import results as results_service
from voting.models import CountedResult
from voting.services import ballot_submit

COUNTING_SENTENCE = (
    "The votes are being counted right now. Please try again in a minute."
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed_budget(organisation):
    """Counted under greedy, published: three voters, three projects."""
    budget = make_budget(
        organisation, counting_rule=Budget.CountingRule.GREEDY, slug="closed"
    )
    for number, chosen in enumerate([("A",), ("A", "C"), ("B",)]):
        ballot_submit(
            voter=make_user(f"voter{number}@example.com"),
            budget=budget,
            project_ids=project_pks(budget, *chosen),
        )
    now = timezone.now()
    budget.voting_closes = now - timedelta(minutes=1)
    budget.results_published_at = now
    budget.save()
    return budget


def _lock(budget: Budget, rule: str) -> str:
    budget.refresh_from_db()
    pot = budget.pots()[0]
    return results_service.count_lock_key(
        budget,
        rule,
        pot,
        budget.tally_version,
        results_service.input_key(budget, pot),
    )


@pytest.fixture
def counted(monkeypatch):
    """The real counting function, with the number of calls in ``counted.calls``.

    ``counted.delay`` (seconds) makes it slow; ``counted.hold`` (an event) keeps
    it running until the event is set.
    """
    real_count = counting.count

    def count(*args, **kwargs):
        count.calls += 1
        time.sleep(count.delay)
        if count.hold is not None:
            count.hold.wait(timeout=10)
        return real_count(*args, **kwargs)

    count.calls = 0
    count.delay = 0
    count.hold = None
    monkeypatch.setattr(counting, "count", count)
    return count


@pytest.fixture
def no_counting(monkeypatch):
    def count(*args, **kwargs):
        raise AssertionError("counted while another count held the lock")

    monkeypatch.setattr(counting, "count", count)


@pytest.mark.django_db
def test_api_answers_503_while_the_count_runs_elsewhere(
    client, closed_budget, no_counting
):
    assert cache.add(_lock(closed_budget, "mes_add1_greedy"), "other", 600)
    response = client.get(
        f"/api/v1/budgets/{closed_budget.slug}/results/?rule=mes_add1_greedy",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"error": "counting", "message": COUNTING_SENTENCE}
    csv = client.get(
        f"/api/v1/budgets/{closed_budget.slug}/results/?rule=mes_add1_greedy&format=csv"
    )
    assert csv.status_code == 503
    assert csv.json()["error"] == "counting"
    assert not CountedResult.objects.exists()


@pytest.mark.django_db
def test_page_says_the_count_runs_with_a_reload_link(
    client, closed_budget, no_counting
):
    assert cache.add(_lock(closed_budget, "mes_add1_greedy"), "other", 600)
    url = f"/en/budgets/{closed_budget.slug}/results/?rule=mes_add1_greedy"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert COUNTING_SENTENCE in html
    assert f'<a href="{url}">Reload the page</a>' in html
    assert "Projects and the outcome" not in html
    assert 'name="rule"' in html  # another rule can still be chosen
    assert not CountedResult.objects.exists()


@pytest.mark.django_db
def test_page_shows_the_outcome_while_only_the_comparison_is_counted(
    client, closed_budget, counted
):
    assert cache.add(_lock(closed_budget, "mes_add1_greedy"), "other", 600)
    response = client.get(f"/en/budgets/{closed_budget.slug}/results/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Projects and the outcome" in html
    assert COUNTING_SENTENCE in html  # in the comparison card
    assert counted.calls == 1  # greedy only
    assert list(CountedResult.objects.values_list("rule", flat=True)) == ["greedy"]


@pytest.mark.django_db
def test_after_release_the_count_runs_once_and_is_kept(client, closed_budget, counted):
    lock = _lock(closed_budget, "mes_add1_greedy")
    assert cache.add(lock, "other", 600)
    api = f"/api/v1/budgets/{closed_budget.slug}/results/?rule=mes_add1_greedy"
    assert client.get(api).status_code == 503
    cache.delete(lock)
    first = client.get(api)
    assert first.status_code == 200
    assert counted.calls == 1
    assert client.get(api).json() == first.json()
    page = client.get(f"/en/budgets/{closed_budget.slug}/results/?rule=mes_add1_greedy")
    assert page.status_code == 200
    assert counted.calls == 2  # the page's greedy comparison, then nothing more
    assert CountedResult.objects.filter(rule="mes_add1_greedy").count() == 1
    assert cache.get(lock) is None


@pytest.mark.django_db
def test_the_lock_is_taken_with_an_expiry_and_released_on_error(
    closed_budget, monkeypatch
):
    taken = []
    real_add = cache.add

    def add(key, value, timeout=None, **kwargs):
        taken.append((key, timeout))
        return real_add(key, value, timeout, **kwargs)

    def broken(*args, **kwargs):
        raise RuntimeError("the counting machine broke")

    monkeypatch.setattr(cache, "add", add)
    monkeypatch.setattr(counting, "count", broken)
    lock = _lock(closed_budget, "mes")
    pot = closed_budget.pots()[0]
    with pytest.raises(RuntimeError):
        results_service.pot_result(closed_budget, "mes", pot, wait=False)
    assert taken == [(lock, results_service.COUNT_LOCK_SECONDS)]
    assert cache.get(lock) is None
    assert not CountedResult.objects.exists()


@pytest.mark.django_db
def test_a_dead_process_lock_runs_out(closed_budget, counted, settings):
    # Expiry runs on the cache server's clock, which time travel cannot move
    # when the cache is Redis (CI): this test uses the memory cache.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    pot = closed_budget.pots()[0]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert cache.add(
            _lock(closed_budget, "mes"), "dead", results_service.COUNT_LOCK_SECONDS
        )
        with pytest.raises(results_service.CountingInProgress):
            results_service.pot_result(closed_budget, "mes", pot, wait=False)
        traveller.shift(results_service.COUNT_LOCK_SECONDS + 1)
        result = results_service.pot_result(closed_budget, "mes", pot, wait=False)
    assert result["rule"] == "mes"
    assert counted.calls == 1


def _ask_at_once(
    budget: Budget, rule: str, *, wait: bool, askers: int = 4, refused=None
):
    """``askers`` threads ask for the same count at the same moment.

    ``refused`` (an event) is set once all but one were told to come back.
    """
    pot = budget.pots()[0]
    barrier = threading.Barrier(askers)
    answers, errors = [], []

    def ask():
        try:
            barrier.wait(timeout=10)
            answers.append(results_service.pot_result(budget, rule, pot, wait=wait))
        except results_service.CountingInProgress:
            answers.append("counting")
            if refused is not None and answers.count("counting") == askers - 1:
                refused.set()
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(askers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return answers


@pytest.mark.django_db(transaction=True)
def test_requests_at_once_count_once_and_the_others_are_told_to_wait(
    organisation, counted
):
    budget = make_budget(organisation)
    ballot_submit(
        voter=make_user("one@example.com"),
        budget=budget,
        project_ids=project_pks(budget, "A", "C"),
    )
    counted.hold = threading.Event()  # counting until the others were refused
    answers = _ask_at_once(budget, "mes_add1_greedy", wait=False, refused=counted.hold)
    assert counted.calls == 1
    assert answers.count("counting") == 3
    [result] = [answer for answer in answers if answer != "counting"]
    assert result["winners"] == ["A", "C"]
    assert CountedResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_callers_that_wait_get_the_one_count(organisation, counted):
    """The command line and officials' pages wait for the running count."""
    budget = make_budget(organisation)
    ballot_submit(
        voter=make_user("one@example.com"),
        budget=budget,
        project_ids=project_pks(budget, "B"),
    )
    counted.delay = 0.5
    answers = _ask_at_once(budget, "mes", wait=True)
    assert counted.calls == 1
    assert [answer["winners"] for answer in answers] == [["B"]] * 4
