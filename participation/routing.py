"""All WebSocket routes, under ``/ws/`` (no language prefix)."""

from voting.routing import websocket_urlpatterns as voting_routes

websocket_urlpatterns = [*voting_routes]
