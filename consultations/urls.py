from django.urls import path

from .views import consultations, questionnaire, reports, rooms

app_name = "consultations"

urlpatterns = [
    path("", consultations.consultation_list, name="list"),
    path("new/", consultations.consultation_create_view, name="create"),
    path("rooms/", rooms.room_join, name="join"),
    path("rooms/<str:code>/", rooms.room, name="room"),
    path("rooms/<str:code>/projector/", rooms.projector, name="projector"),
    path("rooms/<str:code>/snapshot/", rooms.room_snapshot_view, name="snapshot"),
    path("rooms/<str:code>/ask/", rooms.room_ask, name="ask"),
    path("rooms/<str:code>/open/", rooms.room_open_view, name="room_open"),
    path("rooms/<str:code>/edit/", rooms.session_create, name="session_edit"),
    path("rooms/<str:code>/register/", rooms.session_register_view, name="register"),
    path(
        "rooms/<str:code>/questions/<int:pk>/upvote/",
        rooms.room_upvote,
        name="upvote",
    ),
    path(
        "rooms/<str:code>/questions/<int:pk>/moderate/",
        rooms.room_moderate,
        name="moderate",
    ),
    path("rooms/<str:code>/polls/", rooms.poll_create, name="poll_create"),
    path(
        "rooms/<str:code>/polls/<int:pk>/status/", rooms.poll_status, name="poll_status"
    ),
    path("rooms/<str:code>/polls/<int:pk>/vote/", rooms.poll_answer, name="poll_vote"),
    path("<slug:slug>/", consultations.consultation_detail, name="detail"),
    path("<slug:slug>/edit/", consultations.consultation_edit_view, name="edit"),
    path("<slug:slug>/status/", consultations.consultation_status_view, name="status"),
    path("<slug:slug>/draft/", consultations.draft_download, name="draft"),
    path(
        "<slug:slug>/sections/new/",
        consultations.section_edit_view,
        name="section_create",
    ),
    path(
        "<slug:slug>/sections/<int:number>/",
        consultations.section_detail,
        name="section",
    ),
    path(
        "<slug:slug>/sections/<int:number>/edit/",
        consultations.section_edit_view,
        name="section_edit",
    ),
    path(
        "<slug:slug>/questionnaire/", questionnaire.questionnaire, name="questionnaire"
    ),
    path(
        "<slug:slug>/questionnaire/questions/new/",
        questionnaire.question_create,
        name="question_create",
    ),
    path(
        "<slug:slug>/questionnaire/answers.csv",
        questionnaire.responses_export,
        name="export",
    ),
    path("<slug:slug>/sessions/new/", rooms.session_create, name="session_create"),
    path("<slug:slug>/report/", reports.report_detail, name="report"),
    path("<slug:slug>/report/edit/", reports.report_edit, name="report_edit"),
    path("<slug:slug>/report/print/", reports.report_print, name="report_print"),
]
