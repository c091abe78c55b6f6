"""Periodic work of the reviews app: thin Celery tasks that call one service each."""

import logging

from celery import shared_task

from .services import guidelines_advance_closed_consultations

logger = logging.getLogger(__name__)


@shared_task(name="reviews.advance_closed_consultations")
def advance_closed_consultations() -> list[int]:
    """Move guidelines whose consultation has closed to `resolution` (idempotent)."""
    moved = guidelines_advance_closed_consultations()
    if moved:
        logger.info("Moved guidelines %s to resolution: their consultation closed", moved)
    return moved
