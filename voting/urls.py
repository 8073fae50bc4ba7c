from django.urls import path

from . import views

app_name = "voting"

urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    path("<slug:slug>/", views.budget_detail, name="budget_detail"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/results/", views.budget_results, name="results"),
    path("<slug:slug>/projects/<int:pk>/", views.project_detail, name="project_detail"),
]
