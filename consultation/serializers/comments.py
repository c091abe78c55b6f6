"""Shapes of consultations, comments, replies and update requests in the users' words."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, OrganisationKind
from common.choices import ChoiceField, inline_enum
from consultation.comment_shape import AnchorSerializer
from consultation.models import (
    CommentType,
    Consultation,
    ConsultationReopening,
    ConsultationStatus,
    Guideline,
    Reply,
    Section,
    UpdateRequest,
    UpdateRequestStatus,
    Version,
)

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


class ConsultationReopenSerializer(serializers.Serializer):
    """What a coordinator sends to reopen a closed consultation."""

    closes_at = serializers.DateTimeField(help_text="The new closing time, in the future.")
    reason = serializers.CharField(max_length=20_000, help_text="Why it reopens (logged, sent).")


class ConsultationReopeningSerializer(serializers.ModelSerializer):
    """One reopening of a consultation: who, when, why, from which close until when."""

    class Meta:
        model = ConsultationReopening
        fields = ["id", "reopened_by", "reopened_at", "reason", "closed_at", "closes_at"]
        read_only_fields = fields


class SubmitAllResultSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


# --- Comments ---------------------------------------------------------------------------------


class CommentCreateSerializer(serializers.Serializer):
    """What a delegate sends to draft a comment; anything else (organisation, status) is ignored."""

    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.all())
    section = serializers.PrimaryKeyRelatedField(
        queryset=Section.objects.all(), required=False, allow_null=True
    )
    type = ChoiceField(choices=CommentType.choices)
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


class DeclineReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=20_000, help_text="Shown to the member states.")
