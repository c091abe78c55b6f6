"""The paths outside the API's reads that carry comment text keep drafts with their organisation.

Notifications and e-mails are written by the services, the archive by manage.py; each must
leave a draft where the reading rule puts it.
"""

import pytest
from django.db.models import Q

from consultation.archive import consultation_export, consultation_import
from notifications.models import EmailDelivery, Notification
from tests.security.world import SECRET_A, build_world

pytestmark = pytest.mark.django_db

DRAFT = "(draft)"


@pytest.fixture
def world():
    return build_world()


def test_no_notification_or_email_carries_a_draft(world):
    assert Notification.objects.exists() and EmailDelivery.objects.exists()
    assert not Notification.objects.filter(message__contains=DRAFT).exists()
    quoting = Q(subject__contains=DRAFT) | Q(body_text__contains=DRAFT)
    assert not EmailDelivery.objects.filter(quoting | Q(body_html__contains=DRAFT)).exists()


def test_an_archived_draft_stays_with_its_organisation_after_import(world, client_for):
    archive = consultation_export(consultation=world.consultation)
    copy = consultation_import(archive=archive, slug="copy-of-the-consultation")
    for role, forbidden in [("coordinator", DRAFT), ("delegate_b", SECRET_A)]:
        body = client_for(world.users[role]).get(
            f"/api/v1/comments/?consultation={copy.pk}&page_size=200"
        )
        assert body.status_code == 200
        assert body.json()["results"], role  # the copy is there
        assert forbidden not in body.content.decode(), role
    own = client_for(world.users["delegate_a"]).get(f"/api/v1/comments/?consultation={copy.pk}")
    assert f"{SECRET_A} {DRAFT}" in own.content.decode()
