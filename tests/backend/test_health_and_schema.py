"""/healthz, the OpenAPI schema and the offline Swagger UI."""

import socket

import pytest
import yaml
from django.test import override_settings
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_reports_broker_down_but_answers_200(client):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down", "broker_mode": "redis"}


def test_healthz_without_redis_runs_tasks_in_process(client):
    with override_settings(REDIS_URL=""):
        body = client.get("/healthz").json()
    assert body == {"database": "ok", "broker": "ok", "broker_mode": "in-process"}


def test_healthz_reports_broker_ok_when_redis_answers(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("no REDIS_URL: the embedded default runs without a broker")
    assert client.get("/healthz").json()["broker"] == "ok"


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/users/me/" in document["paths"]


def test_swagger_ui_is_served_from_the_project(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
