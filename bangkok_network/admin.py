from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bangkok_network import models


@admin.register(models.DistrictGroup)
class DistrictGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order"]


@admin.register(models.District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(models.PlanDimension)
class PlanDimensionAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(models.NationalStrategy)
class NationalStrategyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


class CalendarStepInline(admin.TabularInline):
    model = models.CalendarStep
    extra = 0


@admin.register(models.Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["fiscal_year", "memo_number", "memo_date", "signer_name"]
    inlines = [CalendarStepInline]


@admin.register(models.DistrictAssignment)
class DistrictAssignmentAdmin(admin.ModelAdmin):
    list_display = ["cycle", "district", "group"]
    list_filter = ["cycle", "group"]


@admin.register(models.StepProgress)
class StepProgressAdmin(SimpleHistoryAdmin):
    list_display = ["step", "group", "status", "submitted_at", "acted_by"]
    list_filter = ["step__cycle", "status", "group"]


@admin.register(models.UserProfile)
class UserProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "group"]
    list_filter = ["role", "group"]


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in models.AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(models.ReminderLog)
admin.site.site_header = "ระบบเครือข่ายประชาสังคม กรุงเทพมหานคร"
