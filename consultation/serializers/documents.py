"""Serializers of guidelines, sections, history, diffs and versions: shape and validate only."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.models import User
from common.ids import MAX_ID
from consultation.models import Guideline, Section, Version, VersionSection
from consultation.models.documents import SECTION_BODY_MAX_CHARS
from consultation.services.documents import (
    CHANGE_REASON_MAX_CHARS,
    HEADING_MAX_CHARS,
    UNSET,
    guideline_create,
    guideline_update,
)

_BODY_TOO_LONG = (
    f"A section body holds at most {SECTION_BODY_MAX_CHARS:,} characters; "
    "split it into subsections."
)


def _body_field(**kwargs):
    # trim_whitespace=False: the text is stored and shown again byte for byte.
    return serializers.CharField(
        max_length=SECTION_BODY_MAX_CHARS,
        allow_blank=True,
        trim_whitespace=False,
        error_messages={"max_length": _BODY_TOO_LONG},
        **kwargs,
    )


def _reason_field():
    return serializers.CharField(
        max_length=CHANGE_REASON_MAX_CHARS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the change was made; kept in the history.",
    )


# --- guidelines --------------------------------------------------------------------------
class GuidelineSerializer(serializers.ModelSerializer):
    editors = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.all(), required=False, help_text="Assigned editors."
    )

    class Meta:
        model = Guideline
        fields = [
            "id",
            "slug",
            "title",
            "audience",
            "stage",
            "stage_changed_at",
            "editors",
            "required_approvals",
        ]
        read_only_fields = ["stage", "stage_changed_at"]
        # Uniqueness is checked in the service, under its lock, with the same message.
        extra_kwargs = {"slug": {"validators": []}}

    def create(self, validated_data):
        return guideline_create(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return guideline_update(
            guideline=instance, user=self.context["request"].user, **validated_data
        )


# --- sections ----------------------------------------------------------------------------
class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = [
            "id",
            "guideline",
            "parent",
            "number",
            "order",
            "heading",
            "body",
            "revision",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = fields


class _SectionInput(serializers.Serializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Section.objects.all(),
        allow_null=True,
        required=False,
        help_text="The parent section (same guideline); null for the top level.",
    )
    order = serializers.IntegerField(
        min_value=1, required=False, help_text="1-based position among siblings; default last."
    )
    change_reason = _reason_field()

    def service_kwargs(self) -> dict:
        """The validated input as keyword arguments of the section services."""
        data = dict(self.validated_data)
        if "parent" not in data and self.fields.get("parent") is not None:
            data["parent"] = UNSET
        return data


class SectionCreateSerializer(_SectionInput):
    heading = serializers.CharField(max_length=HEADING_MAX_CHARS)
    body = _body_field(required=False, default="")

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        if data["parent"] is UNSET:
            data["parent"] = None
        return data


class SectionWriteSerializer(_SectionInput):
    """PATCH sends any of these; PUT must send heading and body."""

    heading = serializers.CharField(max_length=HEADING_MAX_CHARS)
    body = _body_field()

    def validate(self, attrs):
        if not set(attrs) - {"change_reason"}:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send at least one of heading, body, parent or order.")]}
            )
        return attrs


class SectionDeleteSerializer(serializers.Serializer):
    change_reason = _reason_field()


class SectionRevertSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1)
    change_reason = _reason_field()


class HistorySerializer(serializers.Serializer):
    """One revision of a section, as the history table keeps it."""

    revision = serializers.IntegerField()
    heading = serializers.CharField()
    body = serializers.CharField()
    number = serializers.CharField(help_text="The section's number right after this revision.")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    changed_at = serializers.DateTimeField(source="history_date")
    changed_by = serializers.IntegerField(source="history_user_id", allow_null=True)
    changed_by_username = serializers.CharField(
        source="history_user.username", allow_null=True, default=None
    )
    change_reason = serializers.CharField(source="history_change_reason", allow_null=True)
    change_type = serializers.SerializerMethodField()

    def get_change_type(self, row) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]


class _FromTo(serializers.Serializer):
    # "from" is a Python keyword, so these fields are declared through the class namespace.
    locals()["from"] = serializers.CharField()
    locals()["to"] = serializers.CharField()


class DiffQuerySerializer(serializers.Serializer):
    locals()["from"] = serializers.IntegerField(
        min_value=1, required=False, help_text="Revision; default `to` - 1."
    )
    locals()["to"] = serializers.IntegerField(
        min_value=1, required=False, help_text="Revision; default the current one."
    )


class DiffChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "insert", "delete"])
    text = serializers.CharField()


class SectionDiffSerializer(serializers.Serializer):
    locals()["from"] = serializers.IntegerField()
    locals()["to"] = serializers.IntegerField()
    heading = _FromTo()
    unified = serializers.CharField()
    changes = DiffChangeSerializer(many=True)


# --- versions ----------------------------------------------------------------------------
class FrozenRevisionSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section_key")

    class Meta:
        model = VersionSection
        fields = ["section", "revision"]


class FrozenSectionSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section_key", help_text="Kept after deletion.")
    parent = serializers.IntegerField(source="parent_key", allow_null=True)

    class Meta:
        model = VersionSection
        fields = ["section", "parent", "position", "number", "revision", "heading", "body"]


class VersionSerializer(serializers.ModelSerializer):
    sections = FrozenRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = Version
        fields = ["id", "guideline", "label", "created_at", "created_by", "sections"]
        read_only_fields = fields


class VersionDetailSerializer(VersionSerializer):
    sections = FrozenSectionSerializer(many=True, read_only=True)


class VersionCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200, help_text='e.g. "Draft 2".')


class CompareQuerySerializer(serializers.Serializer):
    locals()["from"] = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Version id"
    )
    locals()["to"] = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Version id")


class _IntFromTo(serializers.Serializer):
    locals()["from"] = serializers.IntegerField(allow_null=True)
    locals()["to"] = serializers.IntegerField(allow_null=True)


class _ChangedSection(serializers.Serializer):
    section = serializers.IntegerField()
    number = _FromTo()
    heading = _FromTo()
    revision = _IntFromTo()
    unified = serializers.CharField()
    changes = DiffChangeSerializer(many=True)


class _WholeSection(serializers.Serializer):
    section = serializers.IntegerField()
    number = serializers.CharField()
    heading = serializers.CharField()
    revision = serializers.IntegerField()
    body = serializers.CharField()


class _MovedSection(serializers.Serializer):
    section = serializers.IntegerField()
    heading = serializers.CharField()
    number = _FromTo()
    parent = _IntFromTo()


class VersionCompareSerializer(serializers.Serializer):
    locals()["from"] = serializers.IntegerField()
    locals()["to"] = serializers.IntegerField()
    changed = _ChangedSection(many=True)
    added = _WholeSection(many=True)
    removed = _WholeSection(many=True)
    moved = _MovedSection(many=True)
    unchanged = serializers.IntegerField(help_text="Sections identical in both versions.")


class MarkdownImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="A UTF-8 Markdown file (multipart).")
    text = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Or the Markdown text itself (JSON)."
    )
    change_reason = _reason_field()

    def validate(self, attrs):
        if ("file" in attrs) == ("text" in attrs):
            raise serializers.ValidationError(
                {"file": [_("Send either a Markdown file or the text, not both and not neither.")]}
            )
        return attrs


class MarkdownImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    sections = SectionSerializer(many=True)
