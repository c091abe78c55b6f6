"""Shapes of consultations, comments, replies and update requests in API.md's words."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, OrganisationKind
from consultation.models import (
    AnchorState,
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    ConsultationStatus,
    Decision,
    Guideline,
    Reply,
    Response,
    Section,
    Settlement,
    UpdateRequest,
    UpdateRequestStatus,
    Version,
)
from consultation.services.comments import comment_allowed_actions, comment_current_anchor


def inline_enum(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented as an inline enum, not a shared component.

    drf-spectacular names enum components after the field ("status", "kind"), and the other
    apps' fields of the same name with other choices would collide (a schema warning CI fails on).
    """
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    if kwargs.get("allow_blank"):
        schema["enum"].append("")
    field_class = type("InlineEnumField", (serializers.ChoiceField,), {})
    extend_schema_field(schema)(field_class)
    return field_class(choices=choices, **kwargs)


# --- Consultations ----------------------------------------------------------------------------


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation; `status` follows from the clock (and an early close)."""

    guideline = serializers.PrimaryKeyRelatedField(queryset=Guideline.objects.all())
    version = serializers.PrimaryKeyRelatedField(queryset=Version.objects.all())
    status = serializers.SerializerMethodField()
    invited_kinds = serializers.ListField(
        child=inline_enum(OrganisationKind.choices),
        required=False,
        default=list,
    )
    invited_organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False, default=list
    )

    class Meta:
        model = Consultation
        fields = [
            "id",
            "guideline",
            "version",
            "title",
            "opens_at",
            "closes_at",
            "closed_early_at",
            "status",
            "visibility",
            "invited_kinds",
            "invited_organisations",
            "created_at",
        ]
        read_only_fields = ["closed_early_at", "created_at"]

    @extend_schema_field({"type": "string", "enum": ConsultationStatus.values})
    def get_status(self, obj) -> str:
        return obj.status_at(self.context.get("now"))


class SubmitAllResultSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


# --- Comments ---------------------------------------------------------------------------------


class AnchorSerializer(serializers.Serializer):
    """A passage of the section at the consulted version (W3C quote and position selectors)."""

    quote = serializers.CharField(trim_whitespace=False, max_length=20_000)
    prefix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    suffix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)


class CommentResolutionSerializer(serializers.Serializer):
    """The disposition of a comment; null until an editor resolves it."""

    decision = inline_enum(Decision.choices)
    rationale = serializers.CharField()
    resolved_by = serializers.IntegerField(source="resolved_by_id", allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(source="resolved_revision", allow_null=True)
    response = inline_enum(Response.choices, allow_blank=True)
    response_note = serializers.CharField(allow_blank=True)
    settlement = inline_enum(Settlement.choices, allow_blank=True)


_DATETIME = serializers.DateTimeField()


class CommentSerializer(serializers.ModelSerializer):
    """A comment as every reader sees it; organisation, author and status are the server's."""

    anchor = serializers.SerializerMethodField()
    anchor_state = serializers.SerializerMethodField()
    current_start = serializers.SerializerMethodField()
    current_end = serializers.SerializerMethodField()
    resolution = serializers.SerializerMethodField()
    status = inline_enum(CommentStatus.choices, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "consultation",
            "section",
            "organisation",
            "author",
            "type",
            "anchor",
            "anchor_state",
            "current_start",
            "current_end",
            "body",
            "proposed_change",
            "line",
            "paragraph",
            "status",
            "submitted_at",
            "created_at",
            "updated_at",
            "assignee",
            "resolution",
            "duplicate_of",
            "allowed_actions",
        ]
        read_only_fields = fields

    def _current(self, obj):
        # Computed once per row and per serialization; no query (see comment_current_anchor).
        cache = self.context.setdefault("_anchors", {})
        if obj.pk not in cache:
            stale_body = getattr(obj, "stale_section_body", None)
            if stale_body is not None:
                # The list defers the section body and reads it only where the anchor is stale.
                obj.section.body = stale_body
            cache[obj.pk] = comment_current_anchor(obj)
        return cache[obj.pk]

    @extend_schema_field(AnchorSerializer(allow_null=True))
    def get_anchor(self, obj):
        if not obj.anchor_quote:
            return None
        return {
            "quote": obj.anchor_quote,
            "prefix": obj.anchor_prefix,
            "suffix": obj.anchor_suffix,
            "start": obj.anchor_start,
            "end": obj.anchor_end,
        }

    @extend_schema_field(serializers.ChoiceField(choices=AnchorState.choices, allow_null=True))
    def get_anchor_state(self, obj):
        return self._current(obj)[0] or None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_current_start(self, obj):
        return self._current(obj)[1]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_current_end(self, obj):
        return self._current(obj)[2]

    @extend_schema_field(CommentResolutionSerializer(allow_null=True))
    def get_resolution(self, obj):
        if not obj.decision:
            return None
        # A plain dict: a nested serializer per row deep-copies its fields (most of a list's
        # time). The shape is CommentResolutionSerializer's.
        return {
            "decision": obj.decision,
            "rationale": obj.rationale,
            "resolved_by": obj.resolved_by_id,
            "resolved_at": _DATETIME.to_representation(obj.resolved_at)
            if obj.resolved_at
            else None,
            "revision": obj.resolved_revision,
            "response": obj.response,
            "response_note": obj.response_note,
            "settlement": obj.settlement,
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, obj):
        request = self.context.get("request")
        if request is None:
            return []
        return comment_allowed_actions(
            obj,
            request.user,
            now=self.context.get("now") or timezone.now(),
            focal_point_orgs=self.context.get("focal_point_orgs", set()),
            edited_guideline_ids=self.context.get("edited_guideline_ids", set()),
        )


def comment_rows(comments, *, context: dict) -> list[dict]:
    """What CommentSerializer(comments, many=True).data holds, built without DRF's per-field
    machinery: the comment list is the hottest read (tests keep the two equal)."""
    serializer = CommentSerializer(context=context)
    zone = timezone.get_current_timezone()

    def when(value):
        # DateTimeField.to_representation (ISO 8601, "Z" for UTC) without its per-call lookups.
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    rows = []
    for c in comments:
        anchor_state, current_start, current_end = serializer._current(c)
        rows.append(
            {
                "id": c.pk,
                "consultation": c.consultation_id,
                "section": c.section_id,
                "organisation": c.organisation_id,
                "author": c.author_id,
                "type": c.type,
                "anchor": serializer.get_anchor(c),
                "anchor_state": anchor_state or None,
                "current_start": current_start,
                "current_end": current_end,
                "body": c.body,
                "proposed_change": c.proposed_change,
                "line": c.line,
                "paragraph": c.paragraph,
                "status": c.status,
                "submitted_at": when(c.submitted_at) if c.submitted_at else None,
                "created_at": when(c.created_at) if c.created_at else None,
                "updated_at": when(c.updated_at) if c.updated_at else None,
                "assignee": c.assignee_id,
                "resolution": serializer.get_resolution(c),
                "duplicate_of": c.duplicate_of_id,
                "allowed_actions": serializer.get_allowed_actions(c),
            }
        )
    return rows


class CommentCreateSerializer(serializers.Serializer):
    """What a delegate sends to draft a comment; anything else (organisation, status) is ignored."""

    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.all())
    section = serializers.PrimaryKeyRelatedField(
        queryset=Section.objects.all(), required=False, allow_null=True
    )
    type = serializers.ChoiceField(choices=CommentType.choices)
    body = serializers.CharField(max_length=20_000)
    proposed_change = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    anchor = AnchorSerializer(required=False, allow_null=True)
    line = serializers.CharField(max_length=50, required=False, allow_blank=True)
    paragraph = serializers.CharField(max_length=100, required=False, allow_blank=True)


class CommentUpdateSerializer(CommentCreateSerializer):
    """What a delegate may change in a draft (the consultation is fixed once drafted)."""

    consultation = None


class ReplySerializer(serializers.ModelSerializer):
    """One message of a comment's thread."""

    class Meta:
        model = Reply
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class CommentHistorySerializer(serializers.Serializer):
    """One recorded state of a comment: who changed it, when and why."""

    history_id = serializers.IntegerField()
    changed_at = serializers.DateTimeField(source="history_date")
    changed_by = serializers.IntegerField(source="history_user_id", allow_null=True)
    change_reason = serializers.CharField(source="history_change_reason", allow_null=True)
    type = serializers.CharField()
    body = serializers.CharField()
    proposed_change = serializers.CharField()
    section = serializers.IntegerField(source="section_id", allow_null=True)
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    anchor_quote = serializers.CharField()
    anchor_start = serializers.IntegerField(allow_null=True)
    anchor_end = serializers.IntegerField(allow_null=True)
    decision = serializers.CharField()
    rationale = serializers.CharField()


# --- Update requests --------------------------------------------------------------------------


class UpdateRequestSerializer(serializers.ModelSerializer):
    """A member state's request to revise a guideline, with the organisations backing it."""

    guideline = serializers.PrimaryKeyRelatedField(queryset=Guideline.objects.all())
    supporters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status = inline_enum(UpdateRequestStatus.choices, read_only=True)

    class Meta:
        model = UpdateRequest
        fields = [
            "id",
            "guideline",
            "organisation",
            "filed_by",
            "rationale",
            "status",
            "supporters",
            "decided_by",
            "decided_at",
            "decision_reason",
            "created_at",
        ]
        read_only_fields = [
            "organisation",
            "filed_by",
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "created_at",
        ]


class DecisionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)
