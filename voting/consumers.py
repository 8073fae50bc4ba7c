"""The live tally socket: ``/ws/budgets/<slug>/tally/``.

Thin and read-only (STYLE.md): on connect it finds the budget, subscribes to the
process's live hub first and then sends the current snapshot, so nothing falls in
between. Each snapshot is filtered for this user (results visibility) before it
is sent; versions never go backwards on one socket.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from budgets.models import Budget
from participation.live import get_hub
from participation.rules import is_official_of

from .selectors import FULL, tally_filtered, tally_snapshot


@database_sync_to_async
def read_tally(key: str) -> dict:
    """Read the full tally snapshot of budget ``key`` (its primary key)."""
    return tally_snapshot(Budget.objects.get(pk=int(key)))


@database_sync_to_async
def find_budget(slug: str, user) -> tuple[Budget | None, bool]:
    budget = Budget.objects.select_related("organisation").filter(slug=slug).first()
    if budget is None:
        return None, False
    return budget, is_official_of(user, budget.organisation)


class TallyConsumer(AsyncJsonWebsocketConsumer):
    """Pushes ``{"type": "tally", "v": N, ...}`` snapshots of one budget."""

    async def connect(self):
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.budget, self.is_official = await find_budget(slug, self.scope.get("user"))
        if b"public=1" in self.scope.get("query_string", b"").split(b"&"):
            # the town-hall screen shows what the public may see, even when an
            # official is signed in on the projector's browser
            self.is_official = False
        if self.budget is None:
            await self.close(code=4404)
            return
        self.last_version = -1
        self.last_sent: dict | None = None
        await self.accept()
        self.hub = get_hub()
        await self.hub.subscribe("tally", self.budget.pk, self.push, read_tally)
        await self.push(await read_tally(str(self.budget.pk)))

    async def push(self, snapshot: dict) -> None:
        """Send ``snapshot`` as this user may see it, unless it is older or the
        same as the last frame sent.

        Skipping repeats matters for a hidden tally: one frame per ballot, even
        an empty one, would let anyone count the ballots and time them.
        """
        if snapshot["v"] < self.last_version:
            return
        self.last_version = snapshot["v"]
        level = FULL if self.is_official else snapshot["public_level"]
        shown = tally_filtered(snapshot, level)
        if shown == self.last_sent:
            return
        self.last_sent = shown
        await self.send_json(shown)

    async def disconnect(self, code):
        if getattr(self, "hub", None) is not None:
            await self.hub.unsubscribe("tally", self.budget.pk, self.push)

    async def receive_json(self, content, **kwargs):
        """Clients only listen; writes go over HTTP to the services."""
