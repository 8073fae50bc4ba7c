from django.contrib import admin

from .models import Budget, BudgetDistrict, Project


class ProjectInline(admin.TabularInline):
    model = Project
    extra = 0
    fields = ["external_id", "name_th", "name_en", "cost", "area", "feasibility"]


class DistrictInline(admin.TabularInline):
    model = BudgetDistrict
    extra = 0


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "name_th",
        "total",
        "currency",
        "voting_opens",
        "voting_closes",
    ]
    inlines = [DistrictInline, ProjectInline]
