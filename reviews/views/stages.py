"""Endpoints of the stage machine and approvals: transition, the transition log, approvals."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from consultation.errors import Forbidden
from consultation.models import Guideline
from consultation.rules import can_edit_guideline

from .. import services
from ..models import Approval, StageTransition
from ..selectors import approvals_current, transition_preview, transitions_of
from ..serializers import (
    ApprovalInputSerializer,
    ApprovalSerializer,
    StageTransitionSerializer,
    TransitionInputSerializer,
    TransitionPreviewSerializer,
)


class GuidelineTransitionView(APIView):
    """GET: the moves allowed now and what blocks each (coordinators, editors of the guideline).
    POST: move the guideline to another stage (coordinators); blocked moves list blockers."""

    @extend_schema(responses=TransitionPreviewSerializer)
    def get(self, request, pk: int):
        guideline = get_object_or_404(Guideline, pk=pk)
        if not can_edit_guideline(request.user, guideline):
            raise Forbidden(_("Only coordinators and the guideline's editors see blockers."))
        return Response(transition_preview(guideline))

    @extend_schema(request=TransitionInputSerializer, responses=StageTransitionSerializer)
    def post(self, request, pk: int):
        guideline = get_object_or_404(Guideline, pk=pk)
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transition = services.guideline_transition(
            guideline=guideline,
            to=data.validated_data["to"],
            user=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(StageTransitionSerializer(transition).data)


class GuidelineTransitionListView(generics.ListAPIView):
    """The guideline's stage log (who, when, from, to, why), newest first."""

    serializer_class = StageTransitionSerializer
    queryset = StageTransition.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self):
        guideline = get_object_or_404(Guideline, pk=self.kwargs["pk"])
        return transitions_of(guideline)


class GuidelineApprovalsView(generics.ListAPIView):
    """GET: the standing decisions of the current approval round. POST: record yours."""

    serializer_class = ApprovalSerializer
    queryset = Approval.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self):
        return approvals_current(get_object_or_404(Guideline, pk=self.kwargs["pk"]))

    @extend_schema(request=ApprovalInputSerializer, responses={201: ApprovalSerializer})
    def post(self, request, pk: int):
        guideline = get_object_or_404(Guideline, pk=pk)
        data = ApprovalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval, created = services.approval_record(
            guideline=guideline,
            user=request.user,
            decision=data.validated_data["decision"],
            comment=data.validated_data.get("comment", ""),
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ApprovalSerializer(approval).data, status=code)
