"""GET /guidelines/{id}/disposition/?format=json|csv|xlsx|docx: the disposition of comments (large
ones go to the background export, reviews.views.exports)."""

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from consultation.models import Guideline
from reviews.disposition import XLSX_MEDIA_TYPE, disposition_check_size, disposition_file
from reviews.disposition_docx import DOCX_MEDIA_TYPE
from reviews.rules import export_disposition_refusal

FORMATS = ("json", "csv", "xlsx", "docx")


class _IgnoreFormatParameter(BaseContentNegotiation):
    """DRF would read ?format= as a renderer override and 404 on csv/xlsx; here it names the
    file format, and errors are always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DispositionExportRowSerializer(serializers.Serializer):
    """One comment of the disposition (the ISO template columns, then the review)."""

    organisation = serializers.CharField(help_text="MB/NC")
    line = serializers.CharField()
    clause = serializers.CharField(help_text="Clause number in the consulted version.")
    paragraph = serializers.CharField()
    type = serializers.CharField(help_text="ge (general), te (technical) or ed (editorial).")
    comment = serializers.CharField()
    proposed_change = serializers.CharField()
    decision = serializers.CharField(help_text="Empty while unresolved.")
    rationale = serializers.CharField(help_text="Observations of the secretariat.")
    revision = serializers.IntegerField(
        allow_null=True, help_text="The section revision that applied it."
    )
    response = serializers.CharField(help_text="satisfied, objection or empty.")
    response_note = serializers.CharField()
    id = serializers.IntegerField()


class DispositionExportSerializer(serializers.Serializer):
    """The disposition of comments of one guideline."""

    guideline = serializers.IntegerField()
    title = serializers.CharField()
    columns = serializers.DictField(child=serializers.CharField(), help_text="Column headers.")
    comments = DispositionExportRowSerializer(many=True)


class DispositionView(APIView):
    """The disposition of comments of a guideline, for its editors and the coordinators."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _IgnoreFormatParameter

    @extend_schema(
        operation_id="guidelines_disposition",
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(FORMATS),
                default="json",
                description="json (default), csv (UTF-8 with BOM, streamed), xlsx or docx "
                "(the ISO/IEC 2012-03 comment template layout).",
            )
        ],
        responses={
            (200, "application/json"): DispositionExportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
            (200, XLSX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="xlsx"),
            (200, DOCX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="docx"),
            409: OpenApiResponse(
                description="export_too_large: more than DISPOSITION_SYNC_MAX_ROWS comments; "
                "`background_export` is the URL to POST a background export to."
            ),
        },
        tags=["review"],
    )
    def get(self, request, pk: int):
        """Every submitted comment, sorted by clause, with its decision and observations.

        Above DISPOSITION_SYNC_MAX_ROWS comments (200,000 by default) the answer is 409
        export_too_large: use POST /guidelines/{id}/disposition/exports/ instead."""
        file_format = request.query_params.get("format", "json") or "json"
        if file_format not in FORMATS:
            raise ValidationError(
                {"format": [_("Choose one of %(choices)s.") % {"choices": ", ".join(FORMATS)}]}
            )
        guideline = get_object_or_404(Guideline, pk=pk)
        refusal = export_disposition_refusal(request.user, guideline)
        if refusal is not None:
            raise refusal
        url = reverse("guideline-disposition-exports", args=[guideline.pk])
        disposition_check_size(
            guideline=guideline,
            user=request.user,
            file_format=file_format,
            background_export=request.build_absolute_uri(url),
        )
        content, content_type, filename = disposition_file(
            guideline=guideline, user=request.user, file_format=file_format
        )
        if file_format in ("xlsx", "docx"):
            return FileResponse(
                content, as_attachment=True, filename=filename, content_type=content_type
            )
        response = StreamingHttpResponse(content, content_type=content_type)
        if file_format == "csv":
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
