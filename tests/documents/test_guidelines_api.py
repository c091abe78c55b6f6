"""Guidelines: coordinators create and update them; stage is read-only; everyone signed in reads."""

import pytest

from consultation.models import Guideline
from consultation.services.documents import guideline_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/guidelines/"


def new_guideline(editor):
    return {
        "slug": "cop-parents",
        "title": "Child Online Protection: guidance for parents and educators",
        "audience": "parents_educators",
        "editors": [editor.pk],
        "required_approvals": 3,
    }


def test_coordinator_creates_and_updates(client_for, coordinator, editor):
    client = client_for(coordinator)
    response = client.post(URL, new_guideline(editor), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["editors"], body["required_approvals"]) == (
        "drafting",
        [editor.pk],
        3,
    )
    other = UserFactory(roles=["editor"])
    response = client.patch(
        f"{URL}{body['id']}/", {"editors": [other.pk], "stage": "published"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["editors"] == [other.pk]
    assert response.json()["stage"] == "drafting"  # read-only: only transition moves it
    guideline = Guideline.objects.get(pk=body["id"])
    assert guideline.history.first().history_user == coordinator


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"audience": "robots"}, "audience"),
        ({"required_approvals": 0}, "required_approvals"),
        ({"slug": "taken"}, "slug"),
        ({"editors": ["delegate"]}, "editors"),
        ({"editors": [99999]}, "editors"),
    ],
)
def test_bad_input_is_400(client_for, coordinator, editor, delegate, change, field):
    guideline_create(user=coordinator, slug="taken", title="T", audience="children")
    if change.get("editors") == ["delegate"]:
        change = {"editors": [delegate.pk]}
    response = client_for(coordinator).post(URL, {**new_guideline(editor), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("role", ["editor", "delegate", "approver"])
def test_only_coordinators_manage_guidelines(client_for, guideline, editor, role):
    user = editor if role == "editor" else UserFactory(roles=[role])
    client = client_for(user)
    assert client.post(URL, new_guideline(editor), format="json").status_code == 403
    assert client.patch(f"{URL}{guideline.pk}/", {"title": "X"}).status_code == 403
    assert client.get(f"{URL}{guideline.pk}/").status_code == 200


def test_guidelines_are_not_deleted(client_for, coordinator, guideline):
    assert client_for(coordinator).delete(f"{URL}{guideline.pk}/").status_code == 405


def test_list_constant_queries(client_for, delegate, coordinator, django_assert_max_num_queries):
    client = client_for(delegate)
    editors = [UserFactory(roles=["editor"]) for _ in range(3)]
    guideline_create(user=coordinator, slug="g0", title="G0", audience="children", editors=editors)
    with django_assert_max_num_queries(4):
        client.get(URL)
    for i in range(1, 12):
        guideline_create(
            user=coordinator, slug=f"g{i}", title=f"G{i}", audience="industry", editors=editors
        )
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == 12
    assert response.json()["results"][0]["editors"] == [e.pk for e in editors]
