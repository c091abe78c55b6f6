"""The Celery application; tasks live in notifications.tasks, the beat schedule in settings."""

import logging
import os

from celery import Celery
from celery.signals import task_failure, task_retry

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("concord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("concord.tasks")


@task_failure.connect
def log_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    """Every failed task is logged with its name, id and arguments (the ids it worked on)."""
    logger.error(
        "task %s id=%s failed: %r args=%r kwargs=%r",
        getattr(sender, "name", sender),
        task_id,
        exception,
        args,
        kwargs,
    )


@task_retry.connect
def log_task_retry(sender=None, request=None, reason=None, **_):
    """Retries are logged with the task id and arguments too."""
    logger.warning(
        "task %s id=%s retrying: %s args=%r",
        getattr(sender, "name", sender),
        getattr(request, "id", None),
        reason,
        getattr(request, "args", None),
    )
