"""Endpoints: the caller's notifications, unread count, read marks, preferences, failures."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsCoordinator
from common.filtering import query_flag
from common.pagination import NewestFirstPagination, PageNumberPagination

from . import selectors, services
from .models import Notification
from .serializers import (
    FailedDeliverySerializer,
    MarkedReadSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    UnreadCountSerializer,
)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's own notifications, newest first (cursor pagination); ?unread=true filters."""

    serializer_class = NotificationSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", bool, description="true: only the notifications not read yet"
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        queryset = selectors.notifications_for(self.request.user)
        if self.action == "list" and query_flag(self.request, "unread"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read."""
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every notification of the caller read."""
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked})

    @extend_schema(responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        """How many notifications the caller has not read."""
        return Response({"count": selectors.unread_count(request.user)})


class PreferenceView(APIView):
    """GET or PATCH the caller's email preference: immediate, daily (digest) or off."""

    serializer_class = PreferenceSerializer

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        return Response({"email": selectors.email_preference_for(request.user.pk)})

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def patch(self, request):
        serializer = PreferenceSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "email" not in serializer.validated_data:  # nothing to change
            return self.get(request)
        setting = services.preference_set(
            user=request.user, email=serializer.validated_data["email"]
        )
        return Response({"email": setting.email})


class FailedDeliveryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coordinators: emails that failed after their last attempt; POST .../retry/ requeues."""

    serializer_class = FailedDeliverySerializer
    permission_classes = [IsCoordinator]
    pagination_class = PageNumberPagination
    lookup_value_regex = r"[0-9]+"  # a non-numeric id is no route (404), not a 500

    def get_queryset(self):
        return selectors.failed_deliveries()

    @extend_schema(request=None, responses=FailedDeliverySerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Give a failed email a fresh set of attempts and send it now."""
        delivery = get_object_or_404(selectors.failed_deliveries(), pk=pk)
        delivery = services.delivery_requeue(delivery=delivery)
        return Response(FailedDeliverySerializer(delivery).data)
