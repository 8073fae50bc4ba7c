from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("new/", views.budget_new, name="new"),
    path("<slug:slug>/", views.budget_detail, name="detail"),
    path("<slug:slug>/edit/", views.budget_edit, name="edit"),
    path("<slug:slug>/areas/", views.district_set, name="district_set"),
    path(
        "<slug:slug>/areas/<int:pk>/remove/",
        views.district_remove,
        name="district_remove",
    ),
    path("<slug:slug>/projects/new/", views.project_new, name="project_new"),
    path(
        "<slug:slug>/projects/from-proposal/",
        views.project_new_from_proposal,
        name="project_from_proposal",
    ),
    path("<slug:slug>/projects/<int:pk>/", views.project_edit, name="project_edit"),
    path(
        "<slug:slug>/projects/<int:pk>/review/",
        views.project_review_view,
        name="project_review",
    ),
    path("<slug:slug>/results/", views.results_publish, name="results_publish"),
    path(
        "<slug:slug>/implementation/",
        views.implementation_list,
        name="implementation_list",
    ),
    path(
        "<slug:slug>/implementation/<int:pk>/",
        views.progress_new,
        name="progress_new",
    ),
]
