from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("", views.comment_create_view, name="create"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<int:pk>/flag/", views.comment_flag_view, name="flag"),
    path("<int:pk>/hide/", views.comment_hide_view, name="hide"),
    path("<int:pk>/restore/", views.comment_restore_view, name="restore"),
    path("<int:pk>/keep/", views.comment_keep_view, name="keep"),
]
