"""Domain errors of the consultation app that the shared catalogue does not have yet."""

from django.utils.translation import gettext_lazy

from common.errors import DomainError


class Forbidden(DomainError):
    """A known object the caller may see but not change (403), with the reason why."""

    code = "permission_denied"
    status_code = 403
    default_detail = gettext_lazy("You may not do this.")


class NotFound(DomainError):
    """An object the caller may not know of (404): the same answer as for one that is not."""

    code = "not_found"
    status_code = 404
    default_detail = gettext_lazy("Not found.")
