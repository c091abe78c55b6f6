"""The user admin: the directory's rule, no self-lockout, and unlocking after failed sign-ins."""

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from demo.loader import coordinators_group_load
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    coordinators_group_load().user_set.add(user)  # every model permission
    return user


def admin_session(user) -> Client:
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def change_form(user, **overrides) -> dict:
    """The admin change form of `user` as a browser posts it, with `overrides`."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "is_active": "on",
        "is_staff": "on",
    }
    data.update({f"is_{role}": "on" for role in user.roles})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_non_coordinator_staff_see_the_directory_as_the_api_shows_it():
    kenya = OrganisationFactory(name="Kenya")
    editor = staff(roles=["editor"])
    delegate = UserFactory(roles=["delegate"], organisation=kenya)
    coordinator = UserFactory(roles=["coordinator"])
    client = admin_session(editor)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert coordinator.username in listing
    assert coordinator.email not in listing
    assert delegate.username not in listing
    # Searching by address finds nobody: the address cannot be probed either.
    search = client.get(f"/admin/accounts/user/?q={coordinator.email}").content.decode()
    assert "0 results" in search
    change = client.get(f"/admin/accounts/user/{coordinator.pk}/change/").content.decode()
    assert coordinator.email not in change
    assert client.get(f"/admin/accounts/user/{coordinator.pk}/history/").status_code == 403


def test_a_coordinator_sees_every_address_in_the_admin():
    coordinator = staff(roles=["coordinator"])
    delegate = UserFactory(roles=["delegate"], organisation=OrganisationFactory())
    listing = admin_session(coordinator).get("/admin/accounts/user/").content.decode()
    assert delegate.email in listing


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"is_active": None}, "your own account"),
        ({"is_coordinator": None}, "last active coordinator"),
    ],
)
def test_the_admin_refuses_to_lock_the_signed_in_coordinator_out(overrides, reason):
    coordinator = staff(roles=["coordinator"])
    client = admin_session(coordinator)
    response = client.post(
        f"/admin/accounts/user/{coordinator.pk}/change/", change_form(coordinator, **overrides)
    )
    assert response.status_code == 200  # the form again, with the reason
    assert reason in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.is_coordinator
    assert client.get(f"/admin/accounts/user/{coordinator.pk}/delete/").status_code == 403


def test_the_admin_still_saves_another_users_change():
    coordinator = staff(roles=["coordinator"])
    other = UserFactory(roles=["coordinator"], is_staff=True)
    response = admin_session(coordinator).post(
        f"/admin/accounts/user/{other.pk}/change/", change_form(other, is_active=None)
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_active


def test_a_coordinator_unlocks_accounts_with_the_admin_action(api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    locked = UserFactory()
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": locked.username, "password": "wrong"})
    token = {"username": locked.username, "password": PASSWORD}
    assert api.post("/api/v1/auth/token/", token).status_code == 429
    client = admin_session(staff(roles=["coordinator"]))
    response = client.post(
        "/admin/accounts/user/",
        {"action": "unlock", "_selected_action": [locked.pk]},
        follow=True,
    )
    assert f"Unlocked {locked.username}: 1 failed attempts cleared." in response.content.decode()
    assert api.post("/api/v1/auth/token/", token).status_code == 200


def test_only_coordinators_are_offered_the_unlock_action():
    page = admin_session(staff(roles=["editor"])).get("/admin/accounts/user/")
    assert 'value="unlock"' not in page.content.decode()
