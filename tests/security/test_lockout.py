"""django-axes through the token endpoint: repeated failures lock the account out with a 429."""

import pytest
from django.core.management import call_command

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def fail(api, username, times):
    for _ in range(times):
        response = api.post(TOKEN, {"username": username, "password": "not-the-password"})
        assert response.status_code in (400, 429)


def test_lockout_after_the_failure_limit_even_with_the_right_password(api, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory()
    fail(api, user.username, 2)
    # Under the limit the right password still works (and resets the count).
    assert api.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 200
    fail(api, user.username, 3)
    response = api.post(TOKEN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "account_locked"
    assert "Too many failed sign-in attempts" in body["detail"]
    assert "token" not in body
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME * 3600)


def test_locked_out_wrong_password_is_429_json_not_500(api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    fail(api, user.username, 2)
    response = api.post(TOKEN, {"username": user.username, "password": "still-wrong"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"


def test_other_accounts_are_not_locked(api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    victim, other = UserFactory(), UserFactory()
    fail(api, victim.username, 3)
    assert api.post(TOKEN, {"username": other.username, "password": PASSWORD}).status_code == 200


def test_coordinator_can_unlock_with_axes_reset(api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    fail(api, user.username, 2)
    call_command("axes_reset_username", user.username)
    assert api.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 200


def test_browser_login_form_is_locked_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    for _ in range(2):
        client.post("/api-auth/login/", {"username": user.username, "password": "nope"})
    response = client.post("/api-auth/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429


def test_a_coordinator_unlocks_an_account_through_the_api(api, client_for, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user, coordinator = UserFactory(), UserFactory(roles=["coordinator"])
    fail(api, user.username, 2)
    assert api.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 429
    response = client_for(coordinator).post(f"/api/v1/users/{user.pk}/unlock/")
    assert response.status_code == 200
    assert response.json()["attempts_cleared"] == 1
    assert "can sign in again" in response.json()["detail"]
    assert api.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("role", ["delegate", "editor", "approver"])
def test_only_coordinators_unlock(api, client_for, settings, role):
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    fail(api, user.username, 2)
    caller = UserFactory(roles=[role])
    assert client_for(caller).post(f"/api/v1/users/{user.pk}/unlock/").status_code == 403
    assert api.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 429
