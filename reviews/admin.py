"""Admin of review records: the transition log is read-only, approvals keep their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Approval, StageTransition


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["guideline", "from_stage", "to_stage", "actor", "created_at"]
    list_filter = ["to_stage"]
    list_select_related = ["guideline", "actor"]
    readonly_fields = ["guideline", "from_stage", "to_stage", "actor", "reason", "created_at"]

    # Append-only: the log is written by reviews.services.guideline_transition alone.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Approval)
class ApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["guideline", "round", "approver", "decision", "updated_at"]
    list_filter = ["decision"]
    list_select_related = ["guideline", "approver"]
    readonly_fields = ["guideline", "round", "approver", "created_at", "updated_at"]
