"""The schema states what the server does, and the server refuses what the schema forbids."""

import pytest
import yaml

from accounts.models import Organisation
from tests.factories import GuidelineFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return yaml.safe_load(client.get("/api/schema/").content)


def test_every_operation_documents_its_errors_with_the_error_body(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            for status in ("401", "429"):
                if path != "/api/v1/auth/token/" or status == "429":
                    assert status in responses, (method, path, status)
            if "{" in path:
                assert {"403", "404"} <= set(responses), (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    body = response["content"]["application/json"]["schema"]
                    assert "Error" in str(body), (method, path, status)


def test_writes_document_conflicts_with_their_codes(schema):
    create = schema["paths"]["/api/v1/comments/"]["post"]["responses"]
    assert "consultation_closed" in create["409"]["description"]
    assert {"403", "409", "413", "415", "422"} <= set(create)
    patch = schema["paths"]["/api/v1/sections/{id}/"]["patch"]["responses"]
    assert {"412", "428"} <= set(patch)
    assert "stale_revision" in patch["412"]["description"]


def test_parameters_state_their_bounds(schema):
    comments = {p["name"]: p for p in schema["paths"]["/api/v1/comments/"]["get"]["parameters"]}
    assert comments["consultation"]["schema"]["type"] == "integer"
    assert comments["consultation"]["schema"]["minimum"] == 1
    assert comments["page_size"]["schema"]["minimum"] == 1
    dashboard = schema["paths"]["/api/v1/dashboard/"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("minimum") for p in dashboard} == {
        "consultation": 1,
        "guideline": 1,
    }


def test_a_page_size_that_is_no_number_is_refused(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/organisations/?page_size=null")
    assert response.status_code == 400
    assert "page_size" in response.json()
    assert client_for(coordinator).get("/api/v1/notifications/?page_size=0").status_code == 400
    assert client_for(coordinator).get("/api/v1/organisations/?page_size=").status_code == 200


def test_a_flag_that_is_no_boolean_is_refused(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/notifications/?unread=null")
    assert response.status_code == 400
    assert "unread" in response.json()
    assert client_for(coordinator).get("/api/v1/users/?is_active=maybe").status_code == 400


def test_a_repeated_query_parameter_is_refused(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/notifications/?unread=true&unread=false")
    assert response.status_code == 400
    assert response.json() == {"unread": ["Give this query parameter once."]}


def test_filtering_by_an_id_that_matches_nothing_gives_an_empty_page(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/users/?organisation=999999")
    assert response.status_code == 200
    assert response.json()["results"] == []
    guideline = GuidelineFactory()
    SectionFactory(guideline=guideline)
    listed = client_for(coordinator).get(f"/api/v1/sections/?guideline={guideline.pk}").json()
    assert len(listed["results"]) == 1
    assert client_for(coordinator).get("/api/v1/sections/?guideline=0").status_code == 400


def test_a_number_is_no_text(client_for, coordinator):
    body = {"name": 42, "kind": "academia"}
    response = client_for(coordinator).post("/api/v1/organisations/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Not a valid string."]}
    assert not Organisation.objects.filter(name="42").exists()


def test_a_username_longer_than_any_account_is_a_400_naming_it(api):
    body = {"username": "x" * 300, "password": "whatever"}
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert "username" in response.json()


def test_an_object_is_no_list(client_for, coordinator):
    body = {"slug": "g", "title": "G", "audience": "children", "editors": {}}
    response = client_for(coordinator).post("/api/v1/guidelines/", body, format="json")
    assert response.status_code == 400
    assert "editors" in response.json()


def test_a_section_id_that_is_no_number_is_not_found(client_for, coordinator):
    response = client_for(coordinator).get("/api/v1/sections/null,null/diff/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
