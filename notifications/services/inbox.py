"""notify(): in-app notifications and their outbox rows; marking read; email preferences."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.i18n import in_language_of

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


@dataclass(frozen=True)
class Event:
    """One thing to tell its recipients (users or ids): what happened, to which object, by whom."""

    recipients: Iterable
    verb: str
    message: str
    target_type: str
    target_id: int
    actor: object = None


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

    One event of `notify_many`: see there for what is written and sent.
    """
    return notify_many(
        [
            Event(
                recipients=recipients,
                verb=verb,
                message=message,
                target_type=target_type,
                target_id=target_id,
                actor=actor,
            )
        ]
    )


def _message_for(event: Event, user) -> str:
    """The event's message in the recipient's language, on one line and within the limit.

    Stored as rendered: a notification reads in the language its recipient had chosen when it
    was sent, like an e-mail already sent (a message may be built lazily for that reason).
    """
    with in_language_of(user):
        return " ".join(str(event.message).split())[:MESSAGE_MAX_CHARS]


@transaction.atomic
def notify_many(events: Iterable[Event]) -> list[Notification]:
    """Tell the recipients of many events at once, in a constant number of queries.

    Runs inside the caller's transaction, so the notifications and the outbox rows commit or
    roll back with the change they report. Inactive users and each event's actor (people are
    not told about their own actions) are skipped. Email follows each recipient's preference:
    immediate -> an outbox row, sent by a Celery task after commit (or by the sweep when the
    broker is down); daily -> marked for the daily digest; off -> none. One read of the
    recipients and their preferences, one bulk insert of notifications and one of outbox rows,
    one publish after commit, whatever the number of events. Returns the notifications written.
    """
    planned = []
    for event in events:
        if event.verb not in Verb.values:
            raise ValueError(
                f"Unknown notification verb {event.verb!r}; add it to notifications.Verb."
            )
        actor_id = getattr(event.actor, "pk", event.actor)
        user_ids = [uid for uid in _user_ids(event.recipients) if uid != actor_id]
        if user_ids:
            planned.append((event, actor_id, user_ids))
    if not planned:
        return []
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={uid for *_, ids in planned for uid in ids}, is_active=True)
        .select_related("notification_setting")
    }
    now = timezone.now()
    preferences = {pk: email_preference_of(user) for pk, user in users.items()}
    rows = [
        (
            event,
            users[uid],
            Notification(
                recipient=users[uid],
                verb=event.verb,
                message=_message_for(event, users[uid]),
                target_type=event.target_type,
                target_id=event.target_id,
                actor_id=actor_id,
                created_at=now,
                digest_pending=preferences[uid] == EmailPreference.DAILY and bool(users[uid].email),
            ),
        )
        for event, actor_id, user_ids in planned
        for uid in sorted(user_ids)
        if uid in users
    ]
    notifications = Notification.objects.bulk_create([notification for *_, notification in rows])
    deliveries = []
    for _, user, notification in rows:
        if preferences[user.pk] != EmailPreference.IMMEDIATE or not user.email:
            continue
        with in_language_of(user):
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
    first = planned[0][0]
    logger.info(
        "notify verb=%s target=%s:%s events=%d notifications=%d emails=%d",
        first.verb,
        first.target_type,
        first.target_id,
        len(planned),
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
