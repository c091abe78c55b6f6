"""Celery tasks of the reviews app: thin, take ids, call one service each, safe to run twice."""

import logging

from celery import shared_task

from .services import guidelines_advance_closed_consultations
from .services.exports import disposition_export_run, disposition_exports_sweep, export_time_limit

logger = logging.getLogger(__name__)


@shared_task(name="reviews.advance_closed_consultations")
def advance_closed_consultations() -> list[int]:
    """Move guidelines whose consultation has closed to `resolution` (idempotent)."""
    moved = guidelines_advance_closed_consultations()
    if moved:
        logger.info("Moved guidelines %s to resolution: their consultation closed", moved)
    return moved


@shared_task(
    name="reviews.run_disposition_export",
    acks_late=True,
    # A million-row xlsx takes about a minute; the default 120 s limit is for small tasks.
    soft_time_limit=export_time_limit() - 60,
    time_limit=export_time_limit(),
)
def run_disposition_export(export_id: int) -> str:
    """Write one background disposition export (a second delivery is a no-op)."""
    return disposition_export_run(export_id=export_id)


@shared_task(name="reviews.sweep_disposition_exports", acks_late=True)
def sweep_disposition_exports() -> dict:
    """Re-dispatch lost pending exports, fail the stuck ones, delete the expired ones."""
    return disposition_exports_sweep()
