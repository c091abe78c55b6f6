"""Endpoints of guidelines, sections, history, diffs, versions and Markdown in and out.

Everyone signed in reads; coordinators manage guidelines; editors assigned to a guideline
(and coordinators) write its sections and versions. Section writes need If-Match.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from accounts.permissions import IsCoordinatorOrReadOnly
from common.conditional import IF_MATCH_SCHEMA, etag_for, parse_if_match
from common.renderers import ORJSONRenderer
from consultation.models import Guideline, Section
from consultation.rules import can_edit_guideline
from consultation.selectors import documents as selectors
from consultation.serializers import documents as s
from consultation.services.documents import (
    section_create,
    section_delete,
    section_edit,
    section_revert,
    version_freeze,
)
from consultation.services.markdown_io import (
    decode_markdown,
    guideline_import_markdown,
    render_markdown,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    IF_MATCH_SCHEMA,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from GET, quotes included, e.g. "3".',
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    IF_MATCH_SCHEMA,
    OpenApiParameter.HEADER,
    required=False,
    description="Optional here; when sent it must be the current ETag.",
)
CONDITIONAL_ERRORS = {
    400: OpenApiResponse(description="Invalid input or malformed If-Match."),
    403: OpenApiResponse(description="Not an editor of this guideline."),
    412: OpenApiResponse(description="stale_revision: the section changed since you read it."),
    428: OpenApiResponse(description="precondition_required: send If-Match."),
}


class CanEditGuideline(BasePermission):
    """Reads for everyone signed in; writes for the guideline's editors and coordinators."""

    message = gettext_lazy(
        "Only editors assigned to this guideline, or coordinators, may change it."
    )

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        guideline = obj if isinstance(obj, Guideline) else obj.guideline
        return can_edit_guideline(request.user, guideline)


def _section_response(section: Section, code=status.HTTP_200_OK) -> Response:
    response = Response(s.SectionSerializer(section).data, status=code)
    response["ETag"] = etag_for(section.revision)
    return response


class GuidelineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Guidelines: coordinators create and update them (not `stage`); guidelines are not deleted."""

    queryset = selectors.guidelines_list()
    serializer_class = s.GuidelineSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["audience", "stage", "slug"]

    @extend_schema(
        methods=["GET"], responses=s.SectionSerializer(many=True), summary="Sections in order"
    )
    @extend_schema(
        methods=["POST"],
        request=s.SectionCreateSerializer,
        responses={201: s.SectionSerializer},
        summary="Add a section",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[CanEditGuideline],
        filterset_fields=[],
    )
    def sections(self, request, pk=None):
        """The guideline's sections in document order, or add one (editors)."""
        guideline = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.sections_list(guideline_id=guideline.pk))
            return self.get_paginated_response(s.SectionSerializer(page, many=True).data)
        serializer = s.SectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        section = section_create(
            guideline=guideline, user=request.user, **serializer.service_kwargs()
        )
        return _section_response(section, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=s.VersionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.VersionCreateSerializer,
        responses={201: s.VersionSerializer},
        summary="Freeze a named version",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[CanEditGuideline],
        filterset_fields=[],
    )
    def versions(self, request, pk=None):
        """The guideline's named versions, oldest first, or freeze a new one (editors)."""
        guideline = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.versions_list(guideline_id=guideline.pk))
            return self.get_paginated_response(s.VersionSerializer(page, many=True).data)
        serializer = s.VersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = version_freeze(
            guideline=guideline, label=serializer.validated_data["label"], user=request.user
        )
        version = selectors.versions_list().get(pk=version.pk)
        return Response(s.VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[s.CompareQuerySerializer],
        responses=s.VersionCompareSerializer,
        summary="Compare two versions",
        description=(
            "How the text changed from one named version to another (e.g. 'Draft 1' to "
            "'Draft 2'; their ids come from `GET /guidelines/{id}/versions/`): sections whose "
            "text changed (with word-level diffs and the revisions frozen in each version), "
            "added, removed, and moved (new parent or new place among their siblings). To see "
            "who made each change and why, read `GET /sections/{id}/history/` between "
            "`revision.from` and `revision.to`."
        ),
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated], filterset_fields=[])
    def compare(self, request, pk=None):
        """Per-section diffs between two versions, plus added, removed and moved sections."""
        guideline = self.get_object()
        query = s.CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        versions = selectors.version_detail().filter(guideline=guideline)
        old = get_object_or_404(versions, pk=query.validated_data["from"])
        new = get_object_or_404(versions, pk=query.validated_data["to"])
        return Response(selectors.version_compare(old, new))

    @extend_schema(
        request={
            "multipart/form-data": s.MarkdownImportSerializer,
            "application/json": s.MarkdownImportSerializer,
        },
        responses={201: s.MarkdownImportResultSerializer},
        summary="Import the section tree from Markdown",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import-markdown",
        permission_classes=[CanEditGuideline],
        filterset_fields=[],
    )
    def import_markdown(self, request, pk=None):
        """Create every section of an empty guideline from Markdown headings, all or nothing."""
        guideline = self.get_object()
        serializer = s.MarkdownImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        text = decode_markdown(data["file"].read()) if "file" in data else data["text"]
        sections = guideline_import_markdown(
            guideline=guideline,
            user=request.user,
            text=text,
            change_reason=data["change_reason"],
        )
        sections.sort(key=lambda section: section.sort_key)
        body = {"created": len(sections), "sections": s.SectionSerializer(sections, many=True).data}
        return Response(body, status=status.HTTP_201_CREATED)


class SectionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Sections: read by everyone signed in; edited by the guideline's editors with If-Match."""

    queryset = selectors.sections_list()
    serializer_class = s.SectionSerializer
    permission_classes = [CanEditGuideline]
    filterset_fields = ["guideline", "parent"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method in SAFE_METHODS:
            return queryset
        # Writes check the guideline's editors: read the guideline with the section.
        return queryset.select_related("guideline")

    def retrieve(self, request, *args, **kwargs):
        """One section; the ETag header carries its revision for If-Match."""
        return _section_response(self.get_object())

    def _write(self, request, *, partial: bool):
        section = self.get_object()
        expected = parse_if_match(request)
        serializer = s.SectionWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        section = section_edit(
            section=section,
            user=request.user,
            expected_revision=expected,
            **serializer.service_kwargs(),
        )
        return _section_response(section)

    @extend_schema(
        request=s.SectionWriteSerializer,
        responses={200: s.SectionSerializer, **CONDITIONAL_ERRORS},
        parameters=[IF_MATCH],
        summary="Edit or move a section (If-Match required)",
        description=(
            "Send any of `heading`, `body` (up to 200,000 characters), `parent`, `order` and an "
            "optional `change_reason`; the write becomes revision + 1 and the new ETag comes "
            'back. If-Match must carry the ETag from GET (`"3"`): missing -> 428 '
            "`precondition_required`; not the current revision -> 412 `stale_revision` with "
            "`current_revision`, nothing written; malformed (bare `3`, `*`, several tags) -> "
            "400."
        ),
    )
    def partial_update(self, request, *args, **kwargs):
        """Change any of heading, body, parent, order as one new revision."""
        return self._write(request, partial=True)

    @extend_schema(
        request=s.SectionWriteSerializer,
        responses={200: s.SectionSerializer, **CONDITIONAL_ERRORS},
        parameters=[IF_MATCH],
        summary="Replace a section's text (If-Match required)",
    )
    def update(self, request, *args, **kwargs):
        """Replace heading and body (both required) as one new revision."""
        return self._write(request, partial=False)

    @extend_schema(
        request=s.SectionDeleteSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses={
            204: None,
            409: OpenApiResponse(description="section_has_children or section_has_comments"),
        },
    )
    def destroy(self, request, *args, **kwargs):
        """Delete a section without subsections or comments; its history is kept."""
        section = self.get_object()
        expected = parse_if_match(request) if "If-Match" in request.headers else None
        serializer = s.SectionDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        section_delete(
            section=section,
            user=request.user,
            expected_revision=expected,
            change_reason=serializer.validated_data["change_reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses=s.HistorySerializer(many=True),
        filters=False,
        description=(
            "Every revision of the section, newest first: the text as it was, who changed it "
            "(`changed_by`), when and why (`change_reason`). Nothing is ever removed; a revert "
            "is a new revision. Pass two revision numbers to `diff/` to see what changed."
        ),
    )
    @action(detail=True, methods=["get"], filterset_fields=[])
    def history(self, request, pk=None):
        """Every revision with author and reason, newest first."""
        section = self.get_object()
        page = self.paginate_queryset(selectors.section_history(section))
        return self.get_paginated_response(s.HistorySerializer(page, many=True).data)

    @extend_schema(
        parameters=[s.DiffQuerySerializer],
        responses=s.SectionDiffSerializer,
        filters=False,
        description=(
            "What changed between two revisions of the body. `changes` is word level (inside "
            "changed paragraphs; Chinese and Japanese by character): joining the `equal` and "
            "`delete` texts gives the old body, `equal` and `insert` the new one. `unified` is "
            "the same change as a line-based patch; `heading` shows both headings."
        ),
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_fields=[],
        renderer_classes=[ORJSONRenderer, BrowsableAPIRenderer],
    )
    def diff(self, request, pk=None):
        """Word-level diff between two revisions, plus a unified (line) diff."""
        # Both texts come from the history: the live body (up to 200,000 characters) is not read.
        try:
            section = selectors.section_for_reading(int(pk))
        except (Section.DoesNotExist, ValueError):  # no such section, or no number at all
            raise Http404 from None
        self.check_object_permissions(request, section)
        query = s.DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        to_revision = query.validated_data.get("to", section.revision)
        from_revision = query.validated_data.get("from", max(1, to_revision - 1))
        return Response(
            selectors.section_diff(section, from_revision=from_revision, to_revision=to_revision)
        )

    @extend_schema(
        request=s.SectionRevertSerializer,
        parameters=[IF_MATCH],
        responses={200: s.SectionSerializer, **CONDITIONAL_ERRORS},
        summary="Revert a section to an earlier revision (If-Match required)",
    )
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        """Make a new revision whose heading and body are those of an earlier revision."""
        section = self.get_object()
        # Like PATCH: a revert overwrites the current text, so it must name the one it read.
        expected = parse_if_match(request)
        serializer = s.SectionRevertSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        section = section_revert(
            section=section,
            user=request.user,
            expected_revision=expected,
            **serializer.validated_data,
        )
        return _section_response(section)


class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Named versions: the frozen text, read by everyone signed in."""

    queryset = selectors.versions_list()
    serializer_class = s.VersionSerializer
    filterset_fields = ["guideline"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.versions_list()
        return selectors.version_detail().select_related("guideline")

    def get_serializer_class(self):
        return s.VersionSerializer if self.action == "list" else s.VersionDetailSerializer

    @extend_schema(
        responses={(200, "text/markdown"): OpenApiTypes.STR},
        summary="Export a version as Markdown",
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_fields=[])
    def markdown(self, request, pk=None):
        """The version's full text as a Markdown file (headings by depth, no numbers)."""
        version = self.get_object()
        rows = [
            (row.heading, row.body, depth)
            for row, depth in selectors.version_sections_with_depth(version)
        ]
        text = render_markdown(f"{version.guideline.title} — {version.label}", rows)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        filename = f"{version.guideline.slug}-{version.pk}.md"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
