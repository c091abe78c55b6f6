"""Caps on hostile input: page size, body size, upload size, and text PostgreSQL cannot store."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organisations/"


@pytest.fixture
def as_coordinator(client_for, coordinator):
    return client_for(coordinator)


def test_page_size_is_capped_at_200(as_coordinator):
    Organisation.objects.bulk_create(
        Organisation(name=f"Civil society group {n}", kind=OrganisationKind.CIVIL_SOCIETY)
        for n in range(205)
    )
    body = as_coordinator.get(ORGS, {"page_size": 100000}).json()
    assert len(body["results"]) == 200
    assert body["next"]


def test_json_body_over_the_cap_is_413_json(as_coordinator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = {"name": "x" * 2000, "kind": "civil_society"}
    response = as_coordinator.post(ORGS, payload)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "limit is 1000 bytes" in response.json()["detail"]
    assert not Organisation.objects.exists()


def test_big_body_is_refused_before_authentication(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(ORGS, {"name": "x" * 2000})
    assert response.status_code == 413


def test_upload_over_the_cap_is_413_json(as_coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    upload = SimpleUploadedFile("comments.csv", b"a,b\n" * 1000, content_type="text/csv")
    response = as_coordinator.post(ORGS, {"file": upload, "name": "x"}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_upload_under_the_cap_passes_the_guard(as_coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 20000
    upload = SimpleUploadedFile("comments.csv", b"a,b\n" * 1000, content_type="text/csv")
    data = {"file": upload, "name": "Youth panel", "kind": "youth"}
    response = as_coordinator.post(ORGS, data, format="multipart")
    assert response.status_code == 201


def test_form_fields_over_djangos_cap_are_json_not_an_html_page(as_coordinator, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    data = {f"field{n}": "x" for n in range(10)}
    response = as_coordinator.post(ORGS, data, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_malformed_content_length_is_400(as_coordinator):
    response = as_coordinator.generic("POST", ORGS, "{}", "application/json", CONTENT_LENGTH="x")
    assert response.status_code == 400
    assert "Content-Length" in response.json()


@pytest.mark.parametrize(
    "raw",
    [
        '{"name": "Kenya\\u0000", "kind": "youth"}',
        '{"name": "Kenya \\ud800", "kind": "youth"}',
        '{"name": "Kenya", "kind": "youth", "extra": {"deep": ["\\u0000"]}}',
        '{"name\\u0000": "Kenya", "kind": "youth"}',
    ],
    ids=["nul", "lone-surrogate", "nested-nul", "nul-in-key"],
)
def test_unstorable_text_in_json_is_400_and_nothing_written(as_coordinator, raw):
    response = as_coordinator.generic("POST", ORGS, raw, "application/json")
    assert response.status_code == 400
    assert any("NUL" in message for messages in response.json().values() for message in messages)
    assert not Organisation.objects.exists()


def test_unstorable_text_in_form_fields_is_400(as_coordinator):
    response = as_coordinator.post(ORGS, {"name": "A\x00B", "kind": "youth"}, format="multipart")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize("query", ["kind=%00", "name%00=x", "kind=youth&kind=a%00b"])
def test_nul_in_query_string_is_400(as_coordinator, query):
    response = as_coordinator.get(f"{ORGS}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_invalid_utf8_in_query_string_is_not_a_500(as_coordinator):
    assert as_coordinator.get(f"{ORGS}?kind=%ED%A0%80%FF").status_code in (200, 400)


def test_huge_ids_are_404_not_500(as_coordinator):
    assert as_coordinator.get(f"{ORGS}{10**30}/").status_code == 404
    response = as_coordinator.get("/api/v1/users/", {"organisation": 10**30})
    assert response.status_code == 400


def test_odd_unicode_round_trips(as_coordinator):
    name = "Ελλάδα 🇬🇷 \u200b\u202e مرحبا \U0001d518\U0001d52b"
    response = as_coordinator.post(ORGS, {"name": name, "kind": "youth"})
    assert response.status_code == 201, response.content
    assert as_coordinator.get(f"{ORGS}{response.json()['id']}/").json()["name"] == name


def test_json_that_is_not_an_object_is_400(as_coordinator):
    for raw in ["[1, 2]", "null", '"text"', "{", json.dumps({"name": 1})]:
        response = as_coordinator.generic("POST", ORGS, raw, "application/json")
        assert response.status_code == 400, raw


def test_deleting_a_referenced_record_is_409_not_500(as_coordinator, delegate, organisation):
    response = as_coordinator.delete(f"{ORGS}{organisation.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "protected"
    assert "users" in response.json()["detail"]
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\nnot a part"),
        ("multipart/form-data; boundary=", b"----\r\n"),
        ("multipart/form-data; boundary=abc", b"--abc\r\nContent-Disposition: form-data\r\n\r\n"),
        ("multipart/form-data; boundary=abc", b"\x00\xff" * 50),
        ("application/json", b"\xff\xfe{}"),
        ("application/x-www-form-urlencoded", b"name=%ZZ&kind=%00"),
    ],
    ids=["no-boundary", "empty-boundary", "truncated", "binary", "bad-utf8-json", "bad-form"],
)
@pytest.mark.parametrize("url", [ORGS, "/api/v1/comments/import/"])
def test_malformed_bodies_are_4xx_json(as_coordinator, url, content_type, body):
    response = as_coordinator.generic("POST", url, body, content_type)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/json"
    assert not Organisation.objects.exists()


def _chunked(client, path, body: bytes):
    """POST `body` as gunicorn hands a chunked request over: no Content-Length, decoded input."""
    return client.generic(
        "POST",
        path,
        content_type="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
    )


def test_chunked_json_body_over_the_cap_is_413_like_one_with_a_length(as_coordinator):
    body = json.dumps({"name": "x" * (6 * 1024 * 1024), "kind": "civil_society"}).encode()
    with_length = as_coordinator.post(ORGS, body, content_type="application/json")
    chunked = _chunked(as_coordinator, ORGS, body)

    for response in (with_length, chunked):
        assert response.status_code == 413
        assert response.json()["code"] == "request_too_large"
    assert chunked.json()["detail"] == (
        "The request body is more than 5242880 bytes; the limit is 5242880 bytes. "
        "Send a smaller file or split the request."
    )
    assert not Organisation.objects.exists()


def test_chunked_json_body_under_the_cap_is_read(as_coordinator):
    body = json.dumps({"name": "Youth panel", "kind": "youth"}).encode()
    response = _chunked(as_coordinator, ORGS, body)
    assert response.status_code == 201, response.json()
    assert Organisation.objects.get().name == "Youth panel"
