"""Guidelines, their tree of sections (with full revision history) and frozen versions."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

SECTION_BODY_MAX_CHARS = 200_000


class Audience(models.TextChoices):
    CHILDREN = "children", gettext_lazy("Children")
    PARENTS_EDUCATORS = "parents_educators", gettext_lazy("Parents and educators")
    INDUSTRY = "industry", gettext_lazy("Industry")
    POLICYMAKERS = "policymakers", gettext_lazy("Policy-makers")


class Stage(models.TextChoices):
    DRAFTING = "drafting", gettext_lazy("Drafting")
    CONSULTATION = "consultation", gettext_lazy("Consultation")
    RESOLUTION = "resolution", gettext_lazy("Resolution")
    EXPERT_REVIEW = "expert_review", gettext_lazy("Expert review")
    APPROVAL = "approval", gettext_lazy("Approval")
    PUBLISHED = "published", gettext_lazy("Published")


class Guideline(models.Model):
    """One guideline set (e.g. the Child Online Protection guidelines for industry)."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.DRAFTING, db_index=True
    )
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="edited_guidelines"
    )
    required_approvals = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title


class Section(models.Model):
    """A node of a guideline's text; every accepted write bumps `revision` and adds history."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)
    # Derived from the tree order ("2.3.1") and kept current by the structure services.
    number = models.CharField(max_length=50, blank=True, db_index=True)
    # Zero-padded path ("0002.0003.0001") so that one ORDER BY gives document order.
    sort_key = models.CharField(max_length=255, blank=True, db_index=True)
    heading = models.CharField(max_length=500)
    body = models.TextField(blank=True, validators=[MaxLengthValidator(SECTION_BODY_MAX_CHARS)])
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["guideline_id", "sort_key"]
        indexes = [models.Index(fields=["guideline", "sort_key"])]

    def __str__(self):
        return f"{self.number} {self.heading}"


class Version(models.Model):
    """A named, frozen snapshot of every section of a guideline ("Draft 2")."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["guideline_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guideline", "label"], name="unique_version_label")
        ]

    def __str__(self):
        return f"{self.guideline} — {self.label}"


class VersionSection(models.Model):
    """What a version froze of one section, byte for byte, even after it moves or goes."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(
        Section, null=True, on_delete=models.SET_NULL, related_name="frozen"
    )
    # The section's id at freeze time, kept when the live section is deleted.
    section_key = models.BigIntegerField()
    parent_key = models.BigIntegerField(null=True)
    position = models.PositiveIntegerField(help_text="Document order within the version.")
    revision = models.PositiveIntegerField()
    number = models.CharField(max_length=50)
    heading = models.CharField(max_length=500)
    body = models.TextField()

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section_key"], name="unique_frozen_section")
        ]

    def __str__(self):
        return f"{self.number} {self.heading} (r{self.revision})"
