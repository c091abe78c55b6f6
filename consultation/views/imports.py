"""POST /comments/import/: comments sent in on the ISO template, imported in one call; and
GET /consultations/{id}/imports/: the record of what was imported, by whom and when."""

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
from consultation.services.import_checks import check_sheet, import_preview
from consultation.services.import_records import import_summary, upload_sha256
from consultation.services.imports import comments_import


class MemberBodiesField(serializers.JSONField):
    """{"member body as the file writes it": organisation id}, as JSON text in the form."""

    def __init__(self, **kwargs):
        super().__init__(binary=True, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**63
            for k, v in value.items()
        ):
            raise serializers.ValidationError(
                _('Send an object of member bodies to organisation ids, e.g. {"AFNOR": 12}.')
            )
        found = Organisation.objects.in_bulk(set(value.values()))
        missing = sorted({v for v in value.values() if v not in found})
        if missing:
            raise serializers.ValidationError(
                _("No organisation has the id %(choices)s.")
                % {"choices": ", ".join(map(str, missing))}
            )
        return {name: found[pk] for name, pk in value.items()}


class CommentImportSerializer(serializers.Serializer):
    """The upload: the filled-in template and the consultation its comments answer."""

    file = serializers.FileField(
        help_text="xlsx, docx (the ISO/IEC template) or csv (UTF-8, comma, semicolon or tab) "
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
        'organisation ids: {"AFNOR": 12, "Eclipse Foundation": 31} (JSON).',
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
        "errors": _row_messages(),
        "warnings": _row_messages(),
    },
)
_Preview = inline_serializer(
    "CommentImportPreview",
    {
        "detail": serializers.CharField(help_text="What the import would do, in plain words."),
        "format": serializers.CharField(help_text="What the file was read as: xlsx, docx or csv."),
        "header_row": serializers.IntegerField(),
        "columns": serializers.DictField(
            child=serializers.CharField(), help_text="Template field -> the file's header."
        ),
        "unread_columns": _unread_columns(),
        "would_create": serializers.IntegerField(),
        "rows": serializers.ListField(child=_PreviewRow),
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
        upload, bodies = (
            serializer.validated_data["file"],
            serializer.validated_data.get("member_bodies"),
        )
        sheet = read_comment_sheet(upload)
        dry_run = serializer.validated_data["dry_run"]
        check = check_sheet(
            consultation=consultation, sheet=sheet, member_bodies=bodies, preview=dry_run
        )
        if dry_run:
            return Response(import_preview(sheet, check))
        result = comments_import(
            user=request.user,
            consultation=consultation,
            sheet=sheet,
            source=upload.name,
            member_bodies=bodies,
            content_hash=upload_sha256(upload),
            allow_duplicate=serializer.validated_data["allow_duplicate"],
        )
        body = {
            "created": len(result.ids),
            "ids": result.ids,
            "unread_columns": sheet.unread_columns,
            "warnings": check.warnings,
            "late": result.record.late,
            "duplicates": result.duplicates,
            "import": import_summary(result.record),
        }
        return Response(body, status=status.HTTP_201_CREATED)


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
