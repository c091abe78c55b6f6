"""POST /comments/import/: comments sent in on the ISO template, imported in one call; and
GET /consultations/{id}/imports/: the record of what was imported, by whom and when."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_role
from common.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from common.parsers import FormParser, MultiPartParser
from consultation.iso_template import read_comment_sheet
from consultation.models import Consultation
from consultation.permissions import is_guideline_editor
from consultation.services.import_records import import_summary, upload_sha256
from consultation.services.imports import comments_import


class CommentImportSerializer(serializers.Serializer):
    """The upload: the filled-in template and the consultation its comments answer."""

    file = serializers.FileField(
        help_text="xlsx or csv (UTF-8, comma, semicolon or tab) in the ISO comment template."
    )
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.select_related("guideline")
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


_ImportResult = inline_serializer(
    "CommentImportResult",
    {
        "created": serializers.IntegerField(),
        "ids": serializers.ListField(child=serializers.IntegerField()),
        "late": serializers.BooleanField(help_text="The comments were entered after the close."),
        "duplicates": RepeatedRowSerializer(many=True),
        "import": CommentImportRecordSerializer(),
    },
)
_DuplicateImport = inline_serializer(
    "DuplicateImport",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "earlier_import": CommentImportRecordSerializer(required=False),
        "errors": RepeatedRowSerializer(many=True, required=False),
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
            201: _ImportResult,
            400: _BAD_REQUEST,
            409: OpenApiResponse(
                _DuplicateImport,
                description=(
                    "duplicate_import: the file (`earlier_import`) or rows (`errors`) were "
                    "imported before; not_in_stage: the guideline no longer takes comments."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Rejected file",
                response_only=True,
                status_codes=["400"],
                value={
                    "code": "import_rejected",
                    "detail": "1 row of the file has errors; nothing was imported.",
                    "errors": [
                        {
                            "row": 7,
                            "field": "type",
                            "column": "Type of comment",
                            "message": "'xx' is not a type of comment; write ge, te or ed.",
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
                "Only editors of the guideline and coordinators import comments."
            )
        serializer = CommentImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = serializer.validated_data["consultation"]
        if not is_guideline_editor(request.user, consultation.guideline):
            raise PermissionDenied(
                "Only editors of this guideline and coordinators import its comments."
            )
        upload = serializer.validated_data["file"]
        sheet = read_comment_sheet(upload)
        result = comments_import(
            user=request.user,
            consultation=consultation,
            sheet=sheet,
            source=upload.name,
            content_hash=upload_sha256(upload),
            allow_duplicate=serializer.validated_data["allow_duplicate"],
        )
        body = {
            "created": len(result.ids),
            "ids": result.ids,
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
        if not is_guideline_editor(request.user, consultation.guideline):
            raise PermissionDenied(
                "Only editors of this guideline and coordinators see its imports."
            )
        records = consultation.imports.select_related("imported_by").order_by("-imported_at", "-id")
        return Response([import_summary(record) for record in records])
