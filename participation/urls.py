"""URLs: pages under /th/ and /en/, the API under /api/v1/, sockets under /ws/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from participation import views
from participation.portal import views as portal_views

urlpatterns = [
    path("api/v1/", include("voting.api_urls")),
    path("language/", views.set_language, name="set_language"),
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
    path("admin/", admin.site.urls),
)
