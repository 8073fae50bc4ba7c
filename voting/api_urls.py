from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("budgets/<slug:slug>/tally/", api.tally, name="tally"),
    path("budgets/<slug:slug>/results/", api.results, name="results"),
    path("budgets/<slug:slug>/export.pb", api.export_pb, name="export_pb"),
    path("budgets/<slug:slug>/ballot/", api.ballot, name="ballot"),
]
