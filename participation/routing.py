"""All WebSocket routes, under ``/ws/`` (no language prefix)."""

from consultations.routing import websocket_urlpatterns as consultation_routes
from voting.routing import websocket_urlpatterns as voting_routes

websocket_urlpatterns = [*voting_routes, *consultation_routes]
