"""Background disposition exports with real processes: the request publishes to a real Redis
after commit, a real Celery worker writes the file, this process downloads it; and on
PostgreSQL, tasks racing for one job write it once."""

import threading

import pytest
from django.db import connection

from reviews.models import DispositionExport, ExportStatus
from reviews.services.exports import disposition_export_run
from reviews.tasks import run_disposition_export
from tests.disposition.test_background_export import ROWS, _body
from tests.disposition.test_background_export import world as world
from tests.notifications.test_end_to_end import (  # noqa: F401 - fixtures
    _needs_postgres_and_redis_server,
    broker,
    redis_server,
    wait_for,
    worker,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env():
    """Nothing to add: the worker's exports folder follows its CONCORD_VAR_DIR."""
    return {}


@pytest.fixture
def exports_root(settings, tmp_path):
    """The folder the worker (CONCORD_VAR_DIR=tmp_path/var) and this process share."""
    settings.EXPORTS_ROOT = tmp_path / "var" / "exports"
    return settings.EXPORTS_ROOT


def test_a_worker_writes_the_export_and_a_redelivery_is_a_no_op(
    client_for,
    world,
    exports_root,
    worker,  # noqa: F811 - fixtures
):
    client = client_for(world["editor"])
    guideline = world["guideline"]
    response = client.post(
        f"/api/v1/guidelines/{guideline.pk}/disposition/exports/", {"format": "csv"}
    )
    assert response.status_code == 202
    location = response["Location"]

    def finished():
        status = client.get(location).json()
        return status if status["status"] in ("done", "failed") else None

    status = wait_for(finished, timeout=60, what=f"the export to finish\n{worker.log_tail()}")
    assert status["status"] == "done", status
    assert status["row_count"] == len(ROWS)
    download = client.get(status["download"])
    synchronous = client.get(f"/api/v1/guidelines/{guideline.pk}/disposition/?format=csv")
    assert _body(download) == _body(synchronous)

    export = DispositionExport.objects.get(pk=status["id"])
    written = (exports_root / export.file).stat().st_mtime_ns
    run_disposition_export.apply_async((export.pk,))  # a second delivery of the same job
    wait_for(
        lambda: (
            "reviews.run_disposition_export" in worker.log_tail()
            and "'skipped'" in worker.log_tail()
        ),
        timeout=30,
        what=f"the worker to skip the job\n{worker.log_tail()}",
    )
    assert (exports_root / export.file).stat().st_mtime_ns == written


def test_racing_tasks_run_a_job_once(world, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    settings.EXPORTS_ROOT = tmp_path / "exports"
    # Written directly: through the service, the commit would run it in-process at once.
    export = DispositionExport.objects.create(
        guideline=world["guideline"], requested_by=world["editor"], format="xlsx"
    )
    barrier = threading.Barrier(4)
    outcomes = []

    def race():
        try:
            barrier.wait()
            outcomes.append(disposition_export_run(export_id=export.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "skipped", "skipped", "skipped"]
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert [p.name for p in (tmp_path / "exports").iterdir()] == [export.file]
