"""Defects found by walking the demo as its users would: each answered 500 or HTML before."""

import datetime as dt
import json

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from backend.http_errors import server_error
from consultation.models import Consultation, Visibility
from consultation.services.comments import comment_create, comment_submit, comment_withdraw
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    GuidelineFactory,
    SectionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past a 64-bit id: SQLite raised OverflowError on it


@pytest.fixture
def consultation(db):
    guideline = GuidelineFactory()
    SectionFactory(guideline=guideline)
    return ConsultationFactory(version=VersionFactory(guideline=guideline), guideline=guideline)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/comments/?consultation=", "consultation"),
        ("/api/v1/comments/?guideline=", "guideline"),
        ("/api/v1/comments/?section=", "section"),
        ("/api/v1/comments/?organisation=", "organisation"),
        ("/api/v1/comments/?assignee=", "assignee"),
        ("/api/v1/consultations/?guideline=", "guideline"),
        ("/api/v1/consultations/?version=", "version"),
        ("/api/v1/update-requests/?guideline=", "guideline"),
        ("/api/v1/update-requests/?organisation=", "organisation"),
        ("/api/v1/dashboard/?consultation=", "consultation"),
        ("/api/v1/dashboard/?guideline=", "guideline"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, "1.5", "0"])
def test_out_of_range_id_filters_are_a_400_naming_the_parameter(
    client_for, coordinator, consultation, url, field, value
):
    response = client_for(coordinator).get(url + value)

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_id_filters_still_filter(client_for, coordinator, consultation):
    url = f"/api/v1/consultations/?guideline={consultation.guideline_id}"
    response = client_for(coordinator).get(url)

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [consultation.pk]


def test_resolve_batch_with_an_out_of_range_id_is_a_400(client_for, editor):
    response = client_for(editor).post(
        "/api/v1/comments/resolve-batch/",
        {"comments": [int(HUGE)], "decision": "noted", "rationale": "Taken into account."},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert "comments" in response.json()


def test_a_consultation_without_visibility_is_private(client_for, coordinator, consultation):
    now = timezone.now()
    payload = {
        "guideline": consultation.guideline_id,
        "version": consultation.version_id,
        "title": "A second round on the same draft",
        "opens_at": (now + dt.timedelta(days=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=20)).isoformat(),
    }

    response = client_for(coordinator).post("/api/v1/consultations/", payload, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["visibility"] == "private"
    assert Consultation.objects.get(pk=response.json()["id"]).visibility == Visibility.PRIVATE


@pytest.mark.parametrize(
    "url", ["/api/v1/no-such-thing/", "/api/v1/notifications/abc/read/", "/api/nothing"]
)
def test_an_unknown_api_url_is_a_json_404(client_for, coordinator, url):
    response = client_for(coordinator).get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_an_unknown_url_outside_the_api_keeps_the_html_page(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unexpected_api_failure_is_a_json_500():
    response = server_error(RequestFactory().get("/api/v1/comments/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["code"] == "server_error"


@pytest.mark.parametrize("url", ["/api/v1/comments/", "/api/v1/notifications/"])
# "cD1hYmM%3D" is p=abc and the last one p=99999999999999999999: forged positions.
@pytest.mark.parametrize(
    "cursor", ["garbage", "cD0xMjY", "cD1hYmM%3D", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OQ%3D%3D"]
)
def test_a_malformed_cursor_is_a_400_naming_the_parameter(client_for, coordinator, url, cursor):
    response = client_for(coordinator).get(f"{url}?cursor={cursor}")

    assert response.status_code == 400, response.content
    assert "cursor" in response.json()


@pytest.mark.parametrize("submit", [False, True])
def test_editing_a_withdrawn_comment_says_so(client_for, delegate, consultation, submit):
    comment = comment_create(
        user=delegate, consultation=consultation, type="general", body="Name the review body."
    )
    if submit:
        comment = comment_submit(user=delegate, comment=comment)
    comment_withdraw(user=delegate, comment=comment)

    response = client_for(delegate).patch(
        f"/api/v1/comments/{comment.pk}/", {"body": "A new wording."}, format="json"
    )

    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]
    comment.refresh_from_db()
    assert comment.body == "Name the review body."


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_refuses_writes_with_a_json_405(db, method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["code"] == "method_not_allowed"


def test_healthz_still_answers_get(db):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content)["database"] == "ok"


@pytest.mark.parametrize("depth", [900, 5000, 100_000])
def test_deeply_nested_json_is_a_400(client_for, coordinator, depth):
    body = "[" * depth + "]" * depth

    response = client_for(coordinator).post(
        "/api/v1/organisations/", body, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert response.json()  # a JSON answer: parse_error, or the serializer's complaint


@pytest.mark.parametrize(
    ("value", "status"),
    [("true", 200), ("false", 200), ("1", 200), ("0", 200), ("", 200), ("maybe", 400)],
)
def test_resolved_filter_refuses_unknown_words(client_for, coordinator, value, status):
    response = client_for(coordinator).get(f"/api/v1/comments/?resolved={value}")

    assert response.status_code == status, response.content
    if status == 400:
        assert response.json() == {"resolved": ['Use "true" or "false".']}


def test_resolved_filter_still_filters(client_for, coordinator, consultation):
    resolved = CommentFactory(
        consultation=consultation, status="submitted", decision="noted", rationale="Seen."
    )
    open_one = CommentFactory(consultation=consultation, status="submitted")
    client = client_for(coordinator)

    def ids(value):
        body = client.get(f"/api/v1/comments/?resolved={value}").json()
        return [c["id"] for c in body["results"]]

    assert ids("true") == [resolved.pk]
    assert ids("false") == [open_one.pk]


def test_the_token_endpoint_refuses_deeply_nested_json_with_a_400(api):
    body = "[" * 100_000 + "]" * 100_000

    response = api.post("/api/v1/auth/token/", body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "parse_error"


def test_the_token_endpoint_still_takes_json_and_forms(api, coordinator):
    coordinator.set_password("a-long-qa-passphrase")
    coordinator.save()
    credentials = {"username": coordinator.username, "password": "a-long-qa-passphrase"}

    as_json = api.post("/api/v1/auth/token/", credentials, format="json")
    as_form = api.post("/api/v1/auth/token/", credentials)

    assert as_json.status_code == as_form.status_code == 200
    assert as_json.json()["token"] == as_form.json()["token"]
