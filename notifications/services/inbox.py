"""notify(): in-app notifications and their outbox rows; marking read; email preferences."""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..emails import render_notification_email
from ..models import (
    DeliveryKind,
    EmailDelivery,
    EmailPreference,
    Notification,
    NotificationSetting,
    Verb,
)
from ..selectors import email_preference_of
from .outbox import publish_deliveries

logger = logging.getLogger(__name__)

MESSAGE_MAX_CHARS = 1000


def _user_ids(recipients: Iterable) -> list[int]:
    """Accept users or ids, keep the first occurrence of each, in order."""
    seen: dict[int, None] = {}
    for recipient in recipients:
        user_id = recipient if isinstance(recipient, int) else recipient.pk
        if user_id is not None:
            seen.setdefault(int(user_id), None)
    return list(seen)


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    verb: str,
    message: str,
    target_type: str,
    target_id: int,
    actor=None,
) -> list[Notification]:
    """Tell each recipient (users or ids) about an event, in the app and by email.

    Runs inside the caller's transaction, so the notifications and the outbox rows commit or
    roll back with the change they report. Inactive users and the actor (people are not told
    about their own actions) are skipped. Email follows each recipient's preference:
    immediate -> an outbox row, sent by a Celery task after commit (or by the sweep when the
    broker is down); daily -> marked for the daily digest; off -> none.
    Returns the notifications written.
    """
    if verb not in Verb.values:
        raise ValueError(f"Unknown notification verb {verb!r}; add it to notifications.Verb.")
    message = " ".join(str(message).split())[:MESSAGE_MAX_CHARS]
    actor_id = getattr(actor, "pk", actor)
    user_ids = [uid for uid in _user_ids(recipients) if uid != actor_id]
    if not user_ids:
        return []
    users = list(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .select_related("notification_setting")
        .order_by("pk")
    )
    now = timezone.now()
    preferences = {user.pk: email_preference_of(user) for user in users}
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                verb=verb,
                message=message,
                target_type=target_type,
                target_id=target_id,
                actor_id=actor_id,
                created_at=now,
                digest_pending=preferences[user.pk] == EmailPreference.DAILY and bool(user.email),
            )
            for user in users
        ]
    )
    deliveries = []
    for notification, user in zip(notifications, users, strict=True):
        if preferences[user.pk] != EmailPreference.IMMEDIATE or not user.email:
            continue
        subject, text, html = render_notification_email(notification, user)
        deliveries.append(
            EmailDelivery(
                recipient=user,
                notification=notification,
                kind=DeliveryKind.IMMEDIATE,
                to_address=user.email,
                subject=subject,
                body_text=text,
                body_html=html,
                created_at=now,
                next_attempt_at=now,
            )
        )
    deliveries = EmailDelivery.objects.bulk_create(deliveries)
    publish_deliveries([delivery.pk for delivery in deliveries])
    logger.info(
        "notify verb=%s target=%s:%s notifications=%d emails=%d",
        verb,
        target_type,
        target_id,
        len(notifications),
        len(deliveries),
    )
    return notifications


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one of the caller's notifications read (idempotent: the first read time stays)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preference_set(*, user, email: str) -> NotificationSetting:
    """Set the user's email preference (immediate, daily or off).

    Switching away from the daily digest does not drop what already waits for it: the next
    digest run still sends those (or, when the choice is now "off", discards them).
    """
    if email not in EmailPreference.values:
        raise ValueError(f"Unknown email preference {email!r}.")
    setting, _ = NotificationSetting.objects.select_for_update().get_or_create(user=user)
    if setting.email != email:
        setting.email = email
        setting.save(update_fields=["email", "updated_at"])
    return setting
