"""Publish Celery tasks without letting a broker outage fail or slow the request.

Tasks import services, never the reverse: each app's ready() registers its tasks here, and a
service publishes one by its Celery name.
"""

import logging
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)

_TASKS: dict[str, object] = {}


def task_register(task) -> None:
    """Make a Celery task publishable by its name (called from its app's ready())."""
    _TASKS[task.name] = task


def publish(name: str, ids: Iterable[int], *, what: str) -> None:
    """Queue the registered task `name` once for each id, as publish_each does."""
    publish_each(_TASKS[name], ids, what=what)


def _publish_timeouts() -> dict[str, float]:
    """Socket timeouts for publishing: tight, because the outbox sweep covers a failed publish.

    The worker keeps the broker options of settings (a consumer may wait); a request may not:
    a broker that accepts connections and never answers would otherwise hold it for seconds.
    """
    seconds = float(getattr(settings, "BROKER_PUBLISH_TIMEOUT_SECONDS", 0.05))
    return {"socket_connect_timeout": seconds, "socket_timeout": seconds, "max_retries": 0}


def publish_each(task, ids: Iterable[int], *, what: str) -> None:
    """Queue `task(id)` for each id without retrying; at the first broker failure, log the ids
    left (`what` names them, e.g. "deliveries") and stop: a periodic sweep picks them up."""
    ids = list(ids)
    if not ids:
        return
    # A connection of its own, not one from the pool, so the tight timeouts apply to it alone
    # and a connection left half-used by a hung broker is never handed to the next request.
    connection = task.app.connection_for_write(transport_options=_publish_timeouts())
    published = 0
    try:
        producer = task.app.amqp.Producer(connection)
        for object_id in ids:
            task.apply_async((object_id,), retry=False, producer=producer)
            published += 1
    except Exception as exc:
        # One failure means the broker is away: don't pay a timeout per id.
        logger.warning(
            "broker unreachable (%s); %s %s stay pending for the sweep", exc, what, ids[published:]
        )
    finally:
        connection.release()
