"""Admin of form P1: for looking, not for changing — forms change through the portal's services."""

from django.contrib import admin

from projects_p1.models import P1Form, P1Submission, P1Transition, Project, WorkStep


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes bypassing the services would skip the rules, the history and the dashboard."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ("order", "name", "budget", "start_date", "end_date", "benefit")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(P1Form)
class P1FormAdmin(ReadOnlyAdmin):
    list_display = ("group", "cycle", "status", "version", "updated_at", "updated_by")
    list_filter = ("cycle", "status", "group")
    list_select_related = ("group", "cycle", "updated_by")
    inlines = [ProjectInline]


@admin.register(P1Submission)
class P1SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("form", "version", "submitted_at", "submitted_by", "is_late", "status")
    list_filter = ("status", "is_late")
    list_select_related = ("form__group", "form__cycle", "submitted_by")


@admin.register(P1Transition)
class P1TransitionAdmin(ReadOnlyAdmin):
    list_display = ("form", "action", "from_status", "to_status", "user", "at")
    list_filter = ("action",)
    list_select_related = ("form__group", "form__cycle", "user")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "form", "order", "budget", "start_date", "end_date")
    list_select_related = ("form__group", "form__cycle")
    search_fields = ("name",)


@admin.register(WorkStep)
class WorkStepAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "order", "start_date", "end_date")
    list_select_related = ("project",)
