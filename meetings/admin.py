"""Admin of the meetings app: read-only, because every change goes through meetings.services."""

from django.contrib import admin

from meetings.models import AgendaItem, Attendance, KeyIssue, Meeting


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    raw_id_fields = ["member"]


class KeyIssueInline(ReadOnlyInline):
    model = KeyIssue
    fields = ["title", "dimension", "priority"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "group", "date", "status"]
    list_filter = ["cycle", "group", "status"]
    search_fields = ["title", "venue", "chair_name"]
    inlines = [AgendaItemInline, AttendanceInline, KeyIssueInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KeyIssue)
class KeyIssueAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "cycle", "dimension", "priority"]
    list_filter = ["cycle", "group", "dimension"]
    search_fields = ["title", "problem"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
