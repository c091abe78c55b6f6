"""Review records: the append-only log of stage transitions and the approvers' decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models import Guideline, Stage


class StageTransition(models.Model):
    """One move of a guideline between stages: who (null = the system), when, from, to, why.

    Append-only: rows are written by `reviews.services.guideline_transition` and never changed,
    so the log is the audit trail of the review process.
    """

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who moved the guideline; empty when the system did (periodic task).",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["guideline", "to_stage", "created_at"])]

    def __str__(self):
        return f"{self.guideline_id}: {self.from_stage} -> {self.to_stage}"


class ApprovalDecision(models.TextChoices):
    APPROVE = "approve", gettext_lazy("Approve")
    OBJECT = "object", gettext_lazy("Object")
    ABSTAIN = "abstain", gettext_lazy("Abstain")


class Approval(models.Model):
    """An approver's standing decision on a guideline for one approval round.

    `round` counts the guideline's entries into `approval` (1 for the first); a guideline sent
    back to drafting and later returned to approval starts a new round, so decisions of an
    earlier round never count. A later decision in the same round replaces the earlier one on
    this row; simple-history keeps the replaced decisions.
    """

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="approvals")
    round = models.PositiveIntegerField()
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals"
    )
    decision = models.CharField(max_length=10, choices=ApprovalDecision.choices)
    comment = models.TextField(blank=True, max_length=20_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["guideline_id", "-round", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "round", "approver"], name="one_decision_per_approver_round"
            )
        ]

    def __str__(self):
        return f"{self.decision} on guideline {self.guideline_id}, round {self.round}"


# --- Dashboard tallies ---------------------------------------------------------------------
# Counters kept equal to the comment table by database triggers (reviews.dashboard.triggers),
# so that the dashboard reads a few hundred rows instead of counting a million comments.
# Keys are plain columns without database foreign keys: the triggers upsert them on every
# comment write, and a constraint check per row would only slow bulk imports down.


class Tally(models.Model):
    """A counter per consultation; subclasses add the columns it is counted by."""

    consultation = models.ForeignKey(
        "consultation.Consultation",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True


class CommentTally(Tally):
    """Comments per consultation, status, type, decision and organisation kind."""

    status = models.CharField(max_length=10)
    type = models.CharField(max_length=10)
    decision = models.CharField(max_length=20, blank=True)
    organisation_kind = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "status", "type", "decision", "organisation_kind"],
                name="unique_comment_tally",
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.status}/{self.type}/{self.decision}: {self.n}"


class CoverageTally(Tally):
    """Submitted comments per consultation, section (0 = none) and organisation kind."""

    section_key = models.BigIntegerField()
    organisation_kind = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "section_key", "organisation_kind"],
                name="unique_coverage_tally",
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.section_key}/{self.organisation_kind}: {self.n}"


class EditorTally(Tally):
    """Submitted comments assigned to an editor and not yet resolved, per consultation."""

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "assignee"], name="unique_editor_tally")
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.assignee_id}: {self.n}"


class OrganisationTally(Tally):
    """Submitted comments per consultation and organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="unique_organisation_tally"
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.organisation_id}: {self.n}"


class LateTally(Tally):
    """Submitted comments entered after their consultation closed, per consultation."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation"], name="unique_late_tally")]

    def __str__(self):
        return f"{self.consultation_id} late: {self.n}"


# --- Background exports of the disposition --------------------------------------------------


class ExportStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Pending")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


class ExportFormat(models.TextChoices):
    CSV = "csv", gettext_lazy("CSV")
    XLSX = "xlsx", gettext_lazy("xlsx")
    JSON = "json", gettext_lazy("JSON")
    DOCX = "docx", gettext_lazy("docx (ISO template)")


class DispositionExport(models.Model):
    """A disposition of comments written to a file by a Celery task (reviews.services.exports).

    pending -> running (one conditional UPDATE, so a redelivered task never runs it twice) ->
    done (the file is under settings.EXPORTS_ROOT) or failed (`error` says why).
    """

    guideline = models.ForeignKey(
        Guideline, on_delete=models.CASCADE, related_name="disposition_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disposition_exports"
    )
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    row_count = models.PositiveIntegerField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Rows to write, counted when the job starts."
    )
    rows_done = models.PositiveIntegerField(
        default=0, help_text="Rows written so far (updated while the file is written)."
    )
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes of the file.")
    file = models.CharField(max_length=200, blank=True, help_text="Path under EXPORTS_ROOT.")
    filename = models.CharField(max_length=200, blank=True, help_text="Name for the download.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"disposition export {self.pk} of guideline {self.guideline_id} ({self.status})"
