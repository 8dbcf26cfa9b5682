"""Admin of the progress app: read-only; reports are written through the portal's pages and services."""

from django.contrib import admin

from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ProgressAttachment
    fields = ("kind", "original_name", "content_type", "size", "caption", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("project", "group", "cycle", "report_date", "percent", "budget_spent", "participants")
    list_filter = ("cycle", "group")
    inlines = [AttachmentInline]


@admin.register(ExecutiveReport)
class ExecutiveReportAdmin(ReadOnlyAdmin):
    list_display = ("group", "cycle", "recipient_kind", "recipient", "reported_on")
    list_filter = ("cycle", "group", "recipient_kind")
