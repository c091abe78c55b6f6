"""The project's URLs plus F1: a plain Django view replaying SQL on a raw cursor."""

import os

import orjson
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from backend.urls import urlpatterns as project_urls

# The statements F1 replays: set per case by the runner, or from the environment in gunicorn.
REPLAY: list[str] = [sql for sql in os.environ.get("BENCH_REPLAY", "").split("\x1e") if sql]


def replay_view(request):
    """F1: run the subject's SQL on Django's raw cursor and serialise the rows with orjson."""
    result = []
    with connection.cursor() as cursor:
        for sql in REPLAY:
            cursor.execute(sql)
            result.append(cursor.fetchall() if cursor.description else [])
    return HttpResponse(orjson.dumps(result, default=str), content_type="application/json")


urlpatterns = [path("bench/f1/", replay_view), *project_urls]
