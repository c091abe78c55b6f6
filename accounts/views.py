"""Organisation and user endpoints: everyone signed in reads, coordinators write."""

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from common.throttling import AnonThrottle, AuthTokenThrottle

from . import services
from .models import Organisation, User
from .permissions import IsCoordinator, IsCoordinatorOrReadOnly
from .selectors import users_visible_to
from .serializers import (
    MyPreferencesSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    UserPublicSerializer,
    UserSerializer,
    user_data,
)


class FocalPointSerializer(serializers.Serializer):
    """The organisation's new focal point: one of its active delegates, or null for none."""

    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, help_text="A delegate's id, or null."
    )


class OrganisationViewSet(viewsets.ModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["kind", "country", "region"]

    @extend_schema(
        request=FocalPointSerializer,
        responses={
            200: FocalPointSerializer,
            409: OpenApiResponse(description="not_a_delegate: not an active delegate of it."),
        },
        summary="Change the focal point",
    )
    @action(detail=True, methods=["post"], url_path="focal-point", filterset_fields=[])
    def focal_point(self, request, pk=None):
        """Hand the focal point to another active delegate of the organisation (or to nobody)
        in one step: the previous one stops submitting for it (coordinators)."""
        organisation = self.get_object()
        body = FocalPointSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = services.organisation_focal_point_set(
            actor=request.user, organisation=organisation, person=body.validated_data["user"]
        )
        return Response({"user": getattr(person, "pk", None)})


def user_entry(*, many: bool = False) -> PolymorphicProxySerializer:
    """The documented read shape: full for coordinators and the person themself, else public."""
    return PolymorphicProxySerializer(
        component_name="UserEntry",
        serializers=[UserSerializer, UserPublicSerializer],
        resource_type_field_name=None,
        many=many,
    )


SELF_LOCKOUT = OpenApiResponse(description="The change would lock the caller out (self_lockout).")


class UserViewSet(viewsets.ModelViewSet):
    """The user directory: each caller sees whom accounts.selectors lets them see."""

    queryset = User.objects.none()  # for the schema; get_queryset scopes it
    serializer_class = UserSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["organisation", "is_focal_point", "is_active"]

    def get_queryset(self):
        return users_visible_to(self.request.user)

    @extend_schema(responses=user_entry(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([user_data(u, viewer=request.user) for u in page])

    @extend_schema(responses=user_entry())
    def retrieve(self, request, *args, **kwargs):
        return Response(user_data(self.get_object(), viewer=request.user))

    @extend_schema(responses={200: UserSerializer, 409: SELF_LOCKOUT})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: UserSerializer, 409: SELF_LOCKOUT})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        services.user_update(
            actor=self.request.user, user=serializer.instance, changes=serializer.validated_data
        )

    @extend_schema(responses={204: None, 409: SELF_LOCKOUT})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.user_deactivate(actor=self.request.user, user=instance)

    @extend_schema(methods=["GET"], responses=UserSerializer)
    @extend_schema(
        methods=["PATCH"],
        request=MyPreferencesSerializer,
        responses=UserSerializer,
        description="Set the caller's own `language` (`\"\"`: the browser's Accept-Language).",
    )
    @action(detail=False, methods=["get", "patch"], permission_classes=[IsAuthenticated])
    def me(self, request):
        """The caller, with roles and organisation; PATCH sets their language."""
        if request.method == "PATCH":
            preferences = MyPreferencesSerializer(data=request.data, partial=True)
            preferences.is_valid(raise_exception=True)
            if "language" in preferences.validated_data:
                services.user_language_set(
                    user=request.user, language=preferences.validated_data["language"]
                )
        return Response(UserSerializer(request.user, context=self.get_serializer_context()).data)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "UserUnlocked",
            {"detail": serializers.CharField(), "attempts_cleared": serializers.IntegerField()},
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def unlock(self, request, pk=None):
        """End the lockout after failed sign-ins for this user's username, at once."""
        user = self.get_object()
        cleared = services.user_unlock(actor=request.user, user=user)
        detail = (
            ngettext(
                "%(username)s can sign in again; %(count)s failed attempt was cleared.",
                "%(username)s can sign in again; %(count)s failed attempts were cleared.",
                cleared,
            )
            if cleared
            else gettext("%(username)s was not locked out; nothing to clear.")
        ) % {"username": user.username, "count": cleared}
        return Response({"detail": detail, "attempts_cleared": cleared})


LOCKED_OUT_DETAIL = gettext_lazy(
    "Too many failed sign-in attempts for this account from your address. Sign-in is locked for "
    "{minutes} minutes; try again later or ask a coordinator to unlock it."
)


class TokenView(ObtainAuthToken):
    """POST username and password, get the API token; throttled, and locked after failures.

    django-axes counts failures: DRF hands its own Request to ``authenticate()``, and axes
    marks that object (not Django's HttpRequest) as locked out, so its middleware never sees
    the flag; this view reads it and answers 429 in the API's error shape instead.
    """

    serializer_class = TokenRequestSerializer
    throttle_classes = [AnonThrottle, AuthTokenThrottle]
    throttle_scope = "auth_token"
    # ObtainAuthToken pins DRF's stock parsers; use the project's hardened ones (NUL, nesting).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        responses={
            200: inline_serializer("AuthToken", {"token": serializers.CharField()}),
            400: None,
            429: OpenApiResponse(
                description="Too many attempts, or the account is locked (account_locked)."
            ),
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
