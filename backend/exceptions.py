"""One DRF exception handler: every error leaves the API as a JSON body in the schema's shape."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import DomainError


def api_exception_handler(exc, context):
    """Domain errors -> {"code", "detail", ...}; validation -> {"field": [...]}; others coded."""
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "detail": exc.detail, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, ProtectedError | RestrictedError):
        # A delete that other records still point at: a state conflict, not a server error.
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.args[1]})
        detail = gettext(
            "Other records still refer to this one (%(kinds)s); remove them first."
        ) % {"kinds": ", ".join(kinds)}
        return Response({"code": "protected", "detail": detail}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or isinstance(exc, exceptions.ValidationError):
        return response
    detail = exc.detail
    response.data = {
        "code": getattr(detail, "code", None) or exc.default_code,
        "detail": str(detail) if not isinstance(detail, (dict, list)) else detail,
    }
    return response
