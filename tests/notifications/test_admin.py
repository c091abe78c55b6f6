"""The admin shows the outbox (failed emails included) and can send failed emails again."""

import pytest
from django.test import Client

from notifications import services
from notifications.models import DeliveryStatus, EmailDelivery, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_superuser():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_lists_and_requeues_failed_emails(admin_client_for_superuser, mailoutbox):
    user = UserFactory()
    services.notify(
        recipients=[user],
        verb="update_request_filed",
        message="Kenya asked for the guideline for children to be revised.",
        target_type="update_request",
        target_id=3,
    )
    EmailDelivery.objects.update(status=DeliveryStatus.FAILED, last_error="SMTP 451", attempts=5)
    client = admin_client_for_superuser
    for url in [
        "/admin/notifications/emaildelivery/?status__exact=failed",
        "/admin/notifications/notification/",
        "/admin/notifications/notificationsetting/",
        "/admin/notifications/remindermark/",
        f"/admin/notifications/emaildelivery/{EmailDelivery.objects.get().pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    assert b"SMTP 451" in client.get("/admin/notifications/emaildelivery/").content
    response = client.post(
        "/admin/notifications/emaildelivery/",
        {
            "action": "requeue_failed",
            "_selected_action": list(EmailDelivery.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    services.deliveries_sweep()
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT
    assert len(mailoutbox) == 1
    assert Notification.objects.count() == 1
