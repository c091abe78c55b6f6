"""Running the process through Django's test client: consultations, failed e-mail deliveries."""

import re

import pytest

from consultation.models import Consultation
from notifications.models import DeliveryStatus, EmailDelivery

pytestmark = pytest.mark.django_db


def new_consultation(world, **changes):
    data = {
        "title": "Second consultation",
        "version": world.version.pk,
        "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-02-10T17:00",
        "visibility": "public",
        "invited_kinds": ["member_state", "youth"],
        "invited_organisations": [world.chile.pk],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_opens_a_consultation(signed_in, world):
    client = signed_in(world.coordinator)
    url = f"/guidelines/{world.guideline.pk}/consultations/new/"
    assert "Opens (UTC)" in client.get(url).content.decode()
    response = client.post(url, new_consultation(world))
    created = Consultation.objects.get(title="Second consultation")
    assert response["Location"] == f"/consultations/{created.pk}/dashboard/"
    assert created.invited_kinds == ["member_state", "youth"]
    assert list(created.invited_organisations.all()) == [world.chile]
    assert created.opens_at.isoformat() == "2027-01-10T09:00:00+00:00"


def test_a_consultation_without_invitations_or_with_a_bad_window_is_refused(signed_in, world):
    client = signed_in(world.coordinator)
    response = client.post(
        f"/guidelines/{world.guideline.pk}/consultations/new/",
        new_consultation(world, invited_kinds=None, invited_organisations=None),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_invited_kinds">Invited organisation kinds: Invite at least one' in html
    assert not Consultation.objects.filter(title="Second consultation").exists()
    response = client.post(
        f"/guidelines/{world.guideline.pk}/consultations/new/",
        new_consultation(world, closes_at="2027-01-01T00:00"),
    )
    assert "closes_at must be later than opens_at." in response.content.decode()


def test_only_coordinators_open_consultations(signed_in, world):
    url = f"/guidelines/{world.guideline.pk}/consultations/new/"
    assert signed_in(world.editor).post(url, new_consultation(world)).status_code == 403
    assert not Consultation.objects.filter(title="Second consultation").exists()


def test_a_coordinator_closes_a_consultation_early(signed_in, world):
    client = signed_in(world.coordinator)
    url = f"/consultations/{world.consultation.pk}/dashboard/"
    assert "Close the consultation now" in client.get(url).content.decode()
    client.post(f"/consultations/{world.consultation.pk}/close/")
    world.consultation.refresh_from_db()
    assert world.consultation.closed_early_at is not None
    html = client.get(url).content.decode()
    assert "The consultation is closed." in html
    assert "Close the consultation now" not in html
    assert "Send a reminder" not in html  # closed: nobody is reminded any more


def test_an_editor_may_not_close_a_consultation(signed_in, world):
    client = signed_in(world.editor)
    assert (
        "Close the consultation now"
        not in client.get(f"/consultations/{world.consultation.pk}/dashboard/").content.decode()
    )
    client.post(f"/consultations/{world.consultation.pk}/close/")
    world.consultation.refresh_from_db()
    assert world.consultation.closed_early_at is None


def test_failed_deliveries_are_listed_and_sent_again(signed_in, world, mailoutbox):
    failed = EmailDelivery.objects.create(
        recipient=world.chilean,
        to_address="cl-delegate@example.org",
        subject="Consultation opened",
        body_text="Hello",
        status=DeliveryStatus.FAILED,
        attempts=5,
        last_error="SMTP 550 mailbox unavailable",
    )
    client = signed_in(world.coordinator)
    html = client.get("/deliveries/").content.decode()
    assert "SMTP 550 mailbox unavailable" in html and "cl-delegate@example.org" in html
    response = client.post(f"/deliveries/{failed.pk}/retry/")
    assert response["Location"] == "/deliveries/"
    failed.refresh_from_db()
    assert failed.status != DeliveryStatus.FAILED and failed.attempts <= 1
    html = client.get("/deliveries/").content.decode()
    assert "is queued again" in html
    assert not re.search(rf'data-delivery="{failed.pk}"', html)
    assert signed_in(world.editor).get("/deliveries/").status_code == 403


def test_a_coordinator_reopens_a_closed_consultation_with_a_reason(signed_in, world):
    from consultation.models import Guideline
    from tests.web.world import close

    Guideline.objects.filter(pk=world.guideline.pk).update(stage="consultation")
    close(world.consultation)
    client = signed_in(world.coordinator)
    url = f"/consultations/{world.consultation.pk}/"
    page = client.get(url + "dashboard/").content.decode()
    assert "Reopen the consultation" in page
    missing = client.post(url + "reopen/", {"closes_at": "2099-01-01T12:00"}, follow=True)
    assert "This field is required." in missing.content.decode()
    client.post(url + "reopen/", {"closes_at": "2099-01-01T12:00", "reason": "Late replies."})
    world.consultation.refresh_from_db()
    assert world.consultation.status == "open"
    assert world.consultation.closes_at.year == 2099
