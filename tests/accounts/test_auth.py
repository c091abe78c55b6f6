"""Token authentication, /users/me/ and anonymous access."""

import pytest
from django.test import override_settings

from backend import settings as project_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_token_for_valid_credentials_authenticates_later_requests(api, delegate):
    response = api.post(
        "/api/v1/auth/token/", {"username": delegate.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/users/me/")
    assert me.status_code == 200
    assert me.json()["username"] == delegate.username


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "nobody", "password": PASSWORD}, "non_field_errors"),
        ({"password": PASSWORD}, "username"),
        ({"username": "someone"}, "password"),
    ],
)
def test_token_refused_with_field_errors(api, delegate, payload, field):
    response = api.post("/api/v1/auth/token/", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_wrong_password_gets_no_token(api, delegate):
    response = api.post("/api/v1/auth/token/", {"username": delegate.username, "password": "x"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_invalid_token_is_401_with_json_body(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/users/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_anonymous_requests_are_401(api):
    for url in ["/api/v1/users/me/", "/api/v1/organisations/", "/api/v1/users/"]:
        response = api.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"


def test_me_shows_roles_and_organisation(client_for, organisation):
    user = UserFactory(
        roles=["delegate", "approver"], organisation=organisation, is_focal_point=True
    )
    body = client_for(user).get("/api/v1/users/me/").json()
    assert body["roles"] == ["delegate", "approver"]
    assert body["organisation"] == organisation.pk
    assert body["is_focal_point"] is True
    assert "password" not in body


def test_superuser_holds_every_role(client_for):
    admin = UserFactory(is_superuser=True, is_staff=True)
    body = client_for(admin).get("/api/v1/users/me/").json()
    assert body["roles"] == ["delegate", "editor", "coordinator", "approver"]


def test_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = UserFactory()
    user.refresh_from_db()
    assert user.password.startswith("argon2")
