from django.urls import path

from budgets import views as budget_views

from . import paper_views, screen, views

app_name = "voting"

urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    # a fixed word here must be in budgets.models.RESERVED_SLUGS (a test checks)
    path("funded-projects/", budget_views.funded_projects, name="funded_projects"),
    path("<slug:slug>/", views.budget_detail, name="budget_detail"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/results/", views.budget_results, name="results"),
    path("<slug:slug>/projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("<slug:slug>/ideas/new/", budget_views.idea_new, name="idea_new"),
    path("<slug:slug>/screen/", screen.town_hall_screen, name="screen"),
    path("<slug:slug>/thai-id/", paper_views.thai_id_give, name="thai_id"),
    path("<slug:slug>/register/", paper_views.register_manage, name="register"),
    path("<slug:slug>/paper/", paper_views.paper_entry, name="paper_entry"),
    path("<slug:slug>/paper/<int:pk>/void/", paper_views.paper_void, name="paper_void"),
    path(
        "<slug:slug>/paper/print/", paper_views.paper_ballot_print, name="paper_print"
    ),
]
