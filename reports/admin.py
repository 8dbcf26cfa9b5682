"""Admin of the reports app: read-only views of builds and assessments; changes go through the portal."""

from django import forms
from django.contrib import admin

from reports import services
from reports.models import Assessment, DepartmentEmblem, DocumentBuild


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


class EmblemForm(forms.ModelForm):
    class Meta:
        model = DepartmentEmblem
        fields = ["image"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if hasattr(upload, "content_type"):  # a new file, not the one already stored
            try:
                services.emblem_check(upload)
            except services.ReportError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload


@admin.register(DepartmentEmblem)
class DepartmentEmblemAdmin(admin.ModelAdmin):
    """The administrator uploads the department's emblem once; every memo prints it 1.5 cm high."""

    form = EmblemForm
    list_display = ("__str__", "content_type", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request):
        return request.user.is_superuser and not DepartmentEmblem.objects.exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["image"]
        if hasattr(upload, "content_type"):
            saved = services.emblem_upload(upload=upload, user=request.user)
            obj.pk, obj.image, obj.content_type = saved.pk, saved.image, saved.content_type
