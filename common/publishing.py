"""Publish Celery tasks without letting a broker outage fail or slow the request.

Tasks import services, never the reverse: each app's ready() registers its tasks here, and a
service publishes one by its Celery name.
"""

import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)

_TASKS: dict[str, object] = {}


def task_register(task) -> None:
    """Make a Celery task publishable by its name (called from its app's ready())."""
    _TASKS[task.name] = task


def publish(name: str, ids: Iterable[int], *, what: str) -> None:
    """Queue the registered task `name` once for each id, as publish_each does."""
    publish_each(_TASKS[name], ids, what=what)


def publish_each(task, ids: Iterable[int], *, what: str) -> None:
    """Queue `task(id)` for each id without retrying; at the first broker failure, log the ids
    left (`what` names them, e.g. "deliveries") and stop: a periodic sweep picks them up."""
    ids = list(ids)
    for position, object_id in enumerate(ids):
        try:
            task.apply_async((object_id,), retry=False)
        except Exception as exc:
            # One failure means the broker is away: don't pay a timeout per id.
            logger.warning(
                "broker unreachable (%s); %s %s stay pending for the sweep",
                exc,
                what,
                ids[position:],
            )
            return
