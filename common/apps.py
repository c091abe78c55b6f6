"""The shared app: its one model stores Idempotency-Key replies."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from common import strict_fields

        strict_fields.install()
