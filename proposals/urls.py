from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("register/", views.proposal_register, name="register"),
    path("track/", views.track, name="track"),
    path("desk/", views.desk, name="desk"),
    path("<str:tracking_number>/", views.proposal_detail, name="detail"),
    path("<str:tracking_number>/photo.jpg", views.proposal_photo, name="photo"),
    path("<str:tracking_number>/receipt/", views.proposal_receipt, name="receipt"),
    path("<str:tracking_number>/publish/", views.proposal_publish_view, name="publish"),
    path("<str:tracking_number>/support/", views.proposal_support_view, name="support"),
    path("<str:tracking_number>/status/", views.proposal_status_view, name="status"),
]
