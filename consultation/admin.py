"""Admin of the consultation app; history-aware admins so staff can see every revision."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
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

    # The API's reading rule: other organisations' drafts (and draft states) stay invisible.
    def get_queryset(self, request):
        return comments_visible_to(request.user).select_related(None).order_by("-id")

    def _visible(self, request, object_id) -> Comment | None:
        return self.get_queryset(request).filter(pk=unquote(object_id)).first()

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        comment = self._visible(request, object_id)
        if comment is None:
            return history_manager.none()
        return comment_history_visible_to(request.user, comment)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        comment = self._visible(request, object_id)
        if (
            comment is None
            or not (
                comment_history_visible_to(request.user, comment).filter(history_id=version_id)
            ).exists()
        ):
            raise Http404("No such comment or version.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["guideline", "organisation", "status", "created_at"]
    list_filter = ["status", "guideline"]
