"""Shapes of consultations, comments, replies and update requests in the users' words."""

from functools import partial
from types import SimpleNamespace

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organisation, OrganisationKind
from common.choices import ChoiceField
from consultation.anchoring import locate
from consultation.models import (
    AnchorState,
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    ConsultationReopening,
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
from consultation.rules import COMMENT_ACTIONS, Actor, comment_allowed_actions
from consultation.services.comments import comment_current_anchor


def inline_enum(choices, **kwargs) -> ChoiceField:
    """A choice field documented as an inline enum, not a shared component.

    drf-spectacular names enum components after the field ("status", "kind"), and the other
    apps' fields of the same name with other choices would collide (a schema warning CI fails on).
    """
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    if kwargs.get("allow_blank"):
        schema["enum"].append("")
    field_class = type("InlineEnumField", (ChoiceField,), {})
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


class AnchorSerializer(serializers.Serializer):
    """A passage of the section at the consulted version (W3C quote and position selectors)."""

    quote = serializers.CharField(trim_whitespace=False, max_length=20_000)
    prefix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    suffix = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=200
    )
    start = serializers.IntegerField(
        min_value=0,
        help_text=(
            "Where the quote starts in the section body as consulted, counted in Unicode code "
            "points from 0 (not bytes, not UTF-16 units: an emoji counts 1)."
        ),
    )
    end = serializers.IntegerField(
        min_value=0,
        help_text="Where the quote ends (exclusive), in Unicode code points like start.",
    )


class CommentResolutionSerializer(serializers.Serializer):
    """The disposition of a comment; null until an editor resolves it."""

    decision = inline_enum(Decision.choices)
    rationale = serializers.CharField()
    resolved_by = serializers.IntegerField(source="resolved_by_id", allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(source="resolved_revision", allow_null=True)
    response = inline_enum(Response.choices, allow_blank=True)
    response_note = serializers.CharField(allow_blank=True)
    responded_by = serializers.IntegerField(source="responded_by_id", allow_null=True)
    settlement = inline_enum(Settlement.choices, allow_blank=True)


_DATETIME = serializers.DateTimeField()


def _anchor(get) -> dict | None:
    """A comment's anchor in the API's shape; `get(attname)` reads a column value (of a
    values() row or of a Comment)."""
    if not get("anchor_quote"):
        return None
    return {
        "quote": get("anchor_quote"),
        "prefix": get("anchor_prefix"),
        "suffix": get("anchor_suffix"),
        "start": get("anchor_start"),
        "end": get("anchor_end"),
    }


def _resolution(get, when) -> dict | None:
    """CommentResolutionSerializer's shape as a plain dict (a nested serializer per row
    deep-copies its fields, most of a list's time); `when` writes the datetime."""
    if not get("decision"):
        return None
    return {
        "decision": get("decision"),
        "rationale": get("rationale"),
        "resolved_by": get("resolved_by_id"),
        "resolved_at": when(get("resolved_at")) if get("resolved_at") else None,
        "revision": get("resolved_revision"),
        "response": get("response"),
        "response_note": get("response_note"),
        "responded_by": get("responded_by_id"),
        "settlement": get("settlement"),
    }


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
            "clause_ref",
            "external_ref",
            "status",
            "submitted_at",
            "late",
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
            cache[obj.pk] = comment_current_anchor(obj)
        return cache[obj.pk]

    @extend_schema_field(AnchorSerializer(allow_null=True))
    def get_anchor(self, obj):
        return _anchor(partial(getattr, obj))

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
        return _resolution(partial(getattr, obj), _DATETIME.to_representation)

    @extend_schema_field(
        serializers.ListField(
            child=inline_enum([(name, name) for name in COMMENT_ACTIONS]),
            help_text="What the caller may do with the comment now (the services' own rules).",
        )
    )
    def get_allowed_actions(self, obj):
        actor = self.context.get("actor")
        if actor is None:
            request = self.context.get("request")
            if request is None:
                return []
            actor = self.context["actor"] = Actor(request.user)
        return comment_allowed_actions(actor, obj)


def _unchanged(value):
    return value


def comment_rows(rows: list[dict], *, consultations: dict, context: dict) -> list[dict]:
    """What CommentSerializer(many=True).data holds, built from comment_list_page's rows
    without model instances or DRF's per-field machinery: the comment list is the hottest read
    (tests keep the two equal). `consultations` maps ids to the page's consultations, and
    `context["actor"]` is the reader (consultation.rules.Actor)."""
    zone = timezone.get_current_timezone()
    actor = context["actor"]

    if str(zone) == "UTC":
        # The database hands out UTC datetimes, which the renderers write exactly as
        # DateTimeField.to_representation would (ORJSONRenderer's OPT_UTC_Z, DRF's encoder).
        when = _unchanged
    else:

        def when(value):
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text

    out = []
    for r in rows:
        anchor = _anchor(r.__getitem__)
        anchor_state = current_start = current_end = None
        if anchor:
            if r["stale_section_body"] is not None:
                # The section moved on since the anchor was stored (comment_current_anchor).
                found = locate(
                    r["stale_section_body"],
                    quote=anchor["quote"],
                    prefix=anchor["prefix"],
                    suffix=anchor["suffix"],
                    start=anchor["start"],
                )
                anchor_state, current_start, current_end = found.state, found.start, found.end
            elif r["section_id"] is not None:
                anchor_state = r["anchor_state"]
                current_start, current_end = r["current_start"], r["current_end"]
        comment = SimpleNamespace(
            pk=r["id"],
            organisation_id=r["organisation_id"],
            status=r["status"],
            decision=r["decision"],
            response=r["response"],
            settlement=r["settlement"],
            consultation=consultations[r["consultation_id"]],
        )
        out.append(
            {
                "id": r["id"],
                "consultation": r["consultation_id"],
                "section": r["section_id"],
                "organisation": r["organisation_id"],
                "author": r["author_id"],
                "type": r["type"],
                "anchor": anchor,
                "anchor_state": anchor_state or None,
                "current_start": current_start,
                "current_end": current_end,
                "body": r["body"],
                "proposed_change": r["proposed_change"],
                "line": r["line"],
                "paragraph": r["paragraph"],
                "clause_ref": r["clause_ref"],
                "external_ref": r["external_ref"],
                "status": r["status"],
                "submitted_at": when(r["submitted_at"]) if r["submitted_at"] else None,
                "late": r["late"],
                "created_at": when(r["created_at"]) if r["created_at"] else None,
                "updated_at": when(r["updated_at"]) if r["updated_at"] else None,
                "assignee": r["assignee_id"],
                "resolution": _resolution(r.__getitem__, when),
                "duplicate_of": r["duplicate_of_id"],
                "allowed_actions": comment_allowed_actions(actor, comment),
            }
        )
    return out


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
