"""The coordinators' and editors' dashboard: every guideline's review figures at once."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_role
from consultation.models import Consultation
from reviews.dashboard.selectors import dashboard_summary
from reviews.dashboard.serializers import DashboardQuerySerializer, DashboardSerializer


class IsCoordinatorOrEditor(BasePermission):
    """Coordinators and editors (superusers hold both roles)."""

    message = gettext_lazy("Only coordinators and editors may see the dashboard.")

    def has_permission(self, request, view):
        return has_role(request.user, "coordinator") or has_role(request.user, "editor")


class DashboardView(APIView):
    """Per guideline: stage, comment counts, editors' queues, overdue work, coverage, gaps."""

    permission_classes = [IsCoordinatorOrEditor]

    @extend_schema(
        operation_id="dashboard",
        parameters=[DashboardQuerySerializer],
        responses=DashboardSerializer,
    )
    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        summary = dashboard_summary(
            guideline_id=params.get("guideline"), consultation_id=params.get("consultation")
        )
        if summary is None:
            raise ValidationError(_nothing_matched(params))
        return Response(summary)


def _nothing_matched(params: dict) -> dict:
    """Why the filters matched nothing: an unknown id, or a consultation of another guideline."""
    if "consultation" in params:
        pk = params["consultation"]
        owner = Consultation.objects.filter(pk=pk).values_list("guideline_id", flat=True).first()
        if owner is None:
            return {"consultation": [_("No consultation with id %(pk)s.") % {"pk": pk}]}
        return {
            "consultation": [
                _(
                    "Consultation %(pk)s belongs to guideline %(owner)s, not guideline "
                    "%(params)s; ask for ?guideline=%(owner)s or leave guideline out."
                )
                % {"pk": pk, "owner": owner, "params": params["guideline"]}
            ]
        }
    return {"guideline": [_("No guideline with id %(params)s.") % {"params": params["guideline"]}]}
