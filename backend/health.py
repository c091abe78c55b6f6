"""/healthz: the database must answer; the broker's state is reported, never fatal."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from redis import Redis
from redis.exceptions import RedisError


def broker_state() -> str:
    """'ok' when Redis answers a PING within a second, 'down' otherwise.

    Without REDIS_URL (the embedded default) tasks run in-process, which always works: 'ok'.
    """
    if not settings.REDIS_URL:
        return "ok"
    try:
        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except (RedisError, OSError):
        return "down"
    return "ok"


# Exempt: a probe never carries a CSRF token, and a POST must get the JSON 405, not the HTML 403.
@csrf_exempt
def healthz(request):
    """Report database and broker state; 200 while the database answers, else 503."""
    if request.method not in ("GET", "HEAD"):
        detail = _('Method "%(method)s" not allowed; /healthz answers GET.') % {
            "method": request.method
        }
        response = JsonResponse({"code": "method_not_allowed", "detail": detail}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "down"
    body = {
        "database": database,
        "broker": broker_state(),
        "broker_mode": "redis" if settings.REDIS_URL else "in-process",
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
