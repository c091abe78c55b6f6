"""notify(), preferences, the outbox: claim once, retry with backoff, record failures, digests."""

import contextlib
import datetime as dt
import socket
import time

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import DeliveryStatus, EmailDelivery, Notification
from notifications.tasks import send_delivery, send_digests, sweep_outbox
from tests.factories import GuidelineFactory, UserFactory

from .mail import FlakySMTPBackend

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.mail.FlakySMTPBackend"


def resolve_notice(recipients, actor=None):
    return services.notify(
        recipients=recipients,
        verb="comment_resolved",
        message="Your comment on section 2.1 (age assurance) was partially accepted.",
        target_type="comment",
        target_id=42,
        actor=actor,
    )


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = FLAKY
    FlakySMTPBackend.failures_left = 0
    yield FlakySMTPBackend
    FlakySMTPBackend.failures_left = 0


def test_notify_writes_one_notification_per_person_and_sends_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    alice, bob, actor = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        written = resolve_notice([alice, bob.pk, alice, actor], actor=actor)
        assert mailoutbox == []  # nothing leaves the process before commit
    assert len(callbacks) == 1
    assert sorted(n.recipient_id for n in written) == sorted([alice.pk, bob.pk])
    assert not Notification.objects.filter(recipient=actor).exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([alice.email, bob.email])
    message = mailoutbox[0]
    assert "partially accepted" in message.subject
    assert "partially accepted" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "partially accepted" in message.alternatives[0].content
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_rolled_back_change_notifies_nobody(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        resolve_notice([user])
        raise RuntimeError("the comment could not be saved")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not EmailDelivery.objects.exists()
    assert mailoutbox == []


def test_inactive_users_and_users_without_email(mailoutbox, django_capture_on_commit_callbacks):
    gone = UserFactory(is_active=False)
    no_address = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        written = resolve_notice([gone, no_address])
    assert [n.recipient_id for n in written] == [no_address.pk]
    assert mailoutbox == []


def test_unknown_verb_is_refused():
    with pytest.raises(ValueError, match="verb"):
        services.notify(
            recipients=[UserFactory()], verb="guessed", message="x", target_type="t", target_id=1
        )


@pytest.mark.parametrize(
    ("preference", "immediate_emails", "digest_emails"),
    [("immediate", 2, 0), ("daily", 0, 1), ("off", 0, 0)],
)
def test_email_preferences(
    preference, immediate_emails, digest_emails, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    services.preference_set(user=user, email=preference)
    with django_capture_on_commit_callbacks(execute=True):
        resolve_notice([user])
        services.notify(
            recipients=[user],
            verb="stage_changed",
            message="The guideline for industry moved to expert review.",
            target_type="guideline",
            target_id=7,
        )
    assert len(mailoutbox) == immediate_emails
    assert Notification.objects.filter(recipient=user).count() == 2  # in-app always
    with django_capture_on_commit_callbacks(execute=True):
        send_digests.delay()
    assert len(mailoutbox) == immediate_emails + digest_emails


def test_daily_digest_lists_everything_once(mailoutbox, django_capture_on_commit_callbacks):
    daily, other = UserFactory(), UserFactory()
    services.preference_set(user=daily, email="daily")
    services.preference_set(user=other, email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        resolve_notice([daily])
        services.notify(
            recipients=[daily],
            verb="comment_replied",
            message="An editor replied on your comment about parental controls.",
            target_type="comment",
            target_id=43,
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1
        assert services.digests_send() == 0  # a second run the same day finds nothing
    [digest] = mailoutbox
    assert digest.to == [daily.email]
    assert "2 notifications" in digest.subject
    for text in (digest.body, digest.alternatives[0].content):
        assert "partially accepted" in text
        assert "parental controls" in text
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_digest_waiting_when_user_turns_email_off_is_dropped(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    services.preference_set(user=user, email="daily")
    resolve_notice([user])
    services.preference_set(user=user, email="off")
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_send()
    assert mailoutbox == []
    assert not Notification.objects.filter(digest_pending=True).exists()


def test_duplicate_tasks_and_sweeps_send_once(mailoutbox):
    # Without running the after-commit callbacks the delivery is pending, as when the broker
    # was down; then the task arrives twice and two sweeps run.
    user = UserFactory()
    resolve_notice([user])
    delivery = EmailDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert send_delivery.delay(delivery.pk).get() == "sent"
    assert send_delivery.delay(delivery.pk).get() == "skipped"
    assert sweep_outbox.delay().get()["sent"] == 0
    assert services.deliveries_sweep() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_sweep_sends_what_was_left_pending(mailoutbox):
    users = UserFactory.create_batch(3)
    resolve_notice(users)
    assert EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 3
    assert services.deliveries_sweep()["sent"] == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)


def test_smtp_error_is_retried_with_backoff_then_sent_once(flaky_smtp, settings):
    from django.core import mail

    settings.NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS = 60
    flaky_smtp.failures_left = 2
    user = UserFactory()
    resolve_notice([user])
    delivery = EmailDelivery.objects.get()

    before = timezone.now()
    assert services.delivery_send(delivery_id=delivery.pk).status == "retry"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "SMTPServerDisconnected" in delivery.last_error
    assert delivery.next_attempt_at >= before + dt.timedelta(seconds=60)
    # Not due yet: neither a duplicate task nor the sweep sends it.
    assert services.delivery_send(delivery_id=delivery.pk).status == "skipped"
    assert services.deliveries_sweep()["sent"] == 0

    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_send(delivery_id=delivery.pk) == services.SendOutcome("retry", 240)
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.deliveries_sweep()["sent"] == 1
    assert services.deliveries_sweep()["sent"] == 0
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")


def test_failure_after_last_attempt_is_recorded_and_shown_to_coordinators(
    flaky_smtp, settings, client_for, coordinator, delegate
):
    from django.core import mail

    settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = 2
    flaky_smtp.failures_left = 10
    resolve_notice([delegate])
    delivery = EmailDelivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk).status == "retry"
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_send(delivery_id=delivery.pk).status == "failed"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "SMTPServerDisconnected" in delivery.last_error
    assert services.deliveries_sweep()["sent"] == 0  # failed is final until requeued

    url = "/api/v1/notifications/failed-deliveries/"
    assert client_for(delegate).get(url).status_code == 403
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == delivery.pk
    assert row["to_address"] == delegate.email
    assert row["attempts"] == 2
    assert "SMTPServerDisconnected" in row["last_error"]

    flaky_smtp.failures_left = 0
    assert client_for(delegate).post(f"{url}{delivery.pk}/retry/").status_code == 403
    response = client_for(coordinator).post(f"{url}{delivery.pk}/retry/")
    assert response.status_code == 200
    # The requeue publishes after commit; run the sweep as beat would.
    services.deliveries_sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert client_for(coordinator).get(url).json()["results"] == []


def test_stale_claim_of_a_dead_worker_is_released(mailoutbox, settings):
    settings.NOTIFICATIONS_STALE_CLAIM_SECONDS = 600
    resolve_notice([UserFactory()])
    delivery = EmailDelivery.objects.get()
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=1,
        claimed_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert services.deliveries_sweep()["sent"] == 0  # a live worker may still be sending
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert services.deliveries_sweep()["sent"] == 1
    assert len(mailoutbox) == 1


def test_broker_down_does_not_fail_the_caller(settings, django_capture_on_commit_callbacks):
    """Publishing to an unreachable broker is logged; the rows stay pending for the sweep."""
    import time

    from backend.celery import app

    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    previous_url = app.conf.broker_url
    app.conf.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app._pool = None
    app.amqp._producer_pool = None
    users = UserFactory.create_batch(5)
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            resolve_notice(users)
        elapsed = time.monotonic() - started
    finally:
        app.conf.CELERY_BROKER_URL = previous_url
        app._pool = None
        app.amqp._producer_pool = None
    assert elapsed < 2
    assert EmailDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 5


@contextlib.contextmanager
def hung_broker():
    """A "Redis" on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers."""
    from backend.celery import app

    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    previous_url = app.conf.broker_url
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.CELERY_BROKER_URL = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.CELERY_BROKER_URL = previous_url
        app.conf.CELERY_TASK_ALWAYS_EAGER = True
        app._pool = None
        app.amqp._producer_pool = None
        server.close()


def test_hung_broker_neither_slows_a_write_nor_loses_its_email(
    client_for, coordinator, delegate, mailoutbox, django_capture_on_commit_callbacks
):
    """Filing an update request e-mails the coordinators; a hung broker costs it no seconds."""
    guideline = GuidelineFactory()
    client = client_for(delegate)
    with hung_broker():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/v1/update-requests/",
                {"guideline": guideline.pk, "rationale": "AI companions are not covered."},
                format="json",
            )
        elapsed = time.monotonic() - started
    assert response.status_code == 201, response.json()
    # The broker's socket timeouts bound the wait: 2 s and more before, tens of ms now.
    assert elapsed < 1
    delivery = EmailDelivery.objects.get(recipient=coordinator)
    assert delivery.status == DeliveryStatus.PENDING
    assert mailoutbox == []
    assert services.deliveries_sweep()["sent"] == 1
    assert [message.to for message in mailoutbox] == [[coordinator.email]]


@pytest.mark.django_db(transaction=True)
def test_racing_senders_claim_a_delivery_once(mailoutbox):
    """Tasks and sweeps racing on PostgreSQL: the conditional UPDATE lets one of them send."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    resolve_notice(UserFactory.create_batch(3))  # autocommit: the callbacks ran (eager)
    EmailDelivery.objects.update(status=DeliveryStatus.PENDING, attempts=0, sent_at=None)
    mailoutbox.clear()
    barrier = threading.Barrier(6)

    def race(work):
        try:
            barrier.wait()
            work()
        finally:
            connection.close()

    ids = list(EmailDelivery.objects.values_list("pk", flat=True))

    def send_each():
        for pk in ids:
            services.delivery_send(delivery_id=pk)

    jobs = [services.deliveries_sweep] * 3 + [send_each] * 3
    threads = [threading.Thread(target=race, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mailoutbox) == 3
    assert sorted(EmailDelivery.objects.values_list("status", "attempts")) == [("sent", 1)] * 3


def test_sweep_command_sends_pending_email_and_digests(mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    immediate, daily = UserFactory(), UserFactory()
    services.preference_set(user=daily, email="daily")
    resolve_notice([immediate, daily])  # callbacks not run: the email waits in the outbox
    out = StringIO()
    call_command("notifications_sweep", "--digests", stdout=out)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([immediate.email, daily.email])
    assert "digests written: 1" in out.getvalue()
    assert "'sent': 2" in out.getvalue()  # the immediate email and the digest


def broken_provider():
    raise RuntimeError("the provider's query failed")


def test_a_broken_reminder_provider_does_not_stop_the_others(settings, caplog):
    settings.NOTIFICATIONS_REMINDER_PROVIDERS = [
        "tests.notifications.test_outbox.broken_provider",
        "consultation.reminders.send_due_reminders",
    ]
    from notifications.tasks import run_reminders

    result = run_reminders.apply().get()
    assert result == {
        "tests.notifications.test_outbox.broken_provider": "error",
        "consultation.reminders.send_due_reminders": {"opened": 0, "closing": 0},
    }
    assert "reminder provider tests.notifications.test_outbox.broken_provider failed" in (
        caplog.text
    )


def test_task_failures_are_logged_with_task_id_and_arguments(caplog):
    result = send_delivery.apply(args=("not-an-id",))
    assert result.failed()
    assert f"task notifications.send_delivery id={result.id} failed" in caplog.text
    assert "'not-an-id'" in caplog.text


def test_failed_deliveries_list_query_count_is_constant(
    client_for, coordinator, django_assert_max_num_queries
):
    resolve_notice(UserFactory.create_batch(4))
    EmailDelivery.objects.update(status=DeliveryStatus.FAILED, last_error="SMTP 550")
    with django_assert_max_num_queries(4):
        response = client_for(coordinator).get("/api/v1/notifications/failed-deliveries/")
    assert response.json()["count"] == 4
    assert {row["recipient_username"] for row in response.json()["results"]} == set(
        EmailDelivery.objects.values_list("recipient__username", flat=True)
    )
