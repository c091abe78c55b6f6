"""Update requests: member states file and support them, coordinators accept or decline."""

import pytest

from consultation.models import UpdateRequest
from consultation.services import update_requests as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(world, client_for):
    response = client_for(world.kenyan).post(
        "/api/v1/update-requests/",
        {
            "guideline": world.guideline.pk,
            "rationale": "Generative AI companions are not covered at all.",
            "status": "accepted",
            "organisation": world.chile.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_member_state_files_a_request(world, filed):
    assert filed["organisation"] == world.kenya.pk
    assert filed["status"] == "open"
    assert filed["supporters"] == []


@pytest.mark.parametrize("who", ["activist", "editor", "coordinator"])
def test_only_member_state_delegates_file(world, client_for, who):
    response = client_for(getattr(world, who)).post(
        "/api/v1/update-requests/",
        {"guideline": world.guideline.pk, "rationale": "Please revise."},
        format="json",
    )
    assert response.status_code == 403
    assert not UpdateRequest.objects.exists()


def test_others_support_it(world, client_for, filed):
    url = f"/api/v1/update-requests/{filed['id']}/support/"
    assert client_for(world.kenyan2).post(url).status_code == 403
    assert client_for(world.chilean).post(url).json()["supporters"] == [world.chile.pk]
    assert client_for(world.chilean).post(url).json()["supporters"] == [world.chile.pk]
    assert client_for(world.activist).post(url).status_code == 200


def test_coordinator_declines_with_a_reason(world, client_for, filed):
    url = f"/api/v1/update-requests/{filed['id']}/decline/"
    assert client_for(world.kenyan).post(url, {"reason": "No"}).status_code == 403
    coordinator = client_for(world.coordinator)
    missing = coordinator.post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    declined = coordinator.post(url, {"reason": "Covered by the 2027 cycle."}, format="json")
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["decision_reason"] == "Covered by the 2027 cycle."
    assert coordinator.post(url, {"reason": "Again"}, format="json").status_code == 409
    support = client_for(world.chilean).post(f"/api/v1/update-requests/{filed['id']}/support/")
    assert support.status_code == 409


def test_accept_runs_the_registered_hooks_in_the_same_transaction(
    world, client_for, filed, monkeypatch
):
    calls = []
    monkeypatch.setattr(services, "_ACCEPT_HOOKS", [])
    services.update_request_register_accept_hook(
        lambda *, update_request, user: calls.append((update_request.pk, user.pk))
    )
    url = f"/api/v1/update-requests/{filed['id']}/accept/"
    response = client_for(world.coordinator).post(url, {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert calls == [(filed["id"], world.coordinator.pk)]


def test_a_refusing_hook_rolls_the_acceptance_back(world, client_for, filed, monkeypatch):
    from common.errors import TransitionBlocked

    def refuse(*, update_request, user):
        raise TransitionBlocked("The guideline is in consultation.", blockers=["consultation"])

    monkeypatch.setattr(services, "_ACCEPT_HOOKS", [refuse])
    response = client_for(world.coordinator).post(
        f"/api/v1/update-requests/{filed['id']}/accept/", {}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "transition_blocked"
    assert UpdateRequest.objects.get().status == "open"


def test_filters(world, client_for, filed):
    client = client_for(world.chilean)
    assert len(client.get("/api/v1/update-requests/?status=open").json()["results"]) == 1
    assert client.get("/api/v1/update-requests/?status=declined").json()["results"] == []
    assert (
        client.get(f"/api/v1/update-requests/?organisation={world.kenya.pk}").json()["results"][0][
            "id"
        ]
        == filed["id"]
    )
