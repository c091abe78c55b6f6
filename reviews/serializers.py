"""Shapes in and out of the review endpoints: thin, the rules live in reviews.services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from common.choices import ChoiceField
from common.ids import MAX_ID
from consultation.models import Comment, Decision, Response, Settlement, Stage
from consultation.models.comments import COMMENT_TEXT_MAX_CHARS

from .models import Approval, ApprovalDecision, StageTransition
from .services.comments import MAX_BATCH

UNCHANGED_SINCE_HELP = (
    "When you read the comments (e.g. the `updated_at` you were shown): a comment changed "
    "after that is refused with 409 `comment_changed`, saying who changed it, how and when."
)
TEXT = {"max_length": COMMENT_TEXT_MAX_CHARS, "allow_blank": True, "required": False}


# --- Input -------------------------------------------------------------------------------


class AssignInputSerializer(serializers.Serializer):
    editor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    due_at = serializers.DateTimeField(required=False, allow_null=True)


class ResolveInputSerializer(serializers.Serializer):
    decision = ChoiceField(choices=Decision.choices)
    rationale = serializers.CharField(**TEXT)
    duplicate_of = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    revision = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    reopen = serializers.BooleanField(required=False, default=False)
    unchanged_since = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=UNCHANGED_SINCE_HELP,
    )


class ResolveBatchInputSerializer(serializers.Serializer):
    comments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=MAX_BATCH,
    )
    decision = ChoiceField(choices=Decision.choices)
    rationale = serializers.CharField(**TEXT)
    duplicate_of = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    unchanged_since = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=UNCHANGED_SINCE_HELP,
    )


class RespondInputSerializer(serializers.Serializer):
    response = ChoiceField(choices=Response.choices)
    note = serializers.CharField(**TEXT)


class SettleInputSerializer(serializers.Serializer):
    outcome = ChoiceField(choices=Settlement.choices)
    reason = serializers.CharField(max_length=COMMENT_TEXT_MAX_CHARS)


class TransitionInputSerializer(serializers.Serializer):
    to = ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(**TEXT)


class ApprovalInputSerializer(serializers.Serializer):
    decision = ChoiceField(choices=ApprovalDecision.choices)
    comment = serializers.CharField(**TEXT)


# --- Output ------------------------------------------------------------------------------


class DispositionResolutionSerializer(serializers.Serializer):
    """The `resolution` object of a comment, as the OpenAPI schema shows it."""

    decision = serializers.CharField()
    rationale = serializers.CharField()
    resolved_by = serializers.IntegerField(source="resolved_by_id", allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(source="resolved_revision", allow_null=True)
    response = serializers.CharField()
    response_note = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    responded_by = serializers.IntegerField(source="responded_by_id", allow_null=True)
    settlement = serializers.CharField()
    settlement_reason = serializers.CharField()
    settled_by = serializers.IntegerField(source="settled_by_id", allow_null=True)
    settled_at = serializers.DateTimeField(allow_null=True)


class DispositionSerializer(serializers.ModelSerializer):
    """A comment's review state: assignment and resolution (null until resolved)."""

    resolution = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "consultation",
            "section",
            "organisation",
            "status",
            "assignee",
            "assigned_at",
            "due_at",
            "duplicate_of",
            "resolution",
        ]
        read_only_fields = fields

    @extend_schema_field(DispositionResolutionSerializer(allow_null=True))
    def get_resolution(self, comment):
        if not (comment.decision or comment.response or comment.settlement):
            return None
        return DispositionResolutionSerializer(comment).data


class SimilarCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    body = serializers.CharField()
    similarity = serializers.FloatField(help_text="Trigram similarity, 0 to 1.")


class BatchResultSerializer(serializers.Serializer):
    resolved = serializers.ListField(child=serializers.IntegerField())
    decision = serializers.CharField()


class StageTransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = StageTransition
        fields = [
            "id",
            "guideline",
            "from_stage",
            "to_stage",
            "actor",
            "actor_name",
            "reason",
            "created_at",
        ]
        read_only_fields = fields

    def get_actor_name(self, obj) -> str:
        """The actor's username, or "system" for the periodic task."""
        return obj.actor.username if obj.actor_id else "system"


class BlockerSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="e.g. unresolved_comments, approvals_missing")
    detail = serializers.CharField()


class MoveSerializer(serializers.Serializer):
    to = ChoiceField(choices=Stage.choices)
    blockers = BlockerSerializer(many=True)


class TransitionPreviewSerializer(serializers.Serializer):
    stage = ChoiceField(choices=Stage.choices)
    moves = MoveSerializer(many=True)


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Approval
        fields = [
            "id",
            "guideline",
            "round",
            "approver",
            "decision",
            "comment",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
