from django.urls import path

from .consumers import TallyConsumer

websocket_urlpatterns = [
    path("ws/budgets/<slug:slug>/tally/", TallyConsumer.as_asgi()),
]
