"""Live updates: mark a topic dirty after a write; push coalesced snapshots.

The pattern (DESIGN.md, "Live tallies and rooms"):

1. A service commits a write and, in ``transaction.on_commit``, calls
   ``mark_dirty("tally", budget_id)``. That sends one tiny message to the channel
   layer group ``live.tally.<id>``. A failure (Redis down) is logged, never raised,
   so a vote never fails because of a broadcast.
2. Each server process runs one ``LiveHub`` per event loop. The hub holds one
   channel that joins the group of every topic its local sockets watch, so one
   ballot costs one message per process, not one per socket.
3. On "dirty" the hub schedules one flush, at most ``LIVE_MAX_PUSHES_PER_SECOND``
   a second per topic: the snapshot is read once (its version comes from the
   database, so every process pushes the same versions) and handed to every local
   subscriber, which filters it for its user and sends it.

Subscribers join the hub before they read and send their first snapshot, so no
update falls in between (subscribe-then-read).
"""

import asyncio
import logging
import time
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger("ruamkid.live")

Snapshot = dict
Subscriber = Callable[[Snapshot], Awaitable[None]]
SnapshotReader = Callable[[str], Awaitable[Snapshot]]


def group_name(topic: str, key) -> str:
    """The channel-layer group of one topic instance (``live.tally.12``)."""
    return f"live.{topic}.{key}"


def mark_dirty(topic: str, key) -> None:
    """Tell every process that ``topic``/``key`` changed. Never raises.

    Call it from ``transaction.on_commit`` in synchronous code (a request thread
    or a management command).
    """
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(
            group_name(topic, key),
            {"type": "live.dirty", "topic": topic, "key": str(key)},
        )
    except Exception:  # a broadcast failure must never fail the write
        logger.exception("live update for %s %s could not be sent", topic, key)


class LiveHub:
    """Per-process, per-event-loop fan-out of coalesced snapshots.

    ``clock`` (seconds, monotonic) and ``sleep`` are injectable so tests can
    control exactly when a flush happens.
    """

    def __init__(
        self,
        *,
        layer=None,
        max_pushes_per_second: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        self.layer = layer if layer is not None else get_channel_layer()
        rate = max_pushes_per_second or settings.LIVE_MAX_PUSHES_PER_SECOND
        self.min_interval = 1.0 / rate
        self.clock = clock
        self.sleep = sleep
        self.channel: str | None = None
        self._listener: asyncio.Task | None = None
        self._subscribers: dict[tuple[str, str], set[Subscriber]] = defaultdict(set)
        self._readers: dict[tuple[str, str], SnapshotReader] = {}
        self._pending: dict[tuple[str, str], asyncio.Task] = {}
        self._last_push: dict[tuple[str, str], float] = {}

    async def subscribe(
        self, topic: str, key, subscriber: Subscriber, reader: SnapshotReader
    ) -> None:
        """Deliver future snapshots of ``topic``/``key`` to ``subscriber``.

        ``reader(key)`` reads a fresh snapshot; it is called once per flush.
        """
        await self._ensure_listening()
        slot = (topic, str(key))
        self._subscribers[slot].add(subscriber)
        self._readers[slot] = reader
        # Re-adding refreshes the group's expiry on Redis; it is idempotent.
        await self.layer.group_add(group_name(topic, key), self.channel)

    async def unsubscribe(self, topic: str, key, subscriber: Subscriber) -> None:
        """Stop delivering to ``subscriber``; leave the group when none is left."""
        slot = (topic, str(key))
        self._subscribers[slot].discard(subscriber)
        if not self._subscribers[slot]:
            del self._subscribers[slot]
            self._readers.pop(slot, None)
            if self.channel is not None:
                await self.layer.group_discard(group_name(topic, key), self.channel)

    def dirty(self, topic: str, key) -> None:
        """Schedule one flush of ``topic``/``key``, coalescing with any pending one."""
        slot = (topic, str(key))
        if slot not in self._subscribers or slot in self._pending:
            return
        last = self._last_push.get(slot)
        delay = (
            0.0 if last is None else max(0.0, last + self.min_interval - self.clock())
        )
        self._pending[slot] = asyncio.ensure_future(self._flush_after(slot, delay))

    async def _flush_after(self, slot: tuple[str, str], delay: float) -> None:
        try:
            await self.sleep(delay)
        finally:
            # A change arriving from here on schedules the next flush.
            self._pending.pop(slot, None)
        self._last_push[slot] = self.clock()
        reader = self._readers.get(slot)
        if reader is None:
            return
        try:
            snapshot = await reader(slot[1])
        except Exception:
            logger.exception("live snapshot of %s could not be read", slot)
            return
        for subscriber in list(self._subscribers.get(slot, ())):
            try:
                await subscriber(snapshot)
            except Exception:
                logger.exception("live snapshot could not be sent to a client")

    async def _ensure_listening(self) -> None:
        if self._listener is None or self._listener.done():
            if self.channel is None:
                # The default prefix: channels_redis reads all of a process's own
                # channels through one shared key, so a custom prefix is never read.
                self.channel = await self.layer.new_channel()
            self._listener = asyncio.ensure_future(self._listen())

    async def _listen(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except TimeoutError:
                continue  # an idle read timed out: nothing arrived
            except Exception:
                logger.exception("live hub could not read from the channel layer")
                await asyncio.sleep(1)
                continue
            if message.get("type") == "live.dirty":
                self.dirty(message["topic"], message["key"])

    async def close(self) -> None:
        """Stop listening and cancel pending flushes (tests, shutdown)."""
        for task in list(self._pending.values()):
            task.cancel()
        self._pending.clear()
        if self._listener is not None:
            self._listener.cancel()
            self._listener = None


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LiveHub]" = (
    weakref.WeakKeyDictionary()
)


def get_hub() -> LiveHub:
    """The hub of the running event loop, created on first use."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = LiveHub()
        _hubs[loop] = hub
    return hub


def install_hub(hub: LiveHub) -> None:
    """Use ``hub`` for the running event loop (tests inject a controlled clock)."""
    _hubs[asyncio.get_running_loop()] = hub
