"""Comments on a consulted version, their disposition and the thread of replies.

The disposition (decision, rationale, response, settlement) lives on the comment row itself:
the comment list, its filters, the dashboard and the export then read one table, and
simple-history keeps every change of a disposition in the comment's own history, as the
README promises. The reviews app owns the services that write those fields.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Organisation

from ..clause_order import ClauseKeyField
from ..similarity import SimilarityKeysField
from .consultations import Consultation
from .documents import Section

COMMENT_TEXT_MAX_CHARS = 20_000


class CommentType(models.TextChoices):
    GENERAL = "general", gettext_lazy("General (ge)")
    TECHNICAL = "technical", gettext_lazy("Technical (te)")
    EDITORIAL = "editorial", gettext_lazy("Editorial (ed)")


class CommentStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class AnchorState(models.TextChoices):
    EXACT = "exact", gettext_lazy("Exact")
    MOVED = "moved", gettext_lazy("Moved")
    FUZZY = "fuzzy", gettext_lazy("Fuzzy")
    ORPHANED = "orphaned", gettext_lazy("Orphaned")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", gettext_lazy("Partially accepted")
    REJECTED = "rejected", gettext_lazy("Rejected")
    NOTED = "noted", gettext_lazy("Noted")
    DUPLICATE = "duplicate", gettext_lazy("Duplicate")


class Response(models.TextChoices):
    SATISFIED = "satisfied", gettext_lazy("Satisfied")
    OBJECTION = "objection", gettext_lazy("Objection")


class Settlement(models.TextChoices):
    OVERRULED = "overruled", gettext_lazy("Overruled")
    UPHELD = "upheld", gettext_lazy("Upheld")


class Comment(models.Model):
    """A stakeholder's comment on a passage of the consulted version, and its disposition."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    # The section's place in the text, for the queue's clause order (consultation.clause_order).
    clause_key = ClauseKeyField(max_length=270, blank=True, default="", editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    type = models.CharField(max_length=10, choices=CommentType.choices)
    body = models.TextField(max_length=COMMENT_TEXT_MAX_CHARS)
    proposed_change = models.TextField(max_length=COMMENT_TEXT_MAX_CHARS, blank=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(
        default=False,
        help_text=(
            "Entered after the consultation closed (sent in late, e.g. by e-mail); the author "
            "is the editor or coordinator who entered it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Free-text locators of the ISO template, kept as given (e.g. from an import).
    line = models.CharField(max_length=50, blank=True)
    paragraph = models.CharField(max_length=100, blank=True)
    clause_ref = models.CharField(
        max_length=100, blank=True, help_text="The clause as the imported file wrote it."
    )
    external_ref = models.CharField(
        max_length=200,
        blank=True,
        help_text="The member body's own number of the comment (e.g. FR-007), from an import.",
    )

    # The anchor: a passage of the section text at the consulted version (W3C selectors).
    anchor_quote = models.TextField(blank=True)
    anchor_prefix = models.CharField(max_length=200, blank=True)
    anchor_suffix = models.CharField(max_length=200, blank=True)
    anchor_start = models.PositiveIntegerField(null=True, blank=True)
    anchor_end = models.PositiveIntegerField(null=True, blank=True)
    # Where that passage is in the current text, recomputed when the section is revised.
    anchor_state = models.CharField(max_length=10, choices=AnchorState.choices, blank=True)
    current_start = models.PositiveIntegerField(null=True, blank=True)
    current_end = models.PositiveIntegerField(null=True, blank=True)
    anchored_revision = models.PositiveIntegerField(null=True, blank=True)

    # Review work (written by reviews.services).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_comments",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    rationale = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_revision = models.PositiveIntegerField(
        null=True, blank=True, help_text="The section revision that applied the disposition."
    )
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    response_note = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded the organisation's response (its focal point, if it has one).",
    )
    settlement = models.CharField(max_length=10, choices=Settlement.choices, blank=True)
    settlement_reason = models.TextField(blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    # Derived from the body on every ORM write (COPY fills it itself); not worth a history row.
    similarity_keys = SimilarityKeysField(source="body")

    history = HistoricalRecords(excluded_fields=["similarity_keys", "clause_key"])

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["consultation", "status", "id"]),
            models.Index(fields=["organisation", "status", "id"]),
            models.Index(fields=["section", "id"]),
            models.Index(fields=["clause_key", "id"], name="comment_clause_order_idx"),
            models.Index(fields=["assignee", "id"]),
            # "Does any comment anchor on this section?" on every section save, however many
            # unanchored comments the section has.
            models.Index(
                fields=["section"],
                condition=~models.Q(anchor_quote=""),
                name="comment_anchored_section_idx",
            ),
        ]

    def __str__(self):
        return f"Comment {self.pk} ({self.get_type_display()})"


class Reply(models.Model):
    """One message in the thread between editors and the commenting organisation."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=COMMENT_TEXT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Reply {self.pk} on comment {self.comment_id}"
