"""The live tally socket: snapshot on connect, coalescing, visibility."""

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone

from budgets.models import Budget
from participation import live
from participation.asgi import application
from tests.conftest import make_budget, make_user, project_pks
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db(transaction=True)


class GatedSleep:
    """A sleep the test opens by hand, so flush timing is exact."""

    def __init__(self):
        self.gate = asyncio.Event()
        self.requested = []

    async def __call__(self, seconds):
        self.requested.append(seconds)
        await self.gate.wait()


async def session_headers(user=None):
    headers = [(b"origin", b"http://testserver")]
    if user is not None:
        client = Client()
        await database_sync_to_async(client.force_login)(user)
        name = settings.SESSION_COOKIE_NAME
        cookie = f"{name}={client.cookies[name].value}"
        headers.append((b"cookie", cookie.encode()))
    return headers


async def connect(budget, user=None):
    communicator = WebsocketCommunicator(
        application,
        f"/ws/budgets/{budget.slug}/tally/",
        headers=await session_headers(user),
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.fixture
async def hub():
    # A channel layer binds to the event loop it first ran on (channels_redis);
    # each test runs its own loop, so each gets fresh layer instances.
    channel_layers.backends.clear()
    sleep = GatedSleep()
    hub = live.LiveHub(sleep=sleep)
    live.install_hub(hub)
    hub.gated_sleep = sleep
    yield hub
    await hub.close()


vote = database_sync_to_async(ballot_submit)
create_budget = database_sync_to_async(make_budget)
create_user = database_sync_to_async(make_user)
pks_of = database_sync_to_async(project_pks)


async def test_connect_sends_the_current_snapshot(hub):
    budget = await create_budget()
    voter = await create_user("v0@example.com")
    await vote(voter=voter, budget=budget, project_ids=await pks_of(budget, "A"))
    communicator = await connect(budget)
    snapshot = await communicator.receive_json_from()
    assert snapshot["type"] == "tally"
    assert snapshot["v"] == 1
    assert snapshot["turnout"] == 1
    assert {p["id"]: p["votes"] for p in snapshot["projects"]} == {
        "A": 1,
        "B": 0,
        "C": 0,
    }
    await communicator.disconnect()


async def test_a_burst_of_ballots_gives_one_snapshot_with_the_final_count(hub):
    budget = await create_budget()
    communicator = await connect(budget)
    first = await communicator.receive_json_from()
    assert first["turnout"] == 0
    a, b = await pks_of(budget, "A", "B")
    for number in range(20):
        voter = await create_user(f"burst{number}@example.com")
        await vote(
            voter=voter, budget=budget, project_ids=[a] if number % 2 else [a, b]
        )
    await asyncio.sleep(0.2)  # let the hub read every "dirty" message
    assert await communicator.receive_nothing(timeout=0.1)
    hub.gated_sleep.gate.set()
    snapshot = await communicator.receive_json_from(timeout=2)
    assert snapshot["v"] == 20
    assert snapshot["turnout"] == 20
    assert {p["id"]: p["votes"] for p in snapshot["projects"]} == {
        "A": 20,
        "B": 10,
        "C": 0,
    }
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_pushes_are_spaced_by_the_rate_limit(hub):
    now = [100.0]
    hub.clock = lambda: now[0]
    budget = await create_budget()
    communicator = await connect(budget)
    await communicator.receive_json_from()
    hub.gated_sleep.gate.set()
    a = (await pks_of(budget, "A"))[0]
    for number, at in enumerate([100.0, 100.1, 105.0]):
        now[0] = at
        voter = await create_user(f"spaced{number}@example.com")
        await vote(voter=voter, budget=budget, project_ids=[a])
        snapshot = await communicator.receive_json_from(timeout=2)
        assert snapshot["turnout"] == number + 1
    # first push at once; 0.1 s later the next waits out the 1/4 s interval;
    # after a quiet spell the next goes at once again
    assert hub.gated_sleep.requested == pytest.approx([0, 0.15, 0])
    await communicator.disconnect()


async def test_two_clients_get_the_same_versions(hub):
    budget = await create_budget()
    first, second = await connect(budget), await connect(budget)
    await first.receive_json_from()
    await second.receive_json_from()
    hub.gated_sleep.gate.set()
    voter = await create_user("both@example.com")
    await vote(voter=voter, budget=budget, project_ids=await pks_of(budget, "C"))
    one, two = await first.receive_json_from(), await second.receive_json_from()
    assert one == two
    assert one["v"] == 1
    await first.disconnect()
    await second.disconnect()


async def test_turnout_only_budget_hides_counts_from_the_public_not_officials(hub):
    organisation_budget = await create_budget(
        results_visibility=Budget.ResultsVisibility.TURNOUT
    )
    public = await connect(organisation_budget)
    shown = await public.receive_json_from()
    assert shown["turnout"] == 0
    assert "projects" not in shown
    await public.disconnect()


@pytest.fixture
def official_and_budget(organisation, official):
    return official, make_budget(
        organisation, results_visibility=Budget.ResultsVisibility.HIDDEN
    )


async def test_hidden_budget_shows_nothing_to_the_public_everything_to_officials(
    hub, official_and_budget
):
    official, budget = official_and_budget
    public = await connect(budget)
    shown = await public.receive_json_from()
    assert shown["visibility"] == "none"
    assert "turnout" not in shown and "projects" not in shown
    staff = await connect(budget, official)
    full = await staff.receive_json_from()
    assert full["visibility"] == "full"
    assert "projects" in full
    await public.disconnect()
    await staff.disconnect()


async def test_a_hidden_tally_sends_the_public_no_frame_per_ballot(
    hub, official_and_budget
):
    """Even an empty frame per ballot would count the ballots and time them."""
    official, budget = official_and_budget
    public = await connect(budget)
    assert (await public.receive_json_from())["visibility"] == "none"
    staff = await connect(budget, official)
    await staff.receive_json_from()
    (a,) = await pks_of(budget, "A")
    for number in range(3):
        voter = await create_user(f"hidden{number}@example.com")
        await vote(voter=voter, budget=budget, project_ids=[a])
        await asyncio.sleep(0.1)
        hub.gated_sleep.gate.set()
    update = await staff.receive_json_from(timeout=2)
    assert update["turnout"] >= 1  # the official's socket moves
    assert await public.receive_nothing(timeout=0.5)
    await public.disconnect()
    await staff.disconnect()


async def test_after_voting_closes_the_public_sees_turnout_only(hub):
    now = timezone.now()
    budget = await create_budget(
        voting_opens=now - timedelta(days=2), voting_closes=now - timedelta(hours=1)
    )
    public = await connect(budget)
    shown = await public.receive_json_from()
    assert shown["visibility"] == "turnout"
    assert "projects" not in shown
    await public.disconnect()


async def test_unknown_budget_is_refused(hub):
    communicator = WebsocketCommunicator(
        application, "/ws/budgets/nope/tally/", headers=await session_headers()
    )
    connected, code = await communicator.connect()
    assert not connected or code == 4404
    await communicator.disconnect()
