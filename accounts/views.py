"""Organisation and user endpoints: everyone signed in reads, coordinators write."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .models import Organisation, User
from .permissions import IsCoordinatorOrReadOnly
from .serializers import OrganisationSerializer, UserSerializer


class OrganisationViewSet(viewsets.ModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["kind", "country", "region"]


class UserViewSet(viewsets.ModelViewSet):
    queryset = User.objects.select_related("organisation").order_by("username")
    serializer_class = UserSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    filterset_fields = ["organisation", "is_focal_point"]

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def me(self, request):
        """The caller, with roles and organisation."""
        return Response(self.get_serializer(request.user).data)
