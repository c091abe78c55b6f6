"""App config for notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        # The outbox publishes the send task by name: services never import the tasks module.
        from common.publishing import task_register

        from .tasks import send_delivery

        task_register(send_delivery)
