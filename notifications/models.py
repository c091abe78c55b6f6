"""In-app notifications, the email outbox, email preferences and once-only reminder marks.

PostgreSQL is the source of truth: a notification and its email delivery row are written in
the same transaction as the change they report, so nothing is lost when the broker is down.
Targets are plain (type, id) pairs because this app imports no domain app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Verb(models.TextChoices):
    """The events that notify people (README, "Notifications and email")."""

    CONSULTATION_OPENED = "consultation_opened", gettext_lazy("Consultation opened")
    CONSULTATION_CLOSING_7D = (
        "consultation_closing_7d",
        gettext_lazy("Consultation closes in 7 days"),
    )
    CONSULTATION_CLOSING_1D = (
        "consultation_closing_1d",
        gettext_lazy("Consultation closes in 1 day"),
    )
    COMMENT_RESOLVED = "comment_resolved", gettext_lazy("Comment resolved")
    COMMENT_REPLIED = "comment_replied", gettext_lazy("Reply in a comment thread")
    COMMENT_ASSIGNED = "comment_assigned", gettext_lazy("Comment assigned to you")
    STAGE_CHANGED = "stage_changed", gettext_lazy("Guideline stage changed")
    UPDATE_REQUEST_FILED = "update_request_filed", gettext_lazy("Update request filed")


class EmailPreference(models.TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("One email per notification")
    DAILY = "daily", gettext_lazy("One digest email a day")
    OFF = "off", gettext_lazy("No email")


class Notification(models.Model):
    """One thing that happened, told to one person; read_at is set when they have seen it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=40, choices=Verb.choices)
    message = models.CharField(max_length=1000)
    target_type = models.CharField(max_length=40)
    target_id = models.BigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # True while the notification waits for its recipient's daily digest email.
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_newest"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread",
            ),
            models.Index(
                fields=["recipient", "id"],
                condition=models.Q(digest_pending=True),
                name="notif_digest_pending",
            ),
        ]

    def __str__(self):
        return f"{self.verb} for {self.recipient_id}: {self.message[:60]}"


class NotificationSetting(models.Model):
    """A user's email preference; a user without a row gets immediate emails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    email = models.CharField(
        max_length=10, choices=EmailPreference.choices, default=EmailPreference.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user_id}: {self.email}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Pending")
    SENDING = "sending", gettext_lazy("Sending")
    SENT = "sent", gettext_lazy("Sent")
    FAILED = "failed", gettext_lazy("Failed")


class DeliveryKind(models.TextChoices):
    IMMEDIATE = "immediate", gettext_lazy("Immediate")
    DIGEST = "digest", gettext_lazy("Daily digest")


class EmailDelivery(models.Model):
    """One email in the outbox, rendered when written, claimed once by whoever sends it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="email_deliveries",
    )
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    kind = models.CharField(
        max_length=10, choices=DeliveryKind.choices, default=DeliveryKind.IMMEDIATE
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "email deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(fields=["status", "-id"], name="delivery_status"),
        ]

    def __str__(self):
        return f"Email {self.pk} to {self.to_address} ({self.status})"


class ReminderMark(models.Model):
    """Proof that a reminder of a kind went to a user for a consultation: at most once each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_marks"
    )
    consultation_id = models.BigIntegerField()
    kind = models.CharField(max_length=40, choices=Verb.choices)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "consultation_id", "kind"], name="one_reminder_per_user_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind} for consultation {self.consultation_id} to {self.user_id}"
