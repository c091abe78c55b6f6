"""Consultations (a version opened to stakeholders for a window) and update requests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Organisation

from .documents import Guideline, Version


class ConsultationStatus(models.TextChoices):
    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", gettext_lazy("Closed")


class Visibility(models.TextChoices):
    PUBLIC = "public", gettext_lazy("Public after close")
    PRIVATE = "private", gettext_lazy("Private to each organisation")


class Consultation(models.Model):
    """A version of a guideline opened to invited organisations between opens_at and closes_at."""

    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="consultations")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField(max_length=300)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    # Set when a coordinator closes early; the effective close is the earlier of the two.
    closed_early_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    invited_kinds = models.JSONField(default=list, blank=True)
    invited_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="invited_to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def effective_closes_at(self):
        """When the window really ends: the planned close or the early close."""
        if self.closed_early_at and self.closed_early_at < self.closes_at:
            return self.closed_early_at
        return self.closes_at

    def status_at(self, now=None) -> str:
        """The status the clock gives at `now` (default: the current time)."""
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationStatus.SCHEDULED
        if now >= self.effective_closes_at:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_at()


class ConsultationReopening(models.Model):
    """A coordinator's reopening of a closed consultation: who, when, why and until when."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reopenings"
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=20_000)
    closed_at = models.DateTimeField(help_text="When the consultation had closed.")
    closes_at = models.DateTimeField(help_text="The new closing time.")

    class Meta:
        ordering = ["-reopened_at", "-id"]

    def __str__(self):
        return f"Consultation {self.consultation_id} reopened until {self.closes_at:%Y-%m-%d}"


class CommentImport(models.Model):
    """One file of comments imported into a consultation: who, when, which file, how many."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the file's bytes."
    )
    comment_count = models.PositiveIntegerField()
    late = models.BooleanField(
        default=False, help_text="Imported after the consultation had closed."
    )
    repeats = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The earlier import of the same file, when it was sent again on purpose.",
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["consultation", "content_hash"])]

    def __str__(self):
        return f"{self.file_name or 'Import'} into consultation {self.consultation_id}"


class UpdateRequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("update request status", "Open")
    ACCEPTED = "accepted", pgettext_lazy("update request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("update request status", "Declined")


class UpdateRequest(models.Model):
    """A member state's request that a guideline be revised; others may support it."""

    guideline = models.ForeignKey(
        Guideline, on_delete=models.CASCADE, related_name="update_requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="update_requests"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField(max_length=20_000)
    status = models.CharField(
        max_length=10, choices=UpdateRequestStatus.choices, default=UpdateRequestStatus.OPEN
    )
    supporters = models.ManyToManyField(Organisation, blank=True, related_name="supported_requests")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return f"Update request for {self.guideline} by {self.organisation}"
