"""Background exports of the disposition: start one, follow its status, download its file."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from common.choices import ChoiceField
from common.errors import ExportNotReady
from consultation.models import Guideline
from reviews.disposition import XLSX_MEDIA_TYPE
from reviews.disposition_docx import DOCX_MEDIA_TYPE
from reviews.models import DispositionExport, ExportFormat, ExportStatus
from reviews.rules import export_disposition_refusal, export_job_refusal
from reviews.services.exports import disposition_export_request, export_path
from reviews.views.disposition import DispositionExportSerializer

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: XLSX_MEDIA_TYPE,
    ExportFormat.JSON: "application/json",
    ExportFormat.DOCX: DOCX_MEDIA_TYPE,
}


class DispositionExportJobRequestSerializer(serializers.Serializer):
    """What to export."""

    format = ChoiceField(choices=ExportFormat.choices, default=ExportFormat.CSV)


class DispositionExportJobSerializer(serializers.ModelSerializer):
    """A background export and, once done, where to download it."""

    download = serializers.SerializerMethodField(
        help_text="URL of the file once the status is done, else null."
    )

    class Meta:
        model = DispositionExport
        fields = [
            "id",
            "guideline",
            "format",
            "status",
            "row_count",
            "rows_total",
            "rows_done",
            "size",
            "filename",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, export: DispositionExport) -> str | None:
        if export.status != ExportStatus.DONE:
            return None
        url = reverse("disposition-export-download", args=[export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def _export_for(request, pk: int) -> DispositionExport:
    """The export, by reviews.rules.export_job_refusal (404 or 403 otherwise)."""
    export = get_object_or_404(DispositionExport.objects.select_related("guideline"), pk=pk)
    refusal = export_job_refusal(request.user, export)
    if refusal is not None:
        raise refusal
    return export


class DispositionExportCreateView(APIView):
    """POST /guidelines/{id}/disposition/exports/: export the disposition in the background."""

    @extend_schema(
        operation_id="guidelines_disposition_exports_create",
        request=DispositionExportJobRequestSerializer,
        responses={
            202: OpenApiResponse(
                DispositionExportJobSerializer,
                description="Queued (or the same unfinished export of yours, returned again); "
                "Location is its status URL.",
            )
        },
        tags=["review"],
    )
    def post(self, request, pk: int):
        """Queue an export of every submitted comment (csv, xlsx, json or docx) to a file."""
        query = DispositionExportJobRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        guideline = get_object_or_404(Guideline, pk=pk)
        refusal = export_disposition_refusal(request.user, guideline)
        if refusal is not None:
            raise refusal
        export, _created = disposition_export_request(
            guideline=guideline, user=request.user, file_format=query.validated_data["format"]
        )
        export.refresh_from_db()  # an in-process (eager) run may have finished it already
        location = request.build_absolute_uri(reverse("disposition-export", args=[export.pk]))
        body = DispositionExportJobSerializer(export, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class DispositionExportView(APIView):
    """GET /disposition-exports/{id}/: the status of a background export."""

    @extend_schema(
        operation_id="disposition_exports_retrieve",
        responses=DispositionExportJobSerializer,
        tags=["review"],
    )
    def get(self, request, pk: int):
        """Status (pending, running, done, failed), rows written, error, download URL."""
        export = _export_for(request, pk)
        return Response(DispositionExportJobSerializer(export, context={"request": request}).data)


class DispositionExportDownloadView(APIView):
    """GET /disposition-exports/{id}/download/: the file of a finished export."""

    @extend_schema(
        operation_id="disposition_exports_download",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
            (200, XLSX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="xlsx"),
            (200, DOCX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="docx"),
            (200, "application/json"): OpenApiResponse(
                DispositionExportSerializer, description="JSON file"
            ),
            409: OpenApiResponse(description="export_not_ready: pending, running or failed."),
        },
        tags=["review"],
    )
    def get(self, request, pk: int):
        """Stream the file with its content type and a file name."""
        export = _export_for(request, pk)
        path = export_path(export) if export.status == ExportStatus.DONE else None
        if path is None:
            detail = (
                _("The export failed: %(error)s") % {"error": export.error}
                if export.status == ExportStatus.FAILED
                else _("The export is %(status)s; download it when its status is done.")
                % {"status": ExportStatus(export.status).label.lower()}
            )
            raise ExportNotReady(detail, status=export.status)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise NotFound(_("The export file is gone; request a new export.")) from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=export.filename,
            content_type=CONTENT_TYPES[export.format],
        )
