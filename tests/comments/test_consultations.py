"""Consultations: coordinators open, change and close them; everyone signed in reads them."""

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import Consultation
from tests.factories import GuidelineFactory, SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db


def payload(world, **extra):
    now = timezone.now()
    return {
        "guideline": world.guideline.pk,
        "version": world.version.pk,
        "title": "Second consultation on the industry guideline",
        "opens_at": (now + dt.timedelta(days=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=31)).isoformat(),
        "visibility": "public",
        "invited_kinds": ["member_state", "youth"],
        "invited_organisations": [world.ngo.pk],
        **extra,
    }


def test_coordinator_opens_a_consultation(world, client_for):
    response = client_for(world.coordinator).post(
        "/api/v1/consultations/", payload(world), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "scheduled"
    assert body["invited_kinds"] == ["member_state", "youth"]
    assert body["invited_organisations"] == [world.ngo.pk]


@pytest.mark.parametrize("who", ["kenyan", "editor"])
def test_only_coordinators_write(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.post("/api/v1/consultations/", payload(world), format="json").status_code == 403
    url = f"/api/v1/consultations/{world.consultation.pk}/"
    assert client.patch(url, {"title": "Mine"}, format="json").status_code == 403
    assert client.post(f"{url}close/").status_code == 403
    assert client.get(url).status_code == 200


def test_version_must_belong_to_the_guideline(world, client_for):
    foreign = VersionFactory(guideline=SectionFactory(guideline=GuidelineFactory()).guideline)
    response = client_for(world.coordinator).post(
        "/api/v1/consultations/", payload(world, version=foreign.pk), format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"invited_kinds": ["aliens"]}, "invited_kinds"),
        ({"closes_at": "2020-01-01T00:00:00Z"}, "closes_at"),
        ({"visibility": "secret"}, "visibility"),
        ({"opens_at": "tomorrow"}, "opens_at"),
    ],
)
def test_bad_consultation_input(world, client_for, extra, field):
    response = client_for(world.coordinator).post(
        "/api/v1/consultations/", payload(world, **extra), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_status_follows_the_clock_and_early_close(world, client_for):
    client = client_for(world.coordinator)
    url = f"/api/v1/consultations/{world.consultation.pk}/"
    assert client.get(url).json()["status"] == "open"
    assert client.get("/api/v1/consultations/?status=open").json()["results"][0]["id"] == (
        world.consultation.pk
    )
    closed = client.post(f"{url}close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(f"{url}close/")
    assert again.status_code == 409 and again.json()["code"] == "consultation_closed"
    assert client.get("/api/v1/consultations/?status=closed").json()["results"][0]["id"] == (
        world.consultation.pk
    )
    assert client.get("/api/v1/consultations/?status=open").json()["results"] == []


def test_consultation_with_comments_keeps_its_version_and_is_not_deleted(
    world, client_for, make_comment
):
    make_comment()
    client = client_for(world.coordinator)
    url = f"/api/v1/consultations/{world.consultation.pk}/"
    other = VersionFactory(guideline=world.guideline)
    assert client.patch(url, {"version": other.pk}, format="json").status_code == 409
    assert client.delete(url).status_code == 409
    assert client.patch(url, {"title": "Renamed"}, format="json").json()["title"] == "Renamed"


def test_consultation_without_comments_is_deleted(world, client_for):
    url = f"/api/v1/consultations/{world.consultation.pk}/"
    assert client_for(world.coordinator).delete(url).status_code == 204
    assert not Consultation.objects.exists()


def test_consultation_list_queries_are_constant(world, client_for, django_assert_max_num_queries):
    client = client_for(world.kenyan)
    for _ in range(5):
        client_for(world.coordinator).post("/api/v1/consultations/", payload(world), format="json")
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/consultations/").json()["results"]) == 6
