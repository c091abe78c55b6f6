"""Background exports of the disposition of comments: request, run once, sweep.

A job moves pending -> running -> done | failed. The move to running is one conditional
UPDATE, so a task delivered twice (acks_late, a redelivery after a lost worker, the sweep
re-dispatching a job whose first message is still queued) runs the export once. The file is
written to a temporary name in settings.EXPORTS_ROOT and renamed into place only when
complete, so a download never sees half a file.
"""

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.publishing import publish
from consultation.models import Guideline

from ..disposition import (
    disposition_count,
    disposition_csv,
    disposition_json,
    disposition_rows,
    disposition_xlsx,
)
from ..disposition_docx import disposition_docx
from ..models import DispositionExport, ExportFormat, ExportStatus
from ..rules import export_disposition_refusal

logger = logging.getLogger(__name__)

UNFINISHED = (ExportStatus.PENDING, ExportStatus.RUNNING)
# A running job records the rows it has written every this many rows (one UPDATE each).
PROGRESS_EVERY = 2_000


def exports_root() -> Path:
    """The folder that holds finished export files."""
    return Path(getattr(settings, "EXPORTS_ROOT", Path(settings.VAR_DIR) / "exports"))


def export_time_limit() -> int:
    """Seconds a running export may take before the worker stops it (hard limit)."""
    return int(getattr(settings, "DISPOSITION_EXPORT_TIME_LIMIT", 3600))


def export_path(export: DispositionExport) -> Path | None:
    """The finished file of an export, or None when it has none (or a path outside the root)."""
    if not export.file:
        return None
    root = exports_root().resolve()
    path = (root / export.file).resolve()
    return path if path.is_relative_to(root) else None


def _dispatch(export_ids: list[int]) -> None:
    """Ask Celery to run each export. A broker that cannot be reached must not fail the
    request: the error is logged with the job ids and the sweep re-dispatches pending jobs."""
    publish("reviews.run_disposition_export", export_ids, what="disposition exports")


@transaction.atomic
def disposition_export_request(
    *, guideline: Guideline, user: User, file_format: str
) -> tuple[DispositionExport, bool]:
    """Queue a background export of the guideline's disposition for `user`, who must be an
    editor of the guideline or a coordinator (else 403). Returns (job, created):
    an unfinished job of the same user, guideline and format is returned instead of a new
    one. The task is published after commit."""
    refusal = export_disposition_refusal(user, guideline)
    if refusal is not None:
        raise refusal
    Guideline.objects.select_for_update().filter(pk=guideline.pk).first()
    existing = DispositionExport.objects.filter(
        guideline=guideline, requested_by=user, format=file_format, status__in=UNFINISHED
    ).first()
    if existing is not None:
        return existing, False
    export = DispositionExport.objects.create(
        guideline=guideline, requested_by=user, format=file_format
    )
    export_id = export.pk
    transaction.on_commit(lambda: _dispatch([export_id]), robust=True)
    return export, True


def _claim(export_id: int) -> bool:
    """Atomically move a pending export to running; True for exactly one caller."""
    return (
        DispositionExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.RUNNING, started_at=timezone.now()
        )
        == 1
    )


def _counted(rows, export_id: int, counter: list[int]):
    """Pass the rows on, counting them and recording the count every PROGRESS_EVERY rows."""
    for row in rows:
        counter[0] += 1
        if counter[0] % PROGRESS_EVERY == 0:
            DispositionExport.objects.filter(pk=export_id).update(rows_done=counter[0])
        yield row


def _write(export: DispositionExport, output) -> int:
    """Write the disposition into the binary file `output`; return the number of rows."""
    counter = [0]
    rows = _counted(
        disposition_rows(guideline=export.guideline, user=export.requested_by),
        export.pk,
        counter,
    )
    if export.format == ExportFormat.XLSX:
        disposition_xlsx(export.guideline, rows, output=output)
    elif export.format == ExportFormat.DOCX:
        disposition_docx(export.guideline, rows, output=output)
    else:
        chunks = (
            disposition_csv(rows)
            if export.format == ExportFormat.CSV
            else disposition_json(export.guideline, rows)
        )
        for chunk in chunks:
            output.write(chunk)
    output.flush()
    os.fsync(output.fileno())
    return counter[0]


def disposition_export_run(*, export_id: int) -> str:
    """Claim a pending export, write its file and record done (rows, size) or failed (error).

    Deliberately not one transaction: the claim is committed before the long write, so that a
    second delivery of the task sees it and returns "skipped". The rows are read with the
    requester's visibility at the time the export runs.
    """
    if not _claim(export_id):
        return "skipped"
    export = DispositionExport.objects.select_related("guideline", "requested_by").get(pk=export_id)
    DispositionExport.objects.filter(pk=export_id).update(
        rows_total=disposition_count(guideline=export.guideline, user=export.requested_by)
    )
    finished = timezone.now()
    filename = f"disposition-{export.guideline.slug}-{finished:%Y%m%d}.{export.format}"
    relative = f"disposition-{export.pk}.{export.format}"
    temporary = None
    try:
        root = exports_root()
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=root, prefix=f".disposition-{export.pk}-", suffix=".part", delete=False
        ) as output:
            temporary = Path(output.name)
            row_count = _write(export, output)
        # mkstemp makes the file 0600; the web process may run as another user of the group.
        temporary.chmod(0o640)
        size = temporary.stat().st_size
        os.replace(temporary, root / relative)
        temporary = None
    except Exception as exc:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        logger.exception(
            "disposition export %s of guideline %s failed", export.pk, export.guideline_id
        )
        DispositionExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error=(
                f"The export could not be written ({type(exc).__name__}). Request a new "
                f"export; if this one fails again, tell an administrator (export {export.pk})."
            ),
        )
        return "failed"
    done = DispositionExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        finished_at=timezone.now(),
        row_count=row_count,
        rows_done=row_count,
        size=size,
        file=relative,
        filename=filename,
        error="",
    )
    if not done:
        # The sweep gave this run up for lost meanwhile; keep no orphan file.
        (root / relative).unlink(missing_ok=True)
        return "skipped"
    logger.info(
        "disposition export %s of guideline %s done: %d rows, %d bytes",
        export.pk,
        export.guideline_id,
        row_count,
        size,
    )
    return "done"


def disposition_exports_sweep(*, now: dt.datetime | None = None) -> dict:
    """Periodic care of the export jobs (idempotent):

    - re-dispatch pending jobs older than a minute (their message was lost: broker down at
      publish, or a worker lost before it started);
    - mark failed the running jobs older than the task's hard time limit (worker killed);
    - delete the jobs, and their files, older than DISPOSITION_EXPORT_KEEP_HOURS.
    """
    now = now or timezone.now()
    pending = list(
        DispositionExport.objects.filter(
            status=ExportStatus.PENDING, created_at__lt=now - dt.timedelta(minutes=1)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    if pending:
        _dispatch(pending)
    lost = DispositionExport.objects.filter(
        status=ExportStatus.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=export_time_limit() + 60),
    ).update(
        status=ExportStatus.FAILED,
        finished_at=now,
        error="The export stopped before it finished (time limit or worker lost); "
        "request a new export.",
    )
    keep = dt.timedelta(hours=int(getattr(settings, "DISPOSITION_EXPORT_KEEP_HOURS", 168)))
    expired = list(
        DispositionExport.objects.filter(created_at__lt=now - keep).exclude(status__in=UNFINISHED)[
            :1000
        ]
    )
    for export in expired:
        path = export_path(export)
        if path is not None:
            path.unlink(missing_ok=True)
    DispositionExport.objects.filter(pk__in=[export.pk for export in expired]).delete()
    if pending or lost or expired:
        logger.info(
            "disposition exports sweep: re-dispatched %s, lost %d, deleted %d",
            pending,
            lost,
            len(expired),
        )
    return {"redispatched": pending, "lost": lost, "deleted": len(expired)}
