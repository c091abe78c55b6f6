"""The user directory: whom each caller sees, whose e-mail address, and a schema that says so."""

import jsonschema
import pytest

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    kenya, norway = OrganisationFactory(name="Kenya"), OrganisationFactory(name="Norway")
    return {
        "delegate": UserFactory(roles=["delegate"], organisation=kenya),
        "colleague": UserFactory(roles=["delegate"], organisation=kenya),
        "foreign_delegate": UserFactory(roles=["delegate"], organisation=norway),
        "editor": UserFactory(roles=["editor"]),
        "coordinator": UserFactory(roles=["coordinator"]),
        "approver": UserFactory(roles=["approver"]),
        "no_address": UserFactory(roles=["delegate"], organisation=norway, email=""),
    }


def listed(client) -> dict[str, dict]:
    body = client.get("/api/v1/users/?page_size=200").json()
    return {entry["username"]: entry for entry in body["results"]}


def test_a_delegate_sees_its_organisation_and_the_reviewers_without_addresses(people, client_for):
    me = people["delegate"]
    entries = listed(client_for(me))
    expected = {people[k].username for k in ["delegate", "colleague", "editor", "coordinator"]}
    assert set(entries) == expected
    assert entries[me.username]["email"] == me.email
    for name, entry in entries.items():
        if name != me.username:
            assert "email" not in entry, name
    editor = entries[people["editor"].username]
    assert editor["first_name"] == people["editor"].first_name
    assert editor["organisation"] == people["editor"].organisation_id
    assert editor["roles"] == ["editor"]


@pytest.mark.parametrize("who", ["foreign_delegate", "approver"])
def test_other_parties_people_are_404_for_a_delegate(people, client_for, who):
    client = client_for(people["delegate"])
    response = client.get(f"/api/v1/users/{people[who].pk}/")
    assert response.status_code == 404
    assert people[who].email not in response.content.decode()


def test_a_delegate_reads_a_colleague_and_an_editor_without_their_address(people, client_for):
    client = client_for(people["delegate"])
    for who in ["colleague", "editor"]:
        body = client.get(f"/api/v1/users/{people[who].pk}/").json()
        assert body["username"] == people[who].username
        assert "email" not in body
    assert client.get("/api/v1/users/me/").json()["email"] == people["delegate"].email


def test_an_editor_sees_the_reviewers_but_not_the_commenting_delegates(people, client_for):
    entries = listed(client_for(people["editor"]))
    assert set(entries) == {people["editor"].username, people["coordinator"].username}
    assert "email" not in entries[people["coordinator"].username]


def test_a_coordinator_sees_everyone_with_their_address(people, client_for):
    entries = listed(client_for(people["coordinator"]))
    assert {p.username for p in people.values()} <= set(entries)
    for person in people.values():
        assert entries[person.username]["email"] == person.email


def test_filters_do_not_widen_the_directory(people, client_for):
    client = client_for(people["delegate"])
    norway = people["foreign_delegate"].organisation_id
    body = client.get(f"/api/v1/users/?organisation={norway}").json()
    assert body["count"] == 0


def _nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema (`type: [..., "null"]`), recursively."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    return node


@pytest.mark.parametrize("role", ["delegate", "editor", "coordinator"])
def test_every_entry_matches_exactly_one_documented_shape(people, client_for, api, role):
    schema = api.get("/api/schema/?format=json").json()
    entry_schema = _nullable_to_json_schema(
        {"$ref": "#/components/schemas/UserEntry", "components": schema["components"]}
    )
    validator = jsonschema.Draft7Validator(
        entry_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    client = client_for(people[role])
    entries = list(listed(client).values())
    entries.append(client.get(f"/api/v1/users/{people['editor'].pk}/").json())
    for entry in entries:
        errors = [error.message for error in validator.iter_errors(entry)]
        assert not errors, (entry, errors)
