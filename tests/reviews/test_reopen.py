"""Closed consultations: new dates are refused with the reason, reopening is its own action."""

import datetime as dt

import pytest
from django.utils import timezone

from consultation.models import Consultation, ConsultationReopening, Stage
from notifications.models import Notification
from tests.factories import ConsultationFactory

from .conftest import close, move, resolve


def later(days=7):
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def reopen(client, consultation, **body):
    return client.post(
        f"/api/v1/consultations/{consultation.pk}/reopen/",
        {"closes_at": later(), "reason": "Two member states asked for another week.", **body},
        format="json",
    )


@pytest.mark.parametrize("field", ["closes_at", "opens_at"])
def test_new_dates_on_a_consultation_closed_early_are_409_saying_why(world, client_for, field):
    close(world)
    before = Consultation.objects.get(pk=world.consultation.pk)
    client = client_for(world.coordinator)
    value = later(60) if field == "closes_at" else (timezone.now() - dt.timedelta(days=3))

    response = client.patch(
        f"/api/v1/consultations/{world.consultation.pk}/", {field: value}, format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "consultation_closed"
    assert "was closed early" in body["detail"]
    assert f"/api/v1/consultations/{world.consultation.pk}/reopen/" in body["detail"]
    assert body["fields"] == [field]
    after = Consultation.objects.get(pk=world.consultation.pk)
    assert (after.opens_at, after.closes_at) == (before.opens_at, before.closes_at)
    # Other fields of a closed consultation still change.
    renamed = client.patch(
        f"/api/v1/consultations/{world.consultation.pk}/", {"title": "Renamed"}, format="json"
    )
    assert renamed.status_code == 200 and renamed.json()["title"] == "Renamed"


def test_extending_a_consultation_past_its_deadline_is_a_reopening(world, client_for):
    past = ConsultationFactory(
        version=world.version,
        guideline=world.guideline,
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )

    response = client_for(world.coordinator).patch(
        f"/api/v1/consultations/{past.pk}/", {"closes_at": later()}, format="json"
    )

    assert response.status_code == 409
    assert "would reopen it without telling anyone" in response.json()["detail"]
    past.refresh_from_db()
    assert past.status == "closed"


@pytest.mark.parametrize("stage", [Stage.CONSULTATION, Stage.RESOLUTION])
def test_a_coordinator_reopens_a_closed_consultation(world, submit, client_for, stage):
    submit()
    close(world)
    move(world, Stage.CONSULTATION)
    if stage == Stage.RESOLUTION:
        move(world, Stage.RESOLUTION)
    closed_at = Consultation.objects.get(pk=world.consultation.pk).effective_closes_at
    closes_at = later()
    coordinator = client_for(world.coordinator)

    response = reopen(coordinator, world.consultation, closes_at=closes_at)

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "open"
    assert response.json()["closed_early_at"] is None
    (logged,) = ConsultationReopening.objects.filter(consultation=world.consultation)
    assert (logged.reopened_by, logged.closed_at) == (world.coordinator, closed_at)
    assert logged.reason == "Two member states asked for another week."
    listed = client_for(world.kenyan).get(
        f"/api/v1/consultations/{world.consultation.pk}/reopenings/"
    )
    assert [(r["reopened_by"], r["reason"]) for r in listed.json()] == [
        (world.coordinator.pk, logged.reason)
    ]
    told = Notification.objects.filter(target_type="consultation", target_id=world.consultation.pk)
    assert {n.recipient for n in told} == {world.kenyan, world.chilean, world.activist}
    assert all("open again" in n.message and logged.reason in n.message for n in told)
    # The delegates write again, and the guideline cannot leave resolution meanwhile.
    drafted = client_for(world.chilean).post(
        "/api/v1/comments/",
        {"consultation": world.consultation.pk, "type": "general", "body": "One more point."},
        format="json",
    )
    assert drafted.status_code == 201, drafted.json()
    if stage == Stage.RESOLUTION:
        blocked = coordinator.post(
            f"/api/v1/guidelines/{world.guideline.pk}/transition/", {"to": "expert_review"}
        )
        assert blocked.status_code == 409
        assert "consultation_open" in [b["kind"] for b in blocked.json()["blockers"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"closes_at": "2020-01-01T00:00:00Z"}, "closes_at"),
        ({"closes_at": "next week"}, "closes_at"),
    ],
)
def test_reopening_needs_a_reason_and_a_future_close(world, client_for, body, field):
    close(world)
    move(world, Stage.CONSULTATION)

    response = reopen(client_for(world.coordinator), world.consultation, **body)

    assert response.status_code == 400
    assert field in response.json()
    assert not ConsultationReopening.objects.exists()


@pytest.mark.parametrize("who", ["kenyan", "editor"])
def test_only_coordinators_reopen(world, client_for, who):
    close(world)
    move(world, Stage.CONSULTATION)

    response = reopen(client_for(getattr(world, who)), world.consultation)

    assert response.status_code == 403
    assert Consultation.objects.get(pk=world.consultation.pk).status == "closed"


def test_an_open_consultation_is_not_reopened(world, client_for):
    response = reopen(client_for(world.coordinator), world.consultation)

    assert response.status_code == 409
    assert "not closed" in response.json()["detail"]


def test_reopening_is_refused_once_the_guideline_left_resolution(world, submit, client_for):
    comment = submit()
    close(world)
    resolve(world, comment)
    move(world, Stage.CONSULTATION, Stage.RESOLUTION, Stage.EXPERT_REVIEW)

    response = reopen(client_for(world.coordinator), world.consultation)

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["stage"]) == ("not_in_stage", "expert_review")
    assert Consultation.objects.get(pk=world.consultation.pk).status == "closed"
    assert not ConsultationReopening.objects.exists()
    assert not Notification.objects.filter(target_type="consultation").exists()
