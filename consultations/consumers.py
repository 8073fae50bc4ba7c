"""The hearing room socket: ``/ws/rooms/<code>/``.

Thin and read-only, like the live tally (STYLE.md): it finds the session by its
room code, subscribes to the process's live hub first and then sends the
current snapshot, so nothing falls in between. Each snapshot is filtered for
this person (hidden questions and prepared polls only for moderators); versions
never go backwards on one socket. Questions, upvotes and poll answers go over
HTTP to the services.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from participation.live import get_hub

from .models import HearingSession
from .selectors import room_filtered, room_snapshot
from .services import can_moderate_room, normalise_code


@database_sync_to_async
def read_room(key: str) -> dict:
    """Read the full snapshot of hearing session ``key`` (its primary key)."""
    return room_snapshot(HearingSession.objects.get(pk=int(key)))


@database_sync_to_async
def find_session(code: str, user) -> tuple[HearingSession | None, bool]:
    session = (
        HearingSession.objects.select_related("consultation__organisation")
        .filter(room_code=normalise_code(code))
        .exclude(consultation__status="draft")
        .first()
    )
    if session is None:
        return None, False
    return session, can_moderate_room(user, session)


class RoomConsumer(AsyncJsonWebsocketConsumer):
    """Pushes ``{"type": "room", "v": N, ...}`` snapshots of one hearing room."""

    async def connect(self):
        code = self.scope["url_route"]["kwargs"]["code"]
        self.session, self.moderator = await find_session(code, self.scope.get("user"))
        if self.session is None:
            await self.close(code=4404)
            return
        self.last_version = -1
        await self.accept()
        self.hub = get_hub()
        await self.hub.subscribe("room", self.session.pk, self.push, read_room)
        await self.push(await read_room(str(self.session.pk)))

    async def push(self, snapshot: dict) -> None:
        """Send ``snapshot`` as this person may see it, unless it is older."""
        if snapshot["v"] < self.last_version:
            return
        self.last_version = snapshot["v"]
        await self.send_json(room_filtered(snapshot, moderator=self.moderator))

    async def disconnect(self, code):
        if getattr(self, "hub", None) is not None:
            await self.hub.unsubscribe("room", self.session.pk, self.push)

    async def receive_json(self, content, **kwargs):
        """Clients only listen; writes go over HTTP to the services."""
