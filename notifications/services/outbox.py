"""The email outbox: publish after commit, claim once, send, retry with backoff, sweep, digests.

A delivery row moves pending -> sending -> sent, or back to pending with a later
next_attempt_at after an SMTP error, or to failed after the last attempt. The move to
"sending" is one conditional UPDATE, so however many tasks and sweeps race for a row, only
one sends it. The only window for a second email is a worker dying after the SMTP server
accepted the message and before the row says "sent" (the stale-claim reset then re-sends);
SMTP offers no way to close that window.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.i18n import in_language_of
from common.publishing import publish

from ..emails import render_digest_email
from ..models import DeliveryKind, DeliveryStatus, EmailDelivery, EmailPreference, Notification
from ..selectors import email_preference_of

logger = logging.getLogger(__name__)


def max_attempts() -> int:
    """How many times a delivery is tried before it is recorded as failed."""
    return int(getattr(settings, "NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", 5))


def backoff_seconds(attempts: int) -> int:
    """Wait before the next try after `attempts` failed ones: 1, 4, 16, 64 minutes..."""
    base = int(getattr(settings, "NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS", 60))
    return base * 4 ** max(attempts - 1, 0)


def stale_claim_seconds() -> int:
    """A claim older than this belongs to a worker that died mid-send."""
    return int(getattr(settings, "NOTIFICATIONS_STALE_CLAIM_SECONDS", 600))


def publish_deliveries(delivery_ids: list[int]) -> None:
    """After the current transaction commits, ask Celery to send each delivery.

    A broker that cannot be reached must not fail or slow the request that wrote the rows:
    publishing does not retry (retry=False; the broker transport fails fast), the error is
    logged with the delivery ids, and the periodic sweep sends what is left pending.
    """
    if not delivery_ids:
        return
    ids = list(delivery_ids)

    transaction.on_commit(
        lambda: publish("notifications.send_delivery", ids, what="deliveries"), robust=True
    )


@dataclass(frozen=True)
class SendOutcome:
    """What delivery_send did: sent, retry (after `countdown` seconds), failed or skipped."""

    status: str
    countdown: int = 0


def _claim(delivery_id: int) -> bool:
    """Atomically take a due pending delivery; True for exactly one caller."""
    now = timezone.now()
    claimed = EmailDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """Claim a due pending delivery and send it; record success, retry time or failure.

    Deliberately not one transaction: the claim must be committed before talking to the SMTP
    server, so that a concurrent task or sweep sees it and backs off. Returns "skipped" when
    the delivery is not due, already claimed or already sent (duplicates are harmless).
    """
    if not _claim(delivery_id):
        return SendOutcome("skipped")
    delivery = EmailDelivery.objects.get(pk=delivery_id)
    try:
        email = EmailMultiAlternatives(
            subject=delivery.subject,
            body=delivery.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.to_address],
            headers={"X-Concord-Delivery": str(delivery.pk)},
        )
        if delivery.body_html:
            email.attach_alternative(delivery.body_html, "text/html")
        email.send(fail_silently=False)
    except Exception as exc:
        return _record_failure(delivery, exc)
    EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info("email delivery=%s sent to user=%s", delivery.pk, delivery.recipient_id)
    return SendOutcome("sent")


def _record_failure(delivery: EmailDelivery, exc: Exception) -> SendOutcome:
    """Put the delivery back with a later attempt time, or mark it failed after the last."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if delivery.attempts >= max_attempts():
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, last_error=error
        )
        logger.error(
            "email delivery=%s to user=%s failed for good after %d attempts: %s",
            delivery.pk,
            delivery.recipient_id,
            delivery.attempts,
            error,
        )
        return SendOutcome("failed")
    countdown = backoff_seconds(delivery.attempts)
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        last_error=error,
        next_attempt_at=timezone.now() + dt.timedelta(seconds=countdown),
    )
    logger.warning(
        "email delivery=%s attempt %d failed (%s); next try in %ds",
        delivery.pk,
        delivery.attempts,
        error,
        countdown,
    )
    return SendOutcome("retry", countdown)


def _release_stale_claims() -> int:
    """Give back deliveries claimed by a worker that died before recording the outcome."""
    cutoff = timezone.now() - dt.timedelta(seconds=stale_claim_seconds())
    stale = EmailDelivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff)
    failed = stale.filter(attempts__gte=max_attempts()).update(
        status=DeliveryStatus.FAILED, last_error="The worker stopped while sending."
    )
    released = stale.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now())
    if failed or released:
        logger.warning("outbox sweep: %d stale claims released, %d failed", released, failed)
    return released


def deliveries_sweep(*, limit: int = 200) -> dict[str, int]:
    """Send every due pending delivery (oldest first, up to `limit`); returns counts.

    Beat runs this every minute: it is what delivers the emails written while the broker
    was down, and the retries whose wake-up message was lost.
    """
    _release_stale_claims()
    due = list(
        EmailDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    for delivery_id in due:
        counts[delivery_send(delivery_id=delivery_id).status] += 1
    if due:
        logger.info("outbox sweep: %s", counts)
    return counts


@transaction.atomic
def delivery_requeue(*, delivery: EmailDelivery) -> EmailDelivery:
    """Give a failed delivery a fresh set of attempts (a coordinator fixed the address/SMTP)."""
    delivery = EmailDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == DeliveryStatus.FAILED:
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        publish_deliveries([delivery.pk])
    return delivery


@transaction.atomic
def digest_send(*, user_id: int) -> EmailDelivery | None:
    """Write one digest email listing the user's notifications that wait for it.

    The waiting notifications are locked and unmarked in the same transaction as the outbox
    row, so a second run (or a concurrent one) finds nothing and writes no second digest.
    A user whose preference is now "off" gets no email; the marks are simply cleared.
    """
    user = get_user_model().objects.select_related("notification_setting").get(pk=user_id)
    waiting = list(
        Notification.objects.select_for_update()
        .filter(recipient_id=user_id, digest_pending=True)
        .order_by("id")
    )
    if not waiting:
        return None
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digest_pending=False)
    if email_preference_of(user) == EmailPreference.OFF or not user.email or not user.is_active:
        return None
    with in_language_of(user):
        subject, text, html = render_digest_email(user, waiting)
    delivery = EmailDelivery.objects.create(
        recipient=user,
        kind=DeliveryKind.DIGEST,
        to_address=user.email,
        subject=subject,
        body_text=text,
        body_html=html,
    )
    publish_deliveries([delivery.pk])
    return delivery


def digests_send() -> int:
    """Write the daily digest of every user with notifications waiting; returns how many."""
    user_ids = (
        Notification.objects.filter(digest_pending=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    written = 0
    for user_id in list(user_ids):
        if digest_send(user_id=user_id) is not None:
            written += 1
    logger.info("daily digests written: %d", written)
    return written
