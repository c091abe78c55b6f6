"""The shared app: its one model stores Idempotency-Key replies."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from rest_framework import serializers

        from common.choices import ChoiceField

        # Every ModelSerializer builds the choice fields of its model with this class (DRF's
        # hook for it): their errors then list the valid values, like the declared fields'.
        serializers.ModelSerializer.serializer_choice_field = ChoiceField
        from common import strict_fields

        strict_fields.install()
