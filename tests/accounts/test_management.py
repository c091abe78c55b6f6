"""Coordinators manage organisations and users; every other role only reads."""

import pytest

from accounts.models import Organisation, User
from tests.factories import PASSWORD, CommentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_ORGANISATION = {
    "name": "Republic of Examples",
    "kind": "member_state",
    "country": "BR",
    "region": "americas",
}


def new_user(organisation):
    return {
        "username": "new-delegate",
        "email": "nd@example.org",
        "password": "Str0ng-pass-99!",
        "organisation": organisation.pk,
        "roles": ["delegate"],
    }


def test_coordinator_creates_organisation(client_for, coordinator):
    response = client_for(coordinator).post("/api/v1/organisations/", NEW_ORGANISATION)
    assert response.status_code == 201
    assert response.json()["country"] == "BR"
    assert Organisation.objects.filter(name="Republic of Examples").exists()


def test_coordinator_creates_user_with_roles_and_hashed_password(
    client_for, coordinator, organisation
):
    response = client_for(coordinator).post("/api/v1/users/", new_user(organisation))
    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    user = User.objects.get(username="new-delegate")
    assert user.roles == ["delegate"]
    assert user.organisation == organisation
    assert user.check_password("Str0ng-pass-99!")


@pytest.mark.parametrize("role", ["delegate", "editor", "approver"])
def test_other_roles_cannot_write(client_for, organisation, role):
    user = UserFactory(roles=[role], organisation=organisation)
    client = client_for(user)
    assert client.post("/api/v1/organisations/", NEW_ORGANISATION).status_code == 403
    assert client.post("/api/v1/users/", new_user(organisation)).status_code == 403
    target = OrganisationFactory(name="Unchanged")
    response = client.patch(f"/api/v1/organisations/{target.pk}/", {"name": "Changed"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client.delete(f"/api/v1/users/{user.pk}/").status_code == 403
    target.refresh_from_db()
    assert target.name == "Unchanged"
    assert not Organisation.objects.filter(name="Republic of Examples").exists()
    assert not User.objects.filter(username="new-delegate").exists()


def test_anonymous_cannot_write(api, organisation):
    assert api.post("/api/v1/organisations/", NEW_ORGANISATION).status_code == 401
    assert api.post("/api/v1/users/", new_user(organisation)).status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW_ORGANISATION, "kind": "government"}, "kind"),
        ({**NEW_ORGANISATION, "country": ""}, "country"),
        ({**NEW_ORGANISATION, "country": "XX"}, "country"),
        ({**NEW_ORGANISATION, "country": "br"}, "country"),
        ({**NEW_ORGANISATION, "region": "atlantis"}, "region"),
    ],
)
def test_invalid_organisation_is_400_with_field_message(client_for, coordinator, payload, field):
    response = client_for(coordinator).post("/api/v1/organisations/", payload)
    assert response.status_code == 400
    assert response.json()[field]
    assert not Organisation.objects.filter(name=payload["name"]).exists()


def test_non_member_state_needs_no_country(client_for, coordinator):
    payload = {"name": "Safer Internet Coalition", "kind": "civil_society"}
    response = client_for(coordinator).post("/api/v1/organisations/", payload)
    assert response.status_code == 201


def test_duplicate_username_is_400(client_for, coordinator, organisation):
    UserFactory(username="new-delegate")
    response = client_for(coordinator).post("/api/v1/users/", new_user(organisation))
    assert response.status_code == 400
    assert "username" in response.json()


def test_delegate_without_organisation_is_400(client_for, coordinator, organisation):
    payload = {**new_user(organisation), "organisation": None}
    response = client_for(coordinator).post("/api/v1/users/", payload)
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_second_focal_point_is_400(client_for, coordinator, organisation):
    UserFactory(roles=["delegate"], organisation=organisation, is_focal_point=True)
    payload = {**new_user(organisation), "is_focal_point": True}
    response = client_for(coordinator).post("/api/v1/users/", payload)
    assert response.status_code == 400
    assert "is_focal_point" in response.json()


def test_weak_password_is_400(client_for, coordinator, organisation):
    payload = {**new_user(organisation), "password": "123"}
    response = client_for(coordinator).post("/api/v1/users/", payload)
    assert response.status_code == 400
    assert "password" in response.json()


def test_everyone_signed_in_reads_organisations(client_for, delegate):
    response = client_for(delegate).get("/api/v1/organisations/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == delegate.organisation.name


def test_deleting_a_user_deactivates_and_keeps_authorship(client_for, coordinator, api):
    focal = UserFactory(roles=["delegate"], is_focal_point=True)
    comment = CommentFactory(organisation=focal.organisation, author=focal)
    response = client_for(coordinator).delete(f"/api/v1/users/{focal.pk}/")
    assert response.status_code == 204
    focal.refresh_from_db()
    comment.refresh_from_db()
    assert not focal.is_active
    assert not focal.is_focal_point
    assert comment.author == focal
    login = api.post("/api/v1/auth/token/", {"username": focal.username, "password": PASSWORD})
    assert login.status_code == 400
    listed = client_for(coordinator).get(f"/api/v1/users/{focal.pk}/").json()
    assert listed["is_active"] is False


def test_deactivating_by_patch_is_the_same_as_delete(client_for, coordinator, api):
    focal = UserFactory(roles=["delegate"], is_focal_point=True)
    token = api.post("/api/v1/auth/token/", {"username": focal.username, "password": PASSWORD})
    assert token.status_code == 200
    response = client_for(coordinator).patch(
        f"/api/v1/users/{focal.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False and response.json()["is_focal_point"] is False
    focal.refresh_from_db()
    assert not focal.is_active and not focal.is_focal_point
    # The token it signed in with is revoked: the API no longer knows it.
    revoked = api.get(
        "/api/v1/users/me/", headers={"Authorization": f"Token {token.json()['token']}"}
    )
    assert revoked.status_code == 401


def test_the_focal_point_is_handed_over_in_one_call(client_for, coordinator, delegate):
    organisation = delegate.organisation
    previous = UserFactory(roles=["delegate"], organisation=organisation, is_focal_point=True)
    outsider = UserFactory(roles=["delegate"], organisation=OrganisationFactory())
    url = f"/api/v1/organisations/{organisation.pk}/focal-point/"
    client = client_for(coordinator)
    response = client.post(url, {"user": delegate.pk}, format="json")
    assert response.status_code == 200 and response.json() == {"user": delegate.pk}
    assert list(User.objects.filter(is_focal_point=True)) == [delegate]
    response = client.post(url, {"user": outsider.pk}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "not_a_delegate"
    assert client_for(previous).post(url, {"user": None}, format="json").status_code == 403
    response = client.post(url, {"user": None}, format="json")
    assert response.json() == {"user": None}
    assert not User.objects.filter(is_focal_point=True).exists()
