"""Admin of the themes: read-only, because every decision goes through themes.services."""

from django.contrib import admin

from themes.models import ThemeDecision


@admin.register(ThemeDecision)
class ThemeDecisionAdmin(admin.ModelAdmin):
    list_display = ["issue_text", "theme_name", "decided_by", "decided_at"]
    search_fields = ["issue_text", "theme_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
