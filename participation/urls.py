"""URLs: pages under /th/ and /en/, the API under /api/v1/, sockets under /ws/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from participation import views
from participation.portal import dashboard, opendata
from participation.portal import views as portal_views

urlpatterns = [
    path("api/v1/", include("participation.portal.api_urls")),
    path("language/", views.set_language, name="set_language"),
    path("open-data/catalog.jsonld", opendata.catalog_jsonld, name="catalog_jsonld"),
]

urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("accounts/profile/", portal_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("manage/roles/", views.roles_manage, name="roles_manage"),
    path("manage/budgets/", include("budgets.urls")),
    path("comments/", include("participation.comments.urls")),
    path("notifications/", include("participation.notifications.urls")),
    path("budgets/", include("voting.urls")),
    path("proposals/", include("proposals.urls")),
    path("consultations/", include("consultations.urls")),
    path("open-data/", opendata.open_data, name="open_data"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("admin/", admin.site.urls),
)
