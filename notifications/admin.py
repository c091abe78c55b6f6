"""Admin: notifications, the email outbox (failed emails first-class), preferences, reminders."""

from django.contrib import admin, messages

from accounts.permissions import has_role

from . import services
from .models import (
    DeliveryStatus,
    EmailDelivery,
    Notification,
    NotificationSetting,
    ReminderMark,
)


class SentToTheReader:
    """Messages quote comment threads and update requests, which exist only once submitted:
    coordinators read all of those anyway; other staff see only what was sent to them."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if has_role(request.user, "coordinator"):
            return queryset
        return queryset.filter(recipient=request.user)


@admin.register(Notification)
class NotificationAdmin(SentToTheReader, admin.ModelAdmin):
    list_display = ["id", "recipient", "verb", "message", "created_at", "read_at"]
    list_filter = ["verb"]
    search_fields = ["message", "recipient__username"]
    raw_id_fields = ["recipient", "actor"]
    date_hierarchy = "created_at"


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(SentToTheReader, admin.ModelAdmin):
    list_display = [
        "id",
        "to_address",
        "kind",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject", "recipient__username"]
    raw_id_fields = ["recipient", "notification"]
    readonly_fields = ["claimed_at", "sent_at", "attempts", "last_error", "created_at"]
    actions = ["requeue_failed"]

    @admin.action(description="Send the selected failed emails again")
    def requeue_failed(self, request, queryset):
        failed = list(queryset.filter(status=DeliveryStatus.FAILED))
        for delivery in failed:
            services.delivery_requeue(delivery=delivery)
        messages.info(request, f"{len(failed)} failed emails queued again.")


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "updated_at"]
    list_filter = ["email"]
    raw_id_fields = ["user"]


@admin.register(ReminderMark)
class ReminderMarkAdmin(admin.ModelAdmin):
    list_display = ["user", "consultation_id", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "notification"]
