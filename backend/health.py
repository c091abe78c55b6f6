"""/healthz: the database must answer; the broker's state is reported, never fatal."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from redis import Redis
from redis.exceptions import RedisError


def broker_state() -> str:
    """'ok' when Redis answers a PING within a second, 'down' otherwise, 'none' without one."""
    if not settings.REDIS_URL:
        return "none"
    try:
        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except (RedisError, OSError):
        return "down"
    return "ok"


def healthz(request):
    """Report database and broker state; 200 while the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "down"
    body = {"database": database, "broker": broker_state()}
    return JsonResponse(body, status=200 if database == "ok" else 503)
