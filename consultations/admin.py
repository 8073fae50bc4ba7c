"""Admin screens for support staff; questionnaire answers are not listed."""

from django.contrib import admin

from .models import Consultation, HearingSession, Poll, Report, RoomQuestion, Section


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = (
        "slug",
        "title_th",
        "organisation",
        "status",
        "opens_at",
        "closes_at",
    )
    list_filter = ("status", "organisation")
    search_fields = ("slug", "title_th", "title_en")
    inlines = [SectionInline]


@admin.register(HearingSession)
class HearingSessionAdmin(admin.ModelAdmin):
    list_display = ("title_th", "consultation", "mode", "starts_at", "room_code")
    readonly_fields = ("room_version",)


@admin.register(RoomQuestion)
class RoomQuestionAdmin(admin.ModelAdmin):
    list_display = ("body", "session", "upvote_count", "answered_at", "hidden_at")
    exclude = ("participant",)


admin.site.register(Poll)
admin.site.register(Report)
