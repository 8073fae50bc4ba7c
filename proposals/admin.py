from django.contrib import admin

from .models import Category, Proposal, ProposalSettings, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "answer", "changed_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the site so they are answered."""

    list_display = ["tracking_number", "title", "kind", "status", "submitted_at"]
    list_filter = ["kind", "status", "organisation"]
    search_fields = ["tracking_number", "title"]
    readonly_fields = ["tracking_number", "status", "support_count", "comment_count"]
    inlines = [StatusChangeInline]


admin.site.register(Category)
admin.site.register(ProposalSettings)
