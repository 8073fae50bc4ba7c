"""Every endpoint of the public API under ``/api/v1/`` (one namespace, ``api``).

The portal assembles the domain apps' ``api`` modules here, as it may import
them (DESIGN: dependency order); each app keeps its own views and schemas.
"""

from django.urls import path

from consultations import api as consultations_api
from proposals import api as proposals_api
from voting import api as voting_api

from . import openapi

app_name = "api"

urlpatterns = [
    path("openapi.json", openapi.openapi_view, name="openapi"),
    path("proposals/", proposals_api.proposal_list, name="proposal_list"),
    path(
        "proposals/<str:tracking>/",
        proposals_api.proposal_detail,
        name="proposal_detail",
    ),
    path(
        "consultations/", consultations_api.consultation_list, name="consultation_list"
    ),
    path(
        "consultations/<slug:slug>/",
        consultations_api.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "consultations/<slug:slug>/report/",
        consultations_api.consultation_report,
        name="consultation_report",
    ),
    path(
        "consultations/<slug:slug>/questionnaire.csv",
        consultations_api.questionnaire_csv,
        name="consultation_questionnaire",
    ),
    path("budgets/", voting_api.budget_list, name="budget_list"),
    path("budgets/<slug:slug>/", voting_api.budget_detail, name="budget_detail"),
    path(
        "budgets/<slug:slug>/projects/",
        voting_api.project_list,
        name="budget_projects",
    ),
    path("budgets/<slug:slug>/tally/", voting_api.tally, name="tally"),
    path("budgets/<slug:slug>/results/", voting_api.results, name="results"),
    path("budgets/<slug:slug>/export.pb", voting_api.export_pb, name="export_pb"),
    path("budgets/<slug:slug>/ballots.csv", voting_api.ballots_csv, name="ballots_csv"),
    path("budgets/<slug:slug>/ballot/", voting_api.ballot, name="ballot"),
]
