"""Idempotency-Key: a retry replays the first reply and creates nothing; reuse is 422."""

import io
import threading

import pytest
from django.db import connection

from accounts.models import Organisation
from common.models import IdempotencyKey
from consultation.models import Comment
from tests.factories import UserFactory
from tests.security.requests_spec import xlsx_upload
from tests.security.world import build_world

URL = "/create/"
BODY = {"name": "Youth advisory panel", "kind": "youth"}


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def as_user(client_for, user):
    return client_for(user)


pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.idempotency_urls")]


def test_retry_with_the_same_key_replays_the_first_reply(as_user):
    first = as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="key-1")
    again = as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Organisation.objects.count() == 1


def test_same_key_with_another_body_is_422(as_user):
    as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="key-1")
    response = as_user.post(URL, {**BODY, "name": "Other"}, HTTP_IDEMPOTENCY_KEY="key-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Organisation.objects.count() == 1


def test_keys_belong_to_one_user(as_user, client_for):
    as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="shared")
    other = client_for(UserFactory()).post(
        URL, {**BODY, "name": "Another"}, HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert other.status_code == 201
    assert Organisation.objects.count() == 2


def test_without_a_key_every_post_runs(as_user):
    as_user.post(URL, BODY)
    assert as_user.post(URL, {**BODY, "name": "Second"}).status_code == 201
    assert Organisation.objects.count() == 2


def test_a_failed_request_does_not_burn_the_key(as_user):
    bad = as_user.post(URL, {"name": "No kind"}, HTTP_IDEMPOTENCY_KEY="key-2")
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    good = as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="key-2")
    assert good.status_code == 201


def test_expired_keys_may_be_used_again(as_user, settings):
    settings.IDEMPOTENCY_KEY_TTL = 0
    as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY="old")
    again = as_user.post(URL, {**BODY, "name": "Later"}, HTTP_IDEMPOTENCY_KEY="old")
    assert again.status_code == 201
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_malformed_keys_are_400(as_user, key):
    response = as_user.post(URL, BODY, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Organisation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one_row(user, client_for):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results = []

    def send():
        try:
            response = client_for(user).post(URL, BODY, HTTP_IDEMPOTENCY_KEY="race")
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [201] * 4
    assert Organisation.objects.count() == 1


# --- the real endpoints --------------------------------------------------------------------


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@pytest.mark.urls("backend.urls")
def test_comment_post_retried_with_the_key_creates_one_draft(world, client_for):
    client = client_for(world.users["delegate_b"])
    body = {
        "consultation": world.consultation.pk,
        "section": world.section.pk,
        "type": "editorial",
        "body": "The second sentence repeats the first.",
    }
    before = Comment.objects.count()
    first = client.post("/api/v1/comments/", body, HTTP_IDEMPOTENCY_KEY="c-1")
    retry = client.post("/api/v1/comments/", body, HTTP_IDEMPOTENCY_KEY="c-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Comment.objects.count() == before + 1
    changed = client.post(
        "/api/v1/comments/", {**body, "body": "Another point."}, HTTP_IDEMPOTENCY_KEY="c-1"
    )
    assert changed.status_code == 422
    assert changed.json()["code"] == "idempotency_key_reused"
    assert Comment.objects.count() == before + 1


@pytest.mark.urls("backend.urls")
def test_import_retried_with_the_key_imports_once(world, client_for):
    client = client_for(world.users["editor_assigned"])
    before = Comment.objects.count()
    # A retry sends the very same bytes (a workbook saved again records another time).
    workbook = xlsx_upload(world).getvalue()

    def send(key, **extra):
        upload = io.BytesIO(workbook)
        upload.name = "comments.xlsx"
        return client.post(
            "/api/v1/comments/import/",
            {"consultation": world.consultation.pk, "file": upload, **extra},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    first, retry = send("import-1"), send("import-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Comment.objects.count() == before + first.json()["created"]
    # A new key is a new import: of the same file, only when the caller says it means it.
    assert send("import-2").json()["code"] == "duplicate_import"
    assert send("import-3", allow_duplicate="true").status_code == 201
    assert Comment.objects.count() == before + 2 * first.json()["created"]


@pytest.mark.urls("backend.urls")
def test_the_schema_documents_the_header(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in ["/api/v1/comments/", "/api/v1/comments/import/"]:
        names = [p["name"] for p in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
