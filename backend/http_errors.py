"""Django's last-resort error pages as JSON for the API, so no API answer is an HTML page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIXES = ("/api/", "/healthz")


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIXES)


def not_found(request, exception=None):
    """404 for a URL no route matches: JSON under /api/, the web interface's 404.html elsewhere."""
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    detail = _("No endpoint at %(path)s; see /api/docs/ for the API.") % {"path": request.path}
    return JsonResponse({"code": "not_found", "detail": detail}, status=404)


def server_error(request):
    """500 for an unexpected failure: JSON under /api/, Django's page elsewhere."""
    if not _is_api(request):
        return defaults.server_error(request)
    detail = _("The server failed to handle this request; it has been logged.")
    return JsonResponse({"code": "server_error", "detail": detail}, status=500)
