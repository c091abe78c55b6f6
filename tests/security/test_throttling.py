"""Throttling: 429 with Retry-After past each limit, and requests still served with Redis down."""

import socket

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def rates(settings):
    """Set throttle rates for one test and forget the counters of the addresses used here."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                "anon": "100000/min",
                "user": "100000/min",
                "auth_token": "100000/min",
                **rates,
            },
        }

    yield set_rates


def fresh_ip(n: int) -> str:
    """An address no other test uses, so Redis leftovers cannot interfere."""
    ip = f"10.77.{n}.{UserFactory._meta.model.objects.count() % 250 + 1}"
    for scope in ["anon", "auth_token"]:
        cache.delete(f"throttle_{scope}_{ip}")
    return ip


def test_anonymous_clients_are_throttled_per_address(api, rates):
    rates(anon="3/min")
    ip, other_ip = fresh_ip(1), fresh_ip(2)
    # DRF checks permissions before throttles, so the anonymous budget is spent where
    # anonymous callers are allowed: the token endpoint and the schema.
    payload = {"username": "nobody", "password": "wrong"}
    for _ in range(3):
        assert api.post("/api/v1/auth/token/", payload, REMOTE_ADDR=ip).status_code == 400
    response = api.post("/api/v1/auth/token/", payload, REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    assert api.get("/api/schema/", REMOTE_ADDR=ip).status_code == 429
    # Another address has its own budget.
    assert api.post("/api/v1/auth/token/", payload, REMOTE_ADDR=other_ip).status_code == 400


def test_signed_in_users_are_throttled_per_user(client_for, rates):
    rates(user="2/min")
    alice, bob = UserFactory(), UserFactory()
    for user in (alice, bob):
        cache.delete(f"throttle_user_{user.pk}")
    as_alice = client_for(alice)
    assert as_alice.get("/api/v1/users/me/").status_code == 200
    assert as_alice.get("/api/v1/users/me/").status_code == 200
    response = as_alice.get("/api/v1/users/me/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert client_for(bob).get("/api/v1/users/me/").status_code == 200


def test_token_endpoint_has_its_own_stricter_limit(api, rates):
    rates(auth_token="2/min")
    ip = fresh_ip(3)
    payload = {"username": "nobody", "password": "wrong"}
    for _ in range(2):
        assert api.post("/api/v1/auth/token/", payload, REMOTE_ADDR=ip).status_code == 400
    response = api.post("/api/v1/auth/token/", payload, REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "Retry-After" in response
    # The stricter scope does not spend the general anonymous budget of the schema.
    assert api.get("/api/schema/", REMOTE_ADDR=ip).status_code == 200


def test_requests_are_served_when_the_cache_is_down(client_for, settings, rates):
    rates(user="1/min", anon="1/min")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/7",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = client_for(UserFactory())
    # Fail open: past the limit, yet served, because nothing can be counted.
    for _ in range(3):
        assert client.get("/api/v1/users/me/").status_code == 200
