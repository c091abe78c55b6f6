"""Organisation and user endpoints: everyone signed in reads, coordinators write."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from common.throttling import AnonThrottle, AuthTokenThrottle

from .models import Organisation, User
from .permissions import IsCoordinatorOrReadOnly
from .serializers import OrganisationSerializer, UserSerializer
from .services import user_deactivate


class OrganisationViewSet(viewsets.ModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["kind", "country", "region"]


class UserViewSet(viewsets.ModelViewSet):
    queryset = User.objects.select_related("organisation").order_by("username")
    serializer_class = UserSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["organisation", "is_focal_point", "is_active"]

    def perform_destroy(self, instance):
        """Deactivate instead of deleting: the person's comments, replies and decisions keep
        their author, and a departing focal point stops speaking for the organisation."""
        user_deactivate(person=instance, reason="Deactivated through the API")

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request):
        """The caller, with roles and organisation."""
        return Response(self.get_serializer(request.user).data)


LOCKED_OUT_DETAIL = (
    "Too many failed sign-in attempts for this account from your address. Sign-in is locked "
    "for {minutes} minutes; try again later or ask a coordinator to unlock it."
)


class TokenView(ObtainAuthToken):
    """POST username and password, get the API token; throttled, and locked after failures.

    django-axes counts failures: DRF hands its own Request to ``authenticate()``, and axes
    marks that object (not Django's HttpRequest) as locked out, so its middleware never sees
    the flag; this view reads it and answers 429 in the API's error shape instead.
    """

    throttle_classes = [AnonThrottle, AuthTokenThrottle]
    throttle_scope = "auth_token"
    # ObtainAuthToken pins DRF's stock parsers; use the project's hardened ones (NUL, nesting).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        responses={
            200: inline_serializer("AuthToken", {"token": serializers.CharField()}),
            400: None,
            429: None,
        }
    )
    def post(self, request, *args, **kwargs):
        """Exchange a username and password for the caller's API token."""
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return self.locked_out_response()
            raise

    @staticmethod
    def locked_out_response() -> Response:
        """429 with a machine code, a readable reason and Retry-After (the cool-off)."""
        seconds = int(float(settings.AXES_COOLOFF_TIME) * 3600)
        body = {
            "code": "account_locked",
            "detail": LOCKED_OUT_DETAIL.format(minutes=max(1, seconds // 60)),
        }
        return Response(
            body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(seconds)}
        )
