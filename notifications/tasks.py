"""Celery tasks: thin, take ids, re-read the database, call a service, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="notifications.send_delivery",
    acks_late=True,
    max_retries=None,  # the delivery row counts attempts; Celery only schedules the next one
    soft_time_limit=60,
    time_limit=90,
)
def send_delivery(self, delivery_id: int) -> str:
    """Send one outbox email; on an SMTP error schedule the next try after the backoff."""
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome.status == "retry" and not self.request.is_eager:
        # If this wake-up is lost (broker down), the sweep sends the delivery when it is due.
        raise self.retry(countdown=outcome.countdown)
    return outcome.status


@shared_task(name="notifications.sweep_outbox", acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_outbox() -> dict:
    """Send every due pending email (those written while the broker was down, retries)."""
    return services.deliveries_sweep()


@shared_task(name="notifications.send_digests", acks_late=True, soft_time_limit=600, time_limit=660)
def send_digests() -> int:
    """Write (and send) the daily digest of every user who chose one."""
    return services.digests_send()


@shared_task(
    name="notifications.run_reminders", acks_late=True, soft_time_limit=240, time_limit=300
)
def run_reminders() -> dict:
    """Run every reminder provider listed in settings.NOTIFICATIONS_REMINDER_PROVIDERS.

    A provider is a dotted path to a function of the domain side (e.g.
    consultation.reminders.send_due_reminders) that finds who must be reminded and calls
    notifications.services.reminders_send(); this keeps notifications free of domain imports.
    """
    results = {}
    for path in getattr(settings, "NOTIFICATIONS_REMINDER_PROVIDERS", []):
        try:
            results[path] = import_string(path)()
        except Exception:
            # One broken provider must not stop the others; the next run tries again.
            logger.exception("reminder provider %s failed", path)
            results[path] = "error"
    return results
