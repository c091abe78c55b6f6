"""No coordinator can lock themself (and so the instance) out through the API."""

import pytest

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_cannot_deactivate_their_own_account(client_for, coordinator):
    UserFactory(roles=["coordinator"])  # another one exists: still refused
    client = client_for(coordinator)
    for response in [
        client.delete(f"/api/v1/users/{coordinator.pk}/"),
        client.patch(f"/api/v1/users/{coordinator.pk}/", {"is_active": False}, format="json"),
    ]:
        assert response.status_code == 409
        body = response.json()
        assert body["code"] == "self_lockout"
        assert "your own account" in body["detail"]
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert client.get("/api/v1/users/me/").status_code == 200


def test_the_last_coordinator_keeps_the_role(client_for, coordinator):
    UserFactory(roles=["coordinator"], is_active=False)  # an inactive one does not count
    response = client_for(coordinator).patch(
        f"/api/v1/users/{coordinator.pk}/", {"roles": ["editor"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "self_lockout"
    assert "last active coordinator" in response.json()["detail"]
    coordinator.refresh_from_db()
    assert coordinator.roles == ["coordinator"]


def test_a_coordinator_hands_over_the_role_when_another_remains(client_for, coordinator):
    UserFactory(roles=["coordinator"])
    response = client_for(coordinator).patch(
        f"/api/v1/users/{coordinator.pk}/", {"roles": ["editor"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert User.objects.get(pk=coordinator.pk).roles == ["editor"]


def test_a_coordinator_still_deactivates_someone_else(client_for, coordinator):
    other = UserFactory(roles=["coordinator"])
    assert client_for(coordinator).delete(f"/api/v1/users/{other.pk}/").status_code == 204
    other.refresh_from_db()
    assert not other.is_active
