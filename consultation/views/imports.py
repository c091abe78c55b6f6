"""POST /comments/import/: comments sent in on the ISO template, imported in one call; and
GET /consultations/{id}/imports/: the record of what was imported, by whom and when."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from accounts.permissions import has_role
from common.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from common.parsers import FormParser, MultiPartParser
from consultation.iso_template import read_comment_sheet
from consultation.models import Consultation
from consultation.rules import can_edit_guideline
from consultation.services.import_bodies import organisations_from_import
from consultation.services.import_checks import check_sheet, import_preview
from consultation.services.import_records import import_summary, upload_sha256
from reviews.services.disposition_import import comments_import_resolved, resolved_file_refusals


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _is_creation(value) -> bool:
    return isinstance(value, dict) and set(value) == {"create"} and isinstance(value["create"], str)


class MemberBodiesField(serializers.JSONField):
    """{"member body as the file writes it": organisation id, or {"create": kind}}, as JSON
    text in the form; read as {"map": {body: Organisation}, "create": {body: kind}}."""

    def __init__(self, **kwargs):
        super().__init__(binary=True, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and (_is_id(v) or _is_creation(v)) for k, v in value.items()
        ):
            raise serializers.ValidationError(
                _(
                    "Send an object of member bodies to organisation ids, or to "
                    '{"create": kind} for a new organisation, e.g. {"AFNOR": 12, '
                    '"Eclipse Foundation": {"create": "civil_society"}}.'
                )
            )
        ids = {v for v in value.values() if _is_id(v)}
        found = Organisation.objects.in_bulk(ids)
        missing = sorted(ids - set(found))
        if missing:
            raise serializers.ValidationError(
                _("No organisation has the id %(ids)s.") % {"ids": ", ".join(map(str, missing))}
            )
        return {
            "map": {name: found[v] for name, v in value.items() if _is_id(v)},
            "create": {name: v["create"] for name, v in value.items() if _is_creation(v)},
        }


class CommentImportSerializer(serializers.Serializer):
    """The upload: the filled-in template and the consultation its comments answer."""

    file = serializers.FileField(
        help_text="xlsx, ods, docx (the ISO/IEC template) or csv (UTF-8, comma, semicolon or tab) "
        "in the ISO comment template."
    )
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.select_related("guideline")
    )
    dry_run = serializers.BooleanField(
        default=False,
        help_text="true: answer the preview (every row as it would be imported, with its "
        "errors and warnings) and save nothing.",
    )
    member_bodies = MemberBodiesField(
        required=False,
        help_text="Member bodies the file names that no organisation answers to, mapped to "
        'organisation ids, or created: {"AFNOR": 12, "Eclipse Foundation": {"create": '
        '"civil_society"}} (JSON). A created organisation is named as the file writes it and '
        "invited to the consultation; a dry run creates nothing.",
    )
    allow_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Import even though the same file was imported before, or rows repeat comments "
            "already in the consultation (they are still listed in `duplicates`)."
        ),
    )


class CommentImportRecordSerializer(serializers.Serializer):
    """One import into a consultation: who, when, which file, how many comments."""

    id = serializers.IntegerField()
    imported_by = serializers.IntegerField(allow_null=True)
    imported_by_name = serializers.CharField()
    imported_at = serializers.DateTimeField()
    file_name = serializers.CharField()
    content_hash = serializers.CharField(help_text="SHA-256 of the file's bytes.")
    comment_count = serializers.IntegerField()
    late = serializers.BooleanField(help_text="Imported after the consultation closed.")
    repeats = serializers.IntegerField(
        allow_null=True, help_text="The earlier import of the same file, if any."
    )


class RepeatedRowSerializer(serializers.Serializer):
    """A row of the file that says exactly what a submitted comment already says."""

    row = serializers.IntegerField()
    field = serializers.CharField()
    column = serializers.CharField()
    comment = serializers.IntegerField(help_text="The comment the row repeats.")
    message = serializers.CharField()


class UnreadColumnSerializer(serializers.Serializer):
    """A column of the file that holds data but is not imported, and why."""

    column = serializers.CharField(help_text="The header as the file wrote it.")
    position = serializers.IntegerField(help_text="1 for the table's first column.")
    rows = serializers.IntegerField(help_text="How many rows hold data in it.")
    reason = serializers.CharField()


class ImportRowMessageSerializer(serializers.Serializer):
    """An error or a warning about one row of the file."""

    row = serializers.IntegerField(help_text="The row number in the file.")
    field = serializers.CharField()
    column = serializers.CharField(help_text="The file's own header of that column.")
    message = serializers.CharField()


def _unread_columns(**kwargs):
    return serializers.ListField(child=UnreadColumnSerializer(), **kwargs)


def _row_messages(**kwargs):
    return serializers.ListField(child=ImportRowMessageSerializer(), **kwargs)


class CreatedOrganisationSerializer(serializers.Serializer):
    """An organisation created from an import for a member body Concord did not know."""

    member_body = serializers.CharField(help_text="As the file writes it.")
    organisation = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()


def _created_organisations(**kwargs):
    return serializers.ListField(child=CreatedOrganisationSerializer(), **kwargs)


_PreviewRow = inline_serializer(
    "ImportPreviewRow",
    {
        "row": serializers.IntegerField(),
        "cells": serializers.DictField(
            child=serializers.CharField(), help_text="The row's cells as the file wrote them."
        ),
        "organisation": serializers.IntegerField(allow_null=True),
        "section": serializers.IntegerField(
            allow_null=True, help_text="null: the guideline as a whole."
        ),
        "type": serializers.CharField(allow_null=True),
        "body": serializers.CharField(allow_null=True),
        "proposed_change": serializers.CharField(allow_null=True),
        "line": serializers.CharField(allow_null=True),
        "paragraph": serializers.CharField(allow_null=True),
        "clause_ref": serializers.CharField(allow_null=True),
        "external_ref": serializers.CharField(allow_null=True),
        "action": serializers.ChoiceField(
            choices=["create", "update", "unchanged"],
            allow_null=True,
            help_text="create: a new comment; update: the disposition of the comment already "
            "in Concord that the row names; unchanged: that comment already has it; null: a "
            "row with errors.",
        ),
        "comment": serializers.IntegerField(
            allow_null=True, help_text="The comment already in Concord that the row names."
        ),
        "decision": serializers.CharField(
            allow_null=True, help_text="The disposition the row carries (a resolved file)."
        ),
        "rationale": serializers.CharField(allow_null=True),
        "errors": _row_messages(),
        "warnings": _row_messages(),
    },
)
_Preview = inline_serializer(
    "CommentImportPreview",
    {
        "detail": serializers.CharField(help_text="What the import would do, in plain words."),
        "format": serializers.CharField(
            help_text="What the file was read as: xlsx, ods, docx or csv."
        ),
        "header_row": serializers.IntegerField(),
        "columns": serializers.DictField(
            child=serializers.CharField(), help_text="Template field -> the file's header."
        ),
        "unread_columns": _unread_columns(),
        "would_create": serializers.IntegerField(),
        "would_update": serializers.IntegerField(
            help_text="Comments already in Concord whose disposition the file would change."
        ),
        "unchanged": serializers.IntegerField(
            help_text="Comments the file names that already have its disposition."
        ),
        "rows": serializers.ListField(child=_PreviewRow),
        "created_organisations": _created_organisations(
            help_text="The organisations the import would create (organisation is null)."
        ),
        "errors": _row_messages(),
        "warnings": _row_messages(),
        "unknown_member_bodies": serializers.ListField(
            child=inline_serializer(
                "UnknownMemberBody",
                {
                    "member_body": serializers.CharField(),
                    "rows": serializers.ListField(child=serializers.IntegerField()),
                },
            )
        ),
    },
)
_ImportResult = inline_serializer(
    "CommentImportResult",
    {
        "created": serializers.IntegerField(),
        "ids": serializers.ListField(child=serializers.IntegerField()),
        "updated": serializers.ListField(
            child=serializers.IntegerField(),
            help_text="Comments already in the consultation that a resolved file's rows named "
            "and whose disposition it gave.",
        ),
        "unchanged": serializers.ListField(
            child=serializers.IntegerField(),
            help_text="Comments the file named that already had its disposition.",
        ),
        "created_organisations": _created_organisations(),
        "unread_columns": _unread_columns(
            help_text="Columns of the file that hold data but were not imported, and why."
        ),
        "warnings": _row_messages(help_text="Rows imported with an assumption to confirm."),
        "late": serializers.BooleanField(help_text="The comments were entered after the close."),
        "duplicates": RepeatedRowSerializer(many=True),
        "import": CommentImportRecordSerializer(),
    },
)
# A rejected file lists its row errors; a bad upload field is the usual {"field": [...]}.
_BAD_REQUEST = {
    "oneOf": [
        {
            "title": "CommentImportErrors",
            "type": "object",
            "required": ["code", "detail", "errors"],
            "properties": {
                "code": {"type": "string"},
                "detail": {"type": "string"},
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["row", "field", "message"],
                        "properties": {
                            "row": {"type": "integer"},
                            "field": {"type": "string"},
                            "column": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
            },
        },
        {
            "title": "FieldErrors",
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    ]
}


class CommentImportView(APIView):
    """Import the comments of a filled-in ISO template: every row or none."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="comments_import",
        request={"multipart/form-data": CommentImportSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            200: _Preview,
            201: _ImportResult,
            400: _BAD_REQUEST,
        },
        examples=[
            OpenApiExample(
                "Rejected file",
                response_only=True,
                status_codes=["400"],
                value={
                    "code": "import_rejected",
                    "detail": _("1 row of the file has errors; nothing was imported."),
                    "errors": [
                        {
                            "row": 7,
                            "field": "type",
                            "column": "Type of comment",
                            "message": _("'xx' is not a type of comment; write ge, te or ed."),
                        }
                    ],
                },
            )
        ],
        tags=["comments"],
    )
    @idempotent
    def post(self, request):
        """Editors of the guideline and coordinators import; a bad file changes nothing."""
        if not (has_role(request.user, "coordinator") or has_role(request.user, "editor")):
            raise PermissionDenied(
                _("Only editors of the guideline and coordinators import comments.")
            )
        serializer = CommentImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = serializer.validated_data["consultation"]
        if not can_edit_guideline(request.user, consultation.guideline):
            raise PermissionDenied(
                _("Only editors of this guideline and coordinators import its comments.")
            )
        upload = serializer.validated_data["file"]
        bodies = serializer.validated_data.get("member_bodies") or {"map": {}, "create": {}}
        sheet = read_comment_sheet(upload)
        dry_run = serializer.validated_data["dry_run"]
        with transaction.atomic():
            # New organisations first (a dry run rolls them back), so rows can name them.
            created = organisations_from_import(
                user=request.user, consultation=consultation, creations=bodies["create"]
            )
            if dry_run:
                preview = self._preview(request, consultation, sheet, bodies["map"] | created)
                preview["created_organisations"] = _created(created, dry_run=True)
                transaction.set_rollback(True)
                return Response(preview)
            allow_duplicate = serializer.validated_data["allow_duplicate"]
            result = comments_import_resolved(
                user=request.user,
                consultation=consultation,
                sheet=sheet,
                source=upload.name,
                member_bodies=bodies["map"] | created,
                content_hash=upload_sha256(upload),
                allow_duplicate=allow_duplicate,
            )
        return Response(_import_answer(sheet, result, created), status=status.HTTP_201_CREATED)

    def _preview(self, request, consultation, sheet, bodies) -> dict:
        check = check_sheet(
            consultation=consultation, sheet=sheet, member_bodies=bodies, preview=True
        )
        refused = (
            []
            if check.errors
            else resolved_file_refusals(
                user=request.user, consultation=consultation, sheet=sheet, member_bodies=bodies
            )
        )
        return import_preview(sheet, check, refused)


def _created(created: dict, *, dry_run: bool = False) -> list[dict]:
    """The organisations an import created (or, in a dry run, would create)."""
    return [
        {
            "member_body": body,
            "organisation": None if dry_run else organisation.pk,
            "name": organisation.name,
            "kind": organisation.kind,
        }
        for body, organisation in created.items()
    ]


def _import_answer(sheet, result, created) -> dict:
    """The 201 answer of an import: what it created and updated, and what to check."""
    check = result.check
    return {
        "created": len(result.ids),
        "ids": result.ids,
        "updated": sorted(pk for row, pk in check.matched.items() if row not in check.unchanged),
        "unchanged": sorted(check.matched[row] for row in check.unchanged),
        "created_organisations": _created(created),
        "unread_columns": sheet.unread_columns,
        "warnings": check.warnings,
        "late": result.record.late,
        "duplicates": result.duplicates,
        "import": import_summary(result.record),
    }


class ConsultationImportsView(APIView):
    """The files imported into a consultation, newest first."""

    @extend_schema(
        operation_id="consultations_imports",
        responses={200: CommentImportRecordSerializer(many=True)},
        tags=["consultations"],
    )
    def get(self, request, pk: int):
        """Editors of the guideline and coordinators see who imported which file, and when."""
        consultation = get_object_or_404(Consultation.objects.select_related("guideline"), pk=pk)
        if not can_edit_guideline(request.user, consultation.guideline):
            raise PermissionDenied(
                _("Only editors of this guideline and coordinators see its imports.")
            )
        records = consultation.imports.select_related("imported_by").order_by("-imported_at", "-id")
        return Response([import_summary(record) for record in records])
