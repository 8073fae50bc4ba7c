"""The hearing room socket: snapshot on connect, live questions and upvotes,
hidden questions only for moderators, polls opening and closing."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from consultations.services import (
    member_participant,
    new_walkin_participant,
    poll_save,
    poll_set_status,
    poll_vote,
    room_question_ask,
    room_question_moderate,
    room_question_upvote,
)
from participation import live
from participation.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def session_headers(user=None):
    headers = [(b"origin", b"http://testserver")]
    if user is not None:
        client = Client()
        await database_sync_to_async(client.force_login)(user)
        name = settings.SESSION_COOKIE_NAME
        headers.append((b"cookie", f"{name}={client.cookies[name].value}".encode()))
    return headers


async def connect(hearing, user=None):
    communicator = WebsocketCommunicator(
        application,
        f"/ws/rooms/{hearing.room_code}/",
        headers=await session_headers(user),
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.fixture
async def hub():
    channel_layers.backends.clear()
    hub = live.LiveHub()
    live.install_hub(hub)
    yield hub
    await hub.close()


ask = database_sync_to_async(room_question_ask)
upvote = database_sync_to_async(room_question_upvote)
moderate = database_sync_to_async(room_question_moderate)
new_poll = database_sync_to_async(poll_save)
set_poll = database_sync_to_async(poll_set_status)
answer_poll = database_sync_to_async(poll_vote)


async def latest(communicator, predicate, timeout=2):
    """Read snapshots until one satisfies ``predicate``; return it."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        assert remaining > 0, "no matching snapshot arrived"
        snapshot = await communicator.receive_json_from(timeout=remaining)
        assert snapshot["type"] == "room"
        if predicate(snapshot):
            return snapshot


async def test_one_asks_the_other_sees_it(hub, hearing, citizen):
    first, second = await connect(hearing), await connect(hearing, citizen)
    start = await first.receive_json_from()
    await second.receive_json_from()
    assert start["questions"] == [] and start["open"] is True
    await ask(
        session=hearing,
        participant=member_participant(citizen),
        body="ตลาดจะเปิดกี่โมง",
        user=citizen,
    )
    for communicator in (first, second):
        snapshot = await latest(communicator, lambda s: s["questions"])
        assert snapshot["questions"][0]["body"] == "ตลาดจะเปิดกี่โมง"
        assert snapshot["v"] > start["v"]
    await first.disconnect()
    await second.disconnect()


async def test_upvotes_reorder_the_list(hub, hearing):
    walkin = new_walkin_participant()
    first = await ask(session=hearing, participant=walkin, body="ข้อแรก")
    second = await ask(session=hearing, participant=walkin, body="ข้อสอง")
    communicator = await connect(hearing)
    snapshot = await communicator.receive_json_from()
    assert [q["id"] for q in snapshot["questions"]] == [first.pk, second.pk]
    await upvote(question=second, participant=new_walkin_participant())
    snapshot = await latest(communicator, lambda s: s["questions"][0]["upvotes"])
    assert [q["id"] for q in snapshot["questions"]] == [second.pk, first.pk]
    await communicator.disconnect()


async def test_a_hidden_question_disappears_for_all_but_moderators(
    hub, hearing, moderator
):
    question = await ask(
        session=hearing, participant=new_walkin_participant(), body="ขายของออนไลน์"
    )
    public = await connect(hearing)
    staff = await connect(hearing, moderator)
    assert len((await public.receive_json_from())["questions"]) == 1
    assert (await staff.receive_json_from())["moderator"] is True
    await moderate(
        moderator=moderator, question=question, action="hide", reason="โฆษณา"
    )
    gone = await latest(public, lambda s: not s["questions"])
    assert gone["questions"] == []
    kept = await latest(staff, lambda s: s["questions"] and s["questions"][0]["hidden"])
    assert kept["questions"][0]["reason"] == "โฆษณา"
    await public.disconnect()
    await staff.disconnect()


async def test_a_poll_opens_moves_and_closes(hub, hearing, official, citizen):
    poll = await new_poll(
        official=official,
        session=hearing,
        question_th="เห็นด้วยหรือไม่",
        options_th="เห็นด้วย\nไม่เห็นด้วย",
    )
    room = await connect(hearing, citizen)
    assert (await room.receive_json_from())["polls"] == []  # prepared: not shown
    await set_poll(official=official, poll=poll, to_status="open")
    opened = await latest(room, lambda s: s["polls"])
    assert opened["polls"][0]["status"] == "open"
    await answer_poll(poll=poll, participant=member_participant(citizen), option=0)
    moved = await latest(room, lambda s: s["polls"] and s["polls"][0]["total"] == 1)
    assert moved["polls"][0]["options"][0]["votes"] == 1
    await set_poll(official=official, poll=poll, to_status="closed")
    closed = await latest(room, lambda s: s["polls"][0]["status"] == "closed")
    assert closed["polls"][0]["options"][0]["votes"] == 1
    await room.disconnect()


async def test_unknown_room_is_refused(hub):
    communicator = WebsocketCommunicator(
        application, "/ws/rooms/NOPE99/", headers=await session_headers()
    )
    connected, code = await communicator.connect()
    assert not connected or code == 4404
    await communicator.disconnect()


async def test_a_client_that_drops_off_gets_everything_on_reconnect(hub, hearing):
    phone = await connect(hearing)
    before = await phone.receive_json_from()
    await phone.disconnect()  # the phone loses its network for a while
    walkin = new_walkin_participant()
    for number in range(3):
        await ask(session=hearing, participant=walkin, body=f"คำถามที่ {number}")
    phone = await connect(hearing)
    after = await phone.receive_json_from()
    assert after["v"] == before["v"] + 3
    assert len(after["questions"]) == 3
    await phone.disconnect()
