"""Endpoints for consultations, comments, their threads and update requests (thin: see services)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from accounts.models import Organisation
from common.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from common.pagination import CursorPagination, KeysetRows, PageNumberPagination
from common.renderers import ORJSONRenderer
from consultation.comment_shape import CommentSerializer
from consultation.filters import CommentFilter, ConsultationFilter, UpdateRequestFilter
from consultation.models import Comment, Consultation, UpdateRequest
from consultation.rules import Actor
from consultation.selectors.comments import (
    comment_history_visible_to,
    comment_list_page,
    comment_row,
    comments_answered,
    comments_visible_to,
)
from consultation.serializers.comments import (
    CommentCreateSerializer,
    CommentHistorySerializer,
    CommentUpdateSerializer,
    ConsultationReopeningSerializer,
    ConsultationReopenSerializer,
    ConsultationSerializer,
    DecisionReasonSerializer,
    DeclineReasonSerializer,
    ReplySerializer,
    SubmitAllResultSerializer,
    UpdateRequestSerializer,
)
from consultation.services import comments as comment_services
from consultation.services import consultations as consultation_services
from consultation.services import update_requests as update_request_services


class ConsultationViewSet(viewsets.ModelViewSet):
    """Everyone signed in reads consultations; coordinators open, change and close them."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]

    def get_queryset(self):
        return Consultation.objects.prefetch_related(
            Prefetch("invited_organisations", queryset=Organisation.objects.only("id"))
        ).order_by("-opens_at", "id")

    def perform_create(self, serializer):
        serializer.instance = consultation_services.consultation_create(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = consultation_services.consultation_update(
            user=self.request.user, consultation=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        consultation_services.consultation_delete(user=self.request.user, consultation=instance)

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the consultation now (coordinators)."""
        consultation = consultation_services.consultation_close(
            user=request.user, consultation=self.get_object()
        )
        return Response(self.get_serializer(consultation).data)

    @extend_schema(request=ConsultationReopenSerializer, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed consultation until a new closing time, with a reason (coordinators)."""
        data = ConsultationReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consultation = consultation_services.consultation_reopen(
            user=request.user, consultation=self.get_object(), **data.validated_data
        )
        return Response(self.get_serializer(consultation).data)

    @extend_schema(request=None, responses=ConsultationReopeningSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def reopenings(self, request, pk=None):
        """Every reopening of the consultation, newest first: who, when, why, until when."""
        reopenings = self.get_object().reopenings.order_by("-reopened_at", "-id")
        return Response(ConsultationReopeningSerializer(reopenings, many=True).data)

    @extend_schema(request=None, responses=SubmitAllResultSerializer)
    @action(detail=True, methods=["post"], url_path="submit-all")
    def submit_all(self, request, pk=None):
        """Submit every draft of the caller's organisation in this consultation."""
        ids = comment_services.comments_submit_all(
            user=request.user, consultation=self.get_object()
        )
        return Response({"submitted": len(ids), "ids": ids})


class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Comments the caller may read (others are 404); delegates draft, edit, submit, withdraw."""

    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    pagination_class = CursorPagination
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer]
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = comments_visible_to(self.request.user)
        if not getattr(self.request.user, "organisation_id", None):
            # Invitations matter only for writing on one's own organisation's comments.
            return queryset
        return queryset.prefetch_related(
            Prefetch(
                "consultation__invited_organisations", queryset=Organisation.objects.only("id")
            )
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # CommentSerializer (the browsable API's forms) answers for this reader.
        context["actor"] = Actor(self.request.user)
        return context

    def list(self, request, *args, **kwargs):
        filterset = CommentFilter(
            request.query_params, queryset=Comment.objects.none(), request=request
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        actor = Actor(request.user)
        page = self.paginate_queryset(
            KeysetRows(
                lambda **window: comment_list_page(request.user, filterset, now=actor.now, **window)
            )
        )
        return self.get_paginated_response(comments_answered(page, actor, raw_datetimes=True))

    def retrieve(self, request, *args, **kwargs):
        return self._output(kwargs["pk"])

    def _output(self, comment_id, status_code=status.HTTP_200_OK):
        actor = Actor(self.request.user)
        row = comment_row(self.request.user, comment_id, now=actor.now)
        if row is None:
            raise Http404
        return Response(comments_answered([row], actor)[0], status=status_code)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        """Draft a comment for the caller's organisation."""
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_services.comment_create(user=request.user, **data.validated_data)
        return self._output(comment.pk, status.HTTP_201_CREATED)

    @extend_schema(request=CommentUpdateSerializer, responses=CommentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Edit a draft of the caller's organisation."""
        comment = self.get_object()
        data = CommentUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        comment_services.comment_update(
            user=request.user, comment=comment, data=data.validated_data
        )
        return self._output(comment.pk)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft as the organisation's position."""
        comment = comment_services.comment_submit(user=request.user, comment=self.get_object())
        return self._output(comment.pk)

    @extend_schema(request=None, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a draft or a submitted comment."""
        comment = comment_services.comment_withdraw(user=request.user, comment=self.get_object())
        return self._output(comment.pk)

    @extend_schema(methods=["GET"], request=None, responses=ReplySerializer(many=True))
    @extend_schema(methods=["POST"], request=ReplySerializer, responses={201: ReplySerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=ReplySerializer,
        pagination_class=PageNumberPagination,
        filterset_class=None,
    )
    def replies(self, request, pk=None):
        """The thread on a comment; the organisation, the guideline's editors and
        coordinators add to it."""
        comment = get_object_or_404(comments_visible_to(request.user), pk=pk)
        if request.method == "POST":
            data = ReplySerializer(data=request.data)
            data.is_valid(raise_exception=True)
            reply = comment_services.reply_create(
                user=request.user, comment=comment, body=data.validated_data["body"]
            )
            return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(comment.replies.order_by("created_at", "id"))
        return self.get_paginated_response(ReplySerializer(page, many=True).data)

    @extend_schema(request=None, responses=CommentHistorySerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        serializer_class=CommentHistorySerializer,
        pagination_class=PageNumberPagination,
        filterset_class=None,
    )
    def history(self, request, pk=None):
        """Every recorded state of the comment, newest first."""
        comment = get_object_or_404(comments_visible_to(request.user), pk=pk)
        page = self.paginate_queryset(comment_history_visible_to(request.user, comment))
        return self.get_paginated_response(CommentHistorySerializer(page, many=True).data)


class UpdateRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Member states file update requests, others support them, coordinators decide."""

    serializer_class = UpdateRequestSerializer
    filterset_class = UpdateRequestFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return UpdateRequest.objects.prefetch_related(
            Prefetch("supporters", queryset=Organisation.objects.only("id"))
        ).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        serializer.instance = update_request_services.update_request_file(
            user=self.request.user, **serializer.validated_data
        )

    def _output(self, update_request):
        return Response(self.get_serializer(self.get_queryset().get(pk=update_request.pk)).data)

    @extend_schema(request=None, responses=UpdateRequestSerializer)
    @action(detail=True, methods=["post"])
    def support(self, request, pk=None):
        """Add the caller's organisation to the supporters."""
        return self._output(
            update_request_services.update_request_support(
                user=request.user, update_request=self.get_object()
            )
        )

    @extend_schema(request=DecisionReasonSerializer, responses=UpdateRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the request (coordinators): the guideline goes back to drafting."""
        data = DecisionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._output(
            update_request_services.update_request_accept(
                user=request.user, update_request=self.get_object(), **data.validated_data
            )
        )

    @extend_schema(request=DeclineReasonSerializer, responses=UpdateRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline the request with a reason (coordinators)."""
        data = DeclineReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._output(
            update_request_services.update_request_decline(
                user=request.user, update_request=self.get_object(), **data.validated_data
            )
        )
