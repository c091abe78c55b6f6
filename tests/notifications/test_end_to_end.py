"""End to end with real processes: redis-server, a Celery worker with beat, PostgreSQL, email.

The worker is `celery -A backend worker -B` in a subprocess, on the test database and a
redis-server of the test's own (a free loopback port), sending through the filebased email
backend into a temporary directory the test reads. These tests need a database that two
processes share, so they run on PostgreSQL (CI's first run) and skip on SQLite.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from redis import Redis
from redis.exceptions import RedisError

from backend.celery import app
from consultation.services.comments import comment_create, comment_submit
from notifications.models import DeliveryStatus, EmailDelivery
from tests.factories import ConsultationFactory, GuidelineFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
CELERY = str(Path(sys.executable).with_name("celery"))
DELIVERY_HEADER = "X-Concord-Delivery:"


@pytest.fixture(autouse=True)
def _needs_postgres_and_redis_server():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a database the worker process can share: run with DATABASE_URL on "
            "PostgreSQL (and REDIS_URL), as CI's first run does"
        )
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    """A throw-away redis-server without persistence: a restart loses every queued message."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            return bool(Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except (RedisError, OSError):
            return False

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis-server to answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not self.answers(), timeout=5, what="redis-server to stop")


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def broker(redis_server):
    """Point this process's Celery app at the test's redis-server and stop running eagerly."""
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.CELERY_BROKER_URL = redis_server.url
    app._pool = None
    app.amqp._producer_pool = None
    yield redis_server
    app.conf.CELERY_TASK_ALWAYS_EAGER = saved["task_always_eager"]
    app.conf.CELERY_BROKER_URL = saved["broker_url"]
    app._pool = None
    app.amqp._producer_pool = None


class Worker:
    """The worker subprocess and the directory its email backend writes to."""

    def __init__(self, process, maildir: Path, log: Path):
        self.process, self.maildir, self.log = process, maildir, log

    def emails(self) -> list[str]:
        """Every message written so far (the filebased backend separates them with dashes)."""
        messages = []
        for path in sorted(self.maildir.glob("*.log")):
            for chunk in path.read_text().split("-" * 79):
                if DELIVERY_HEADER in chunk:
                    messages.append(chunk)
        return messages

    def log_tail(self) -> str:
        return self.log.read_text()[-4000:] if self.log.exists() else ""


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_env():
    """Extra environment for the worker; a test overrides it with parametrize(indirect)."""
    return {}


@pytest.fixture
def worker(broker, transactional_db, tmp_path, worker_env):
    """`celery -A backend worker -B` on the test database; beat sweeps the outbox each second."""
    maildir, log = tmp_path / "mail", tmp_path / "worker.log"
    maildir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker.url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(maildir),
        "NOTIFICATIONS_SWEEP_SECONDS": "1",
        "NOTIFICATIONS_REMINDER_SECONDS": "3600",
        "CONCORD_VAR_DIR": str(tmp_path / "var"),
        "PYTHONUNBUFFERED": "1",
        **worker_env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "backend",
                "worker",
                "-B",
                "--schedule",
                str(tmp_path / "beat-schedule"),
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"e2e-{broker.port}@localhost",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    handle = Worker(process, maildir, log)
    try:
        wait_for(
            lambda: "ready." in log.read_text() or process.poll() is not None,
            timeout=60,
            what="the worker to be ready",
        )
        assert process.poll() is None, f"the worker exited:\n{handle.log_tail()}"
        yield handle
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def submitted_comment(transactional_db):
    """A delegate's submitted comment on an open consultation, and the guideline's editor."""
    editor = UserFactory(roles=["editor"])
    delegate = UserFactory(roles=["delegate"], email="focal.point@testland.example")
    colleague = UserFactory(roles=["delegate"], organisation=delegate.organisation)
    outsider = UserFactory(roles=["delegate"])  # another organisation: hears nothing
    guideline = GuidelineFactory()
    guideline.editors.add(editor)
    SectionFactory(guideline=guideline)
    consultation = ConsultationFactory(version__guideline=guideline)
    comment = comment_create(
        user=delegate,
        consultation=consultation,
        type="technical",
        body="The section should say who reviews the age-assurance results each quarter.",
    )
    comment = comment_submit(user=delegate, comment=comment)
    return {
        "comment": comment,
        "editor": editor,
        "told": {delegate.email, colleague.email},
        "outsider": outsider,
    }


def resolve(client_for, setup):
    client = client_for(setup["editor"])
    started = time.monotonic()
    response = client.post(
        f"/api/v1/comments/{setup['comment'].pk}/resolve/",
        {"decision": "partially_accepted", "rationale": "Named the reviewing team in 4.2."},
        format="json",
    )
    return response, time.monotonic() - started


def recipients_of(emails: list[str]) -> list[str]:
    found = []
    for message in emails:
        for line in message.splitlines():
            if line.startswith("To: "):
                found.append(line[4:].strip())
    return sorted(found)


def test_comment_resolution_reaches_the_organisation_by_email(
    worker, submitted_comment, client_for
):
    response, _ = resolve(client_for, submitted_comment)
    assert response.status_code == 200, response.content
    wanted = sorted(submitted_comment["told"])
    try:
        wait_for(
            lambda: len(worker.emails()) >= len(wanted), timeout=60, what="the worker's emails"
        )
    except AssertionError:
        pytest.fail(f"no email arrived; worker log:\n{worker.log_tail()}")
    time.sleep(2.5)  # two more sweeps: nothing is sent twice
    emails = worker.emails()
    assert recipients_of(emails) == wanted
    assert all("partially accepted" in message for message in emails)
    assert submitted_comment["outsider"].email not in "".join(emails)
    statuses = EmailDelivery.objects.values_list("status", "attempts")
    assert sorted(statuses) == [(DeliveryStatus.SENT, 1)] * len(wanted)


def test_broker_outage_delays_but_never_loses_or_doubles_email(
    worker, broker, submitted_comment, client_for
):
    broker.stop()
    response, elapsed = resolve(client_for, submitted_comment)
    assert response.status_code == 200, response.content
    assert elapsed < 2, f"the request took {elapsed:.2f}s while Redis was down"
    wanted = sorted(submitted_comment["told"])
    assert sorted(EmailDelivery.objects.values_list("status", flat=True)) == [
        DeliveryStatus.PENDING
    ] * len(wanted)
    time.sleep(2)
    assert worker.emails() == []  # nothing can reach the worker yet

    broker.start()  # same port, empty: whatever was queued before the outage is gone
    try:
        wait_for(
            lambda: len(worker.emails()) >= len(wanted),
            timeout=90,
            what="the sweep to send the pending emails",
        )
    except AssertionError:
        pytest.fail(f"the emails were not sent after Redis returned:\n{worker.log_tail()}")
    time.sleep(3)  # several more sweeps
    assert recipients_of(worker.emails()) == wanted
    assert sorted(EmailDelivery.objects.values_list("status", "attempts")) == [
        (DeliveryStatus.SENT, 1)
    ] * len(wanted)


@pytest.mark.parametrize(
    "worker_env",
    [
        {
            "EMAIL_BACKEND": "tests.notifications.mail.FlakyFileBackend",
            "FLAKY_SMTP_FAILURES": "2",
            "NOTIFICATIONS_EMAIL_RETRY_BASE_SECONDS": "1",
        }
    ],
)
def test_smtp_errors_are_retried_by_the_worker_and_sent_once(worker, submitted_comment, client_for):
    """Two SMTP failures: the task's retries and the sweep race; each email goes out once."""
    response, _ = resolve(client_for, submitted_comment)
    assert response.status_code == 200, response.content
    wanted = sorted(submitted_comment["told"])
    try:
        wait_for(
            lambda: EmailDelivery.objects.filter(status=DeliveryStatus.SENT).count() == len(wanted),
            timeout=90,
            what="the retried emails",
        )
    except AssertionError:
        pytest.fail(f"the emails were not sent after the retries:\n{worker.log_tail()}")
    time.sleep(3)  # more sweeps and any late retry messages
    assert recipients_of(worker.emails()) == wanted
    attempts = sorted(EmailDelivery.objects.values_list("attempts", flat=True))
    assert sum(attempts) == len(wanted) + 2  # two failed attempts, then one send each
    assert "retrying" in worker.log.read_text()  # the Celery retry path ran and was logged
