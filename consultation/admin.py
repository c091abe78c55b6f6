"""Admin of the consultation app; history-aware admins so staff can see every revision."""

from django.contrib import admin
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Comment,
    Consultation,
    Guideline,
    Reply,
    Section,
    UpdateRequest,
    Version,
    VersionSection,
)
from .selectors.comments import comment_history_visible_to, comments_visible_to


@admin.register(Guideline)
class GuidelineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "audience", "stage", "required_approvals"]
    list_filter = ["audience", "stage"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["editors"]
    readonly_fields = ["stage", "stage_changed_at"]


class ReadOnlyAdmin:
    """Browse only: text and versions change through the API's services, which lock, bump the
    revision and record who and why; an admin save would skip all of that."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["number", "heading", "guideline", "revision", "updated_at", "updated_by"]
    list_filter = ["guideline"]
    search_fields = ["heading", "body"]
    history_list_display = ["revision", "heading"]


class VersionSectionInline(admin.TabularInline):
    model = VersionSection
    fields = ["number", "heading", "revision", "section_key"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):  # immutable: no history table
    list_display = ["label", "guideline", "created_at", "created_by"]
    list_filter = ["guideline"]
    readonly_fields = ["guideline", "label", "created_at", "created_by"]
    inlines = [VersionSectionInline]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["title", "guideline", "version", "opens_at", "closes_at", "visibility"]
    list_filter = ["guideline", "visibility"]
    search_fields = ["title"]


class ReplyInline(admin.TabularInline):
    model = Reply
    fields = ["author", "body", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Browse comments and every recorded change of their text and disposition."""

    list_display = [
        "id",
        "consultation",
        "organisation",
        "type",
        "status",
        "decision",
        "submitted_at",
    ]
    list_filter = ["status", "type", "decision", "consultation"]
    search_fields = ["body", "proposed_change", "organisation__name"]
    list_select_related = ["consultation", "organisation"]
    raw_id_fields = ["section", "duplicate_of", "author", "assignee"]
    inlines = [ReplyInline]
    history_list_display = ["status", "decision"]

    # The API's reading rule, for the list, search, change page, replies and history alike:
    # staff read no other organisation's draft here either.
    def get_queryset(self, request):
        return comments_visible_to(request.user)

    def _visible(self, request, object_id) -> Comment:
        comment = self.get_object(request, object_id)  # None for a malformed id, too
        if comment is None:
            raise Http404("No comment you may read has this id.")
        return comment

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """Only the recorded states the reader may see: a draft's wording stays with its
        organisation (simple-history would otherwise list every state, drafts included)."""
        return comment_history_visible_to(request.user, self._visible(request, object_id))

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the history table for an object outside get_queryset.
        self._visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history reads the record straight from the history table: check it first.
        comment = self._visible(request, object_id)
        states = comment_history_visible_to(request.user, comment)
        if not (version_id.isdigit() and states.filter(history_id=version_id).exists()):
            raise Http404("No recorded state you may read has this id.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["guideline", "organisation", "status", "created_at"]
    list_filter = ["status", "guideline"]
