"""Admin of the registry: read-mostly; changes go through the portal's pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.models import CommunityImport, CommunityMember, Member


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ("display_name", "kind", "group", "cycle", "district", "is_active", "is_erased")
    list_filter = ("cycle", "group", "kind", "is_active", "is_erased", "source")
    search_fields = ("search_key",)
    readonly_fields = ("search_key", "sort_key", "name_key", "phone_key", "is_erased", "erased_at")
    raw_id_fields = ("source_community_member", "possible_duplicate_of")


@admin.register(CommunityMember)
class CommunityMemberAdmin(admin.ModelAdmin):
    list_display = ("display_name", "district", "fiscal_year", "community", "is_erased")
    list_filter = ("fiscal_year", "district")
    search_fields = ("search_key",)
    readonly_fields = ("search_key", "sort_key", "name_key", "phone_key")
    raw_id_fields = ("source_import",)


@admin.register(CommunityImport)
class CommunityImportAdmin(admin.ModelAdmin):
    list_display = (
        "filename",
        "district",
        "fiscal_year",
        "status",
        "imported_count",
        "duplicate_count",
        "rejected_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "fiscal_year")
    exclude = ("rows", "rejected")
    readonly_fields = (
        "district",
        "fiscal_year",
        "filename",
        "status",
        "imported_count",
        "duplicate_count",
        "rejected_count",
        "created_by",
        "confirmed_at",
    )

    def has_add_permission(self, request):
        # An import is made only by the import page (file, preview, confirm); every field here is
        # read-only, so an "add" form here could only save an empty, broken import.
        return False
