"""Every write of the notifications app; other apps call notify() and reminders_send()."""

from .inbox import (
    Event,
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    notify_many,
    preference_set,
)
from .outbox import (
    SendOutcome,
    deliveries_sweep,
    delivery_requeue,
    delivery_send,
    digest_send,
    digests_send,
    publish_deliveries,
)
from .reminders import reminder_send, reminders_send

__all__ = [
    "Event",
    "SendOutcome",
    "deliveries_sweep",
    "delivery_requeue",
    "delivery_send",
    "digest_send",
    "digests_send",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "notify_many",
    "preference_set",
    "publish_deliveries",
    "reminder_send",
    "reminders_send",
]
