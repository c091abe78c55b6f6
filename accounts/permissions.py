"""Role checks shared by every app's permission classes."""

from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission


def has_role(user, role: str) -> bool:
    """True for an authenticated user holding the role (superusers hold every role)."""
    return bool(user and user.is_authenticated and user.has_role(role))


class IsCoordinatorOrReadOnly(BasePermission):
    """Everyone signed in reads; only coordinators write."""

    message = gettext_lazy("Only coordinators may change this.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return has_role(request.user, "coordinator")


class IsCoordinator(BasePermission):
    """Only coordinators."""

    message = gettext_lazy("Only coordinators may do this.")

    def has_permission(self, request, view):
        return has_role(request.user, "coordinator")
