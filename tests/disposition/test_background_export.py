"""Background disposition exports: same bytes as the synchronous export, permissions, the
threshold that sends large exports there, a claim that runs once, failures, the sweep."""

import datetime as dt
import io
import logging

import openpyxl
import pytest
from django.utils import timezone

from consultation.services.imports import comments_import
from reviews.models import DispositionExport, ExportStatus
from reviews.services import exports
from reviews.services.comments import comment_resolve
from reviews.services.exports import (
    disposition_export_request,
    disposition_export_run,
    disposition_exports_sweep,
)
from reviews.tasks import run_disposition_export
from tests.disposition.test_disposition import _consulted_guideline, _sheet
from tests.factories import OrganisationFactory, UserFactory

ROWS = [
    ["Kenya", "12", "2.10", "", "te", "=HYPERLINK() must stay text in the export", "+ a note"],
    ["France", "4", "2.9", "Table 1", "ed", "The table on age ratings lacks a caption.", ""],
    ["Kenya", "", "", "", "ge", "Say early who the guidance for parents is meant for.", ""],
    ["France", "9", "10", "", "te", "Reporting tools need a child-friendly wording.", ""],
]


@pytest.fixture(autouse=True)
def exports_root(settings, tmp_path):
    settings.EXPORTS_ROOT = tmp_path / "exports"
    return settings.EXPORTS_ROOT


@pytest.fixture
def world(db):
    """A consulted guideline with four imported comments, one resolved, and its editor."""
    guideline, _sections, consultation = _consulted_guideline("cop-parents")
    OrganisationFactory(name="Kenya", country="KE")
    OrganisationFactory(name="France", country="FR")
    editor = UserFactory(roles=["editor"])
    guideline.editors.add(editor)
    ids = comments_import(user=editor, consultation=consultation, sheet=_sheet(ROWS)).ids
    comment_resolve(
        comment=consultation.comments.get(pk=ids[0]),
        user=editor,
        decision="rejected",
        rationale="=1 the formula-like text is the commenter's own example.",
    )
    return {"guideline": guideline, "editor": editor}


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _start(client, guideline, fmt, capture):
    """POST an export; the task runs in-process when the request's transaction commits."""
    with capture(execute=True):
        response = client.post(
            f"/api/v1/guidelines/{guideline.pk}/disposition/exports/", {"format": fmt}
        )
    return response


def _sync(client, guideline, fmt) -> bytes:
    response = client.get(f"/api/v1/guidelines/{guideline.pk}/disposition/", {"format": fmt})
    assert response.status_code == 200
    return _body(response)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv; charset=utf-8"), ("json", "application/json")],
)
def test_job_writes_the_same_bytes_as_the_synchronous_export(
    client_for, world, django_capture_on_commit_callbacks, exports_root, fmt, content_type
):
    client = client_for(world["editor"])
    response = _start(client, world["guideline"], fmt, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "pending" and job["format"] == fmt and job["download"] is None
    assert {"id", "created_at", "row_count", "error"} <= set(job)
    assert response["Location"].endswith(f"/api/v1/disposition-exports/{job['id']}/")

    status = client.get(response["Location"]).json()
    assert status["status"] == "done"
    assert status["row_count"] == len(ROWS)
    assert status["error"] == ""
    assert status["download"].endswith(f"/api/v1/disposition-exports/{job['id']}/download/")

    download = client.get(status["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert (
        f'filename="disposition-cop-parents-{timezone.now():%Y%m%d}.{fmt}"'
        in (download["Content-Disposition"])
    )
    body = _body(download)
    assert body == _sync(client, world["guideline"], fmt)
    assert status["size"] == len(body)
    # Only the finished file is left: no temporary .part files.
    assert [p.name for p in exports_root.iterdir()] == [f"disposition-{job['id']}.{fmt}"]


def test_xlsx_job_has_the_same_cells_as_the_synchronous_export(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world["editor"])
    job = _start(client, world["guideline"], "xlsx", django_capture_on_commit_callbacks).json()
    download = client.get(f"/api/v1/disposition-exports/{job['id']}/download/")

    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in download["Content-Disposition"]
    background = openpyxl.load_workbook(io.BytesIO(_body(download))).active
    synchronous = openpyxl.load_workbook(
        io.BytesIO(_sync(client, world["guideline"], "xlsx"))
    ).active

    def cells(sheet):
        return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]

    assert cells(background) == cells(synchronous)
    assert len(cells(background)) == len(ROWS) + 1
    assert background.freeze_panes == "A2"
    assert all(c.data_type != "f" for row in background.iter_rows() for c in row)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("delegate", 403),
        ("approver", 403),
        ("other_editor", 403),
        ("editor", 202),
        ("coordinator", 202),
    ],
)
def test_who_may_start_an_export(client_for, world, delegate, approver, coordinator, who, expected):
    users = {
        "delegate": delegate,
        "approver": approver,
        "coordinator": coordinator,
        "editor": world["editor"],
        "other_editor": UserFactory(roles=["editor"]),
    }
    response = client_for(users[who]).post(
        f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/", {"format": "csv"}
    )
    assert response.status_code == expected
    if expected == 403:
        assert response.json()["code"] == "permission_denied"
        assert not DispositionExport.objects.exists()


def test_a_job_is_seen_by_its_requester_and_coordinators_only(
    api, client_for, world, coordinator, delegate, django_capture_on_commit_callbacks
):
    requester = world["editor"]
    job = _start(
        client_for(requester), world["guideline"], "csv", django_capture_on_commit_callbacks
    ).json()
    colleague = UserFactory(roles=["editor"])  # an editor of the same guideline
    world["guideline"].editors.add(colleague)
    urls = [
        f"/api/v1/disposition-exports/{job['id']}/",
        f"/api/v1/disposition-exports/{job['id']}/download/",
    ]

    for url in urls:
        assert client_for(requester).get(url).status_code == 200
        assert client_for(coordinator).get(url).status_code == 200
        assert client_for(colleague).get(url).status_code == 404
        assert client_for(delegate).get(url).status_code == 404
        assert api.get(url).status_code == 401
    # A requester who is no longer an editor of the guideline may not take the file.
    world["guideline"].editors.remove(requester)
    for url in urls:
        response = client_for(requester).get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert client_for(coordinator).get("/api/v1/disposition-exports/999999/").status_code == 404


def test_bad_format_and_missing_guideline(client_for, world, coordinator):
    client = client_for(coordinator)
    response = client.post(
        f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/", {"format": "pdf"}
    )
    assert response.status_code == 400
    assert "format" in response.json()
    response = client.post("/api/v1/guidelines/999999/disposition/exports/", {"format": "csv"})
    assert response.status_code == 404
    assert not DispositionExport.objects.exists()


def test_an_unfinished_job_is_returned_again_not_duplicated(client_for, world):
    client = client_for(world["editor"])
    url = f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/"
    # No commit callbacks run here, so the jobs stay pending.
    first = client.post(url, {"format": "csv"}).json()
    second = client.post(url, {"format": "csv"}).json()
    other = client.post(url, {"format": "xlsx"}).json()
    assert first["id"] == second["id"] != other["id"]
    assert DispositionExport.objects.count() == 2


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_above_the_threshold_the_synchronous_export_points_to_the_background_one(
    client_for, world, settings, fmt
):
    client = client_for(world["editor"])
    url = f"/api/v1/guidelines/{world['guideline'].pk}/disposition/"
    settings.DISPOSITION_SYNC_MAX_ROWS = len(ROWS)
    assert client.get(url, {"format": fmt}).status_code == 200  # at the limit: still streamed

    settings.DISPOSITION_SYNC_MAX_ROWS = 2
    response = client.get(url, {"format": fmt})

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "export_too_large"
    assert body["limit"] == 2
    assert body["background_export"].endswith(
        f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/"
    )
    assert "more than 2 comments" in body["detail"]
    assert f'"format": "{fmt}"' in body["detail"]


def test_the_claim_runs_a_job_once(world, exports_root):
    """A task delivered twice (or a sweep racing it) writes the file once."""
    export, created = disposition_export_request(
        guideline=world["guideline"], user=world["editor"], file_format="csv"
    )  # inside the test transaction: the commit callback (dispatch) does not run
    assert created
    assert run_disposition_export.apply(args=(export.pk,)).get() == "done"
    export.refresh_from_db()
    first = (export.finished_at, (exports_root / export.file).stat().st_mtime_ns)

    assert run_disposition_export.apply(args=(export.pk,)).get() == "skipped"
    assert disposition_export_run(export_id=export.pk) == "skipped"
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert (export.finished_at, (exports_root / export.file).stat().st_mtime_ns) == first
    assert len(list(exports_root.iterdir())) == 1


def test_a_running_job_records_the_rows_it_has_written(world, monkeypatch):
    """Another reader (the progress bar) sees the total, then the rows done, grow while the
    file is written."""
    export, _created = disposition_export_request(
        guideline=world["guideline"], user=world["editor"], file_format="csv"
    )
    monkeypatch.setattr("reviews.services.exports.PROGRESS_EVERY", 1)
    seen = []
    real_csv = exports.disposition_csv

    def watched_csv(rows):
        def watching():
            for row in rows:
                seen.append(
                    DispositionExport.objects.values_list("rows_done", "rows_total").get(
                        pk=export.pk
                    )
                )
                yield row

        return real_csv(watching())

    monkeypatch.setattr("reviews.services.exports.disposition_csv", watched_csv)
    assert disposition_export_run(export_id=export.pk) == "done"
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    status = DispositionExport.objects.get(pk=export.pk)
    assert (status.rows_done, status.rows_total, status.row_count) == (4, 4, 4)


def test_a_failing_write_marks_the_job_failed(
    client_for, world, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the exports folder should be")
    settings.EXPORTS_ROOT = blocker
    client = client_for(world["editor"])

    with caplog.at_level(logging.ERROR, logger="reviews.services.exports"):
        job = _start(client, world["guideline"], "csv", django_capture_on_commit_callbacks).json()

    status = client.get(f"/api/v1/disposition-exports/{job['id']}/").json()
    assert status["status"] == "failed"
    assert status["download"] is None
    assert status["row_count"] is None
    assert "could not be written" in status["error"]
    assert f"export {job['id']}" in status["error"]
    assert any(f"disposition export {job['id']} " in r.getMessage() for r in caplog.records)
    download = client.get(f"/api/v1/disposition-exports/{job['id']}/download/")
    assert download.status_code == 409
    assert download.json()["code"] == "export_not_ready"
    assert download.json()["status"] == "failed"
    # A new request starts a new job (the failed one is finished).
    settings.EXPORTS_ROOT = tmp_path / "exports-ok"
    again = _start(client, world["guideline"], "csv", django_capture_on_commit_callbacks).json()
    assert again["id"] != job["id"]
    assert client.get(f"/api/v1/disposition-exports/{again['id']}/").json()["status"] == "done"


def test_download_before_the_job_is_done_is_409(client_for, world):
    client = client_for(world["editor"])
    job = client.post(
        f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/", {"format": "csv"}
    ).json()
    response = client.get(f"/api/v1/disposition-exports/{job['id']}/download/")
    assert response.status_code == 409
    assert response.json()["code"] == "export_not_ready"
    assert response.json()["status"] == "pending"


def test_sweep_redispatches_fails_stuck_and_deletes_expired(world, exports_root, settings):
    make = disposition_export_request
    lost_message = make(guideline=world["guideline"], user=world["editor"], file_format="csv")[0]
    stuck = make(guideline=world["guideline"], user=world["editor"], file_format="xlsx")[0]
    DispositionExport.objects.filter(pk=stuck.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    now = timezone.now() + dt.timedelta(minutes=2)

    result = disposition_exports_sweep(now=now)  # eager: the re-dispatched job runs now

    assert result["redispatched"] == [lost_message.pk]
    assert result["lost"] == 0  # still within the time limit
    lost_message.refresh_from_db()
    assert lost_message.status == ExportStatus.DONE
    path = exports_root / lost_message.file
    assert path.exists()

    later = now + dt.timedelta(seconds=settings.DISPOSITION_EXPORT_TIME_LIMIT + 120)
    assert disposition_exports_sweep(now=later)["lost"] == 1
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED
    assert "stopped before it finished" in stuck.error

    much_later = now + dt.timedelta(hours=settings.DISPOSITION_EXPORT_KEEP_HOURS + 1)
    assert disposition_exports_sweep(now=much_later)["deleted"] == 2
    assert not DispositionExport.objects.exists()
    assert not path.exists()


def test_broker_down_at_publish_keeps_the_job_pending(
    client_for, world, django_capture_on_commit_callbacks
):
    """An unreachable broker is logged; the request still answers 202, the sweep catches up."""
    import time

    from backend.celery import app

    app.conf.CELERY_TASK_ALWAYS_EAGER = False
    previous_url = app.conf.broker_url
    app.conf.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app._pool = None
    app.amqp._producer_pool = None
    client = client_for(world["editor"])
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/api/v1/guidelines/{world['guideline'].pk}/disposition/exports/",
                {"format": "csv"},
            )
        elapsed = time.monotonic() - started
    finally:
        app.conf.CELERY_BROKER_URL = previous_url
        app.conf.CELERY_TASK_ALWAYS_EAGER = True
        app._pool = None
        app.amqp._producer_pool = None
    assert response.status_code == 202
    assert elapsed < 3
    job = DispositionExport.objects.get(pk=response.json()["id"])
    assert job.status == ExportStatus.PENDING
    disposition_exports_sweep(now=timezone.now() + dt.timedelta(minutes=2))
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
