"""Reads of the notifications app: a user's notifications, preferences, the failed outbox."""

from django.db.models import QuerySet

from .models import (
    DeliveryStatus,
    EmailDelivery,
    EmailPreference,
    Notification,
    NotificationSetting,
    ReminderMark,
)


def notifications_for(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (by creation time, then id); nobody reads
    anyone else's."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one indexed COUNT)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_preference_of(user) -> str:
    """The user's email preference (immediate when they never chose)."""
    try:
        return user.notification_setting.email
    except NotificationSetting.DoesNotExist:
        return EmailPreference.IMMEDIATE


def email_preference_for(user_id: int) -> str:
    """The stored email preference of a user, read afresh from the database."""
    stored = NotificationSetting.objects.filter(user_id=user_id).values_list("email", flat=True)
    return stored.first() or EmailPreference.IMMEDIATE


def failed_deliveries() -> QuerySet[EmailDelivery]:
    """Emails that failed after their last attempt, newest first, for coordinators."""
    return (
        EmailDelivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("recipient")
        .order_by("-id")
    )


def reminded_user_ids(*, consultation_id: int, kind: str) -> set[int]:
    """Users who already got this reminder for this consultation (for the domain sweeps)."""
    return set(
        ReminderMark.objects.filter(consultation_id=consultation_id, kind=kind).values_list(
            "user_id", flat=True
        )
    )
