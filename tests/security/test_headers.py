"""Security headers and the Content-Security-Policy on every HTML page; production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: set(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.fixture
def staff_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    ["/api/docs/", "/api/v1/users/me/", "/api-auth/login/", "/admin/", "/admin/login/"],
)
def test_html_pages_carry_a_strict_csp_and_security_headers(staff_client, url):
    response = staff_client.get(url, HTTP_ACCEPT="text/html", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    csp = csp_directives(response)
    assert csp["default-src"] == {"'self'"}
    assert csp["script-src"] == {"'self'"}  # no inline or eval'd script anywhere
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["object-src"] == {"'none'"}
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url", ["/api/docs/", "/api/v1/users/me/", "/api-auth/login/", "/admin/login/"]
)
def test_html_pages_run_no_inline_script(staff_client, url):
    """The CSP forbids inline scripts, so a page that relies on one would be broken."""
    html = staff_client.get(url, HTTP_ACCEPT="text/html", follow=True).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_swagger_ui_loads_its_start_up_script_from_the_server(client):
    html = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?script=[^"]*)"', html).group(1)
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def run_production(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "backend.production",
        "ALLOWED_HOSTS": "concord.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production("pass")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_ignores_debug_from_the_environment():
    result = run_production(
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        SECRET_KEY="k" * 64,
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_production_passes_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.production",
            "SECRET_KEY": "s" * 20 + "-random-enough-for-a-test-" + "q" * 30,
            "ALLOWED_HOSTS": "concord.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_api_url_shows_no_debug_page(client, settings):
    assert settings.DEBUG is False
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content
    assert b"URLconf" not in response.content
