"""The notifications API: own list (cursor), read marks, unread count, preferences."""

import base64
import datetime as dt

import pytest
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def tell(user, n=1, verb="stage_changed"):
    for i in range(n):
        services.notify(
            recipients=[user],
            verb=verb,
            message=f"The guideline for parents and educators moved to approval ({i}).",
            target_type="guideline",
            target_id=100 + i,
        )


def test_list_shows_only_the_callers_notifications(client_for, delegate):
    other = UserFactory()
    tell(delegate, 2)
    tell(other, 3)
    response = client_for(delegate).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 2
    first = body["results"][0]
    assert set(first) == {
        "id",
        "verb",
        "message",
        "target_type",
        "target_id",
        "created_at",
        "read_at",
    }
    assert first["verb"] == "stage_changed"
    assert first["target_type"] == "guideline"
    assert first["target_id"] == 101  # newest first
    assert first["read_at"] is None


def test_anonymous_is_refused(api):
    assert api.get(URL).status_code == 401


def test_cursor_pagination_walks_every_notification_once(client_for, delegate):
    tell(delegate, 7)
    client = client_for(delegate)
    seen, url = [], f"{URL}?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(Notification.objects.values_list("id", flat=True), reverse=True)
    assert "cursor=" in client.get(f"{URL}?page_size=3").json()["next"]


def test_newest_first_by_creation_time_with_ties_broken_by_id(client_for, delegate):
    """A notification written later for an earlier event (a reminder sweep catching up) sorts
    by when it happened; equal times keep one order across pages."""
    tell(delegate, 5)
    first, second, third, fourth, fifth = Notification.objects.order_by("id")
    base = timezone.now()
    times = {first: 3, second: 1, third: 3, fourth: 0, fifth: 2}  # minutes before now
    for notification, minutes in times.items():
        notification.created_at = base - dt.timedelta(minutes=minutes)
        notification.save(update_fields=["created_at"])
    expected = [fourth.pk, second.pk, fifth.pk, third.pk, first.pk]

    client = client_for(delegate)
    assert [row["id"] for row in client.get(URL).json()["results"]] == expected
    seen, url = [], f"{URL}?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == expected


def test_forged_cursor_is_a_400(client_for, delegate):
    forged = base64.b64encode(b"p=not-a-time").decode()
    response = client_for(delegate).get(URL, {"cursor": forged})
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_is_constant(client_for, delegate, count, django_assert_max_num_queries):
    tell(delegate, count)
    client = client_for(delegate)
    with django_assert_max_num_queries(3):
        assert len(client.get(URL).json()["results"]) == count


def test_unread_count_read_one_and_read_all(client_for, delegate):
    tell(delegate, 3)
    client = client_for(delegate)
    assert client.get(f"{URL}unread-count/").json() == {"count": 3}
    target = Notification.objects.filter(recipient=delegate).first()
    response = client.post(f"{URL}{target.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    first_read = response.json()["read_at"]
    assert client.post(f"{URL}{target.pk}/read/").json()["read_at"] == first_read
    assert client.get(f"{URL}unread-count/").json() == {"count": 2}
    assert len(client.get(f"{URL}?unread=true").json()["results"]) == 2
    assert client.post(f"{URL}read-all/").json() == {"marked": 2}
    assert client.get(f"{URL}unread-count/").json() == {"count": 0}


def test_someone_elses_notification_is_not_found(client_for, delegate):
    other = UserFactory()
    tell(other)
    theirs = Notification.objects.get(recipient=other)
    client = client_for(delegate)
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    client.post(f"{URL}read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_default_change_and_validation(client_for, delegate):
    client = client_for(delegate)
    url = f"{URL}preferences/"
    assert client.get(url).json() == {"email": "immediate"}
    for choice in ["daily", "off", "immediate"]:
        response = client.patch(url, {"email": choice})
        assert response.status_code == 200
        assert response.json() == {"email": choice}
        assert client.get(url).json() == {"email": choice}
    response = client.patch(url, {"email": "weekly"})
    assert response.status_code == 400
    assert "email" in response.json()
    # Like every PATCH of the API, an empty one changes nothing (the schema makes email optional).
    response = client.patch(url, {})
    assert response.status_code == 200
    assert response.json() == {"email": "immediate"}
