"""Admin of the consultation app; history-aware admins so staff can see every revision."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Guideline, Section, Version, VersionSection


@admin.register(Guideline)
class GuidelineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "audience", "stage", "required_approvals"]
    list_filter = ["audience", "stage"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["editors"]
    readonly_fields = ["stage", "stage_changed_at"]


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "heading", "guideline", "revision", "updated_at", "updated_by"]
    list_filter = ["guideline"]
    search_fields = ["heading", "body"]
    # Derived or audited fields: edits go through the API's services, which keep them right.
    readonly_fields = ["number", "sort_key", "revision", "updated_at", "updated_by"]
    raw_id_fields = ["parent"]
    history_list_display = ["revision", "heading"]


class VersionSectionInline(admin.TabularInline):
    model = VersionSection
    fields = ["number", "heading", "revision", "section_key"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):  # versions are immutable: no history table
    list_display = ["label", "guideline", "created_at", "created_by"]
    list_filter = ["guideline"]
    readonly_fields = ["guideline", "label", "created_at", "created_by"]
    inlines = [VersionSectionInline]
