"""Admin of the reports app: read-only views of builds and assessments; changes go through the portal."""

from django.contrib import admin

from reports.models import Assessment, DocumentBuild


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentBuild)
class DocumentBuildAdmin(ReadOnlyAdmin):
    list_display = ("kind", "cycle", "group", "format", "status", "progress", "created_at", "finished_at")
    list_filter = ("kind", "status", "format", "cycle", "group")
    search_fields = ("error",)

    def has_delete_permission(self, request, obj=None):
        # Clearing a stuck or failed build is the one repair an administrator may need.
        return request.user.is_superuser


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("group", "cycle", "total_score", "assessed_by", "assessed_at")
    list_filter = ("cycle", "group")
