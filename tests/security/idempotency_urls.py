"""A test-only endpoint that creates an organisation through @idempotent."""

from django.urls import path
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from accounts.serializers import OrganisationSerializer
from common.idempotency import idempotent


class CreateOrganisation(APIView):
    @idempotent
    def post(self, request):
        serializer = OrganisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = Organisation.objects.create(**serializer.validated_data)
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


urlpatterns = [path("create/", CreateOrganisation.as_view())]
