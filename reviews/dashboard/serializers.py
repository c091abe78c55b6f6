"""Serializers of the dashboard: the query parameters, and the response shape for the schema.

The view returns the selector's plain dict (serializing a dict through DRF fields would cost
more than the query); these classes document that dict in OpenAPI.
"""

from rest_framework import serializers

from accounts.models import OrganisationKind
from common.ids import MAX_ID
from consultation.models import CommentStatus, CommentType, Decision

from .selectors import UNRESOLVED


def _counts_serializer(name: str, keys: list[str], help_text: str):
    fields = {key: serializers.IntegerField() for key in keys}
    fields["Meta"] = type("Meta", (), {"ref_name": None})
    cls = type(name, (serializers.Serializer,), fields)
    cls.__doc__ = help_text
    return cls


StatusCounts = _counts_serializer(
    "DashboardStatusCounts", CommentStatus.values, "Every comment by status (drafts included)."
)
TypeCounts = _counts_serializer(
    "DashboardTypeCounts", CommentType.values, "Submitted comments by type."
)
DecisionCounts = _counts_serializer(
    "DashboardDecisionCounts",
    [*Decision.values, UNRESOLVED],
    "Submitted comments by decision; `unresolved` counts those without one.",
)
KindCounts = _counts_serializer(
    "DashboardKindCounts", OrganisationKind.values, "Submitted comments by organisation kind."
)


class DashboardQuerySerializer(serializers.Serializer):
    consultation = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="Only this consultation (and its guideline).",
    )
    guideline = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this guideline."
    )


class DashboardCommentsSerializer(serializers.Serializer):
    by_status = StatusCounts()
    by_type = TypeCounts()
    by_decision = DecisionCounts()
    by_organisation_kind = KindCounts()
    submitted = serializers.IntegerField()
    resolved = serializers.IntegerField(help_text="Submitted comments with a decision.")
    late = serializers.IntegerField(
        help_text="Submitted comments entered after their consultation closed."
    )
    share_resolved = serializers.FloatField(
        allow_null=True, help_text="resolved / submitted, 0..1; null while nothing is submitted."
    )


class DashboardEditorSerializer(serializers.Serializer):
    editor = serializers.IntegerField(help_text="User id of the assignee.")
    username = serializers.CharField()
    count = serializers.IntegerField(help_text="Submitted comments assigned and not resolved.")


class DashboardOverdueSerializer(serializers.Serializer):
    comment = serializers.IntegerField()
    assignee = serializers.IntegerField()
    assignee_username = serializers.CharField()
    due_at = serializers.DateTimeField()


class DashboardCoverageSerializer(serializers.Serializer):
    section = serializers.IntegerField(
        allow_null=True, help_text="null for comments on the guideline as a whole."
    )
    number = serializers.CharField()
    heading = serializers.CharField()
    total = serializers.IntegerField()
    by_organisation_kind = KindCounts()


class DashboardSilentOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    # A plain string here: a second choice set named "kind" would collide in the schema's enums.
    kind = serializers.CharField(help_text="The organisation's kind (member_state, ...).")
    consultation = serializers.IntegerField(
        help_text="The consultation it was invited to and has submitted nothing in."
    )


class DashboardGuidelineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    stage = serializers.CharField()
    comments = DashboardCommentsSerializer()
    unresolved_per_editor = DashboardEditorSerializer(many=True)
    overdue_assignments = DashboardOverdueSerializer(
        many=True, help_text="The oldest overdue assignments, at most 100 (see overdue_total)."
    )
    overdue_total = serializers.IntegerField(help_text="Every overdue assignment, counted.")
    coverage = DashboardCoverageSerializer(many=True)
    silent_organisations = DashboardSilentOrganisationSerializer(many=True)
    standing_objections = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of comments with an unsettled objection."
    )


class DashboardSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    guidelines = DashboardGuidelineSerializer(many=True)
