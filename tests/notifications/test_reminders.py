"""Once-only reminders: one per (user, consultation, kind), however often the sweep runs."""

import pytest
from django.db import IntegrityError, transaction

from notifications import services
from notifications.models import Notification, ReminderMark
from notifications.selectors import reminded_user_ids
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "The consultation on the guideline for industry closes in 7 days."


def test_reminders_go_once_per_user_consultation_and_kind(mailoutbox):
    first, second = UserFactory(), UserFactory()
    sent = services.reminders_send(
        user_ids=[first.pk], consultation_id=5, kind="consultation_closing_7d", message=MESSAGE
    )
    assert sent == [first.pk]
    again = services.reminders_send(
        user_ids=[first.pk, second.pk],
        consultation_id=5,
        kind="consultation_closing_7d",
        message=MESSAGE,
    )
    assert again == [second.pk]
    assert (
        services.reminders_send(
            user_ids=[first.pk, second.pk],
            consultation_id=5,
            kind="consultation_closing_7d",
            message=MESSAGE,
        )
        == []
    )
    # Another kind and another consultation are separate reminders.
    assert services.reminder_send(
        user_id=first.pk, consultation_id=5, kind="consultation_closing_1d", message="1 day left."
    )
    assert services.reminder_send(
        user_id=first.pk, consultation_id=6, kind="consultation_closing_7d", message=MESSAGE
    )
    assert Notification.objects.filter(recipient=first).count() == 3
    assert Notification.objects.filter(recipient=second).count() == 1
    assert reminded_user_ids(consultation_id=5, kind="consultation_closing_7d") == {
        first.pk,
        second.pk,
    }
    notification = Notification.objects.filter(recipient=second).get()
    assert (notification.target_type, notification.target_id) == ("consultation", 5)


def test_the_database_refuses_a_second_mark():
    user = UserFactory()
    ReminderMark.objects.create(user=user, consultation_id=1, kind="consultation_opened")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderMark.objects.create(user=user, consultation_id=1, kind="consultation_opened")


def test_only_once_only_kinds_are_reminders():
    with pytest.raises(ValueError):
        services.reminders_send(
            user_ids=[UserFactory().pk], consultation_id=1, kind="comment_resolved", message="x"
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_remind_once():
    """Two sweeps racing on PostgreSQL: the unique constraint lets exactly one win."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    users = UserFactory.create_batch(5)
    barrier = threading.Barrier(4)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(
                services.reminders_send(
                    user_ids=[u.pk for u in users],
                    consultation_id=9,
                    kind="consultation_closing_1d",
                    message="The consultation closes tomorrow.",
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(pk for told in results for pk in told) == sorted(u.pk for u in users)
    assert Notification.objects.count() == 5
    assert ReminderMark.objects.count() == 5
