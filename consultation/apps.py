"""App config for consultation."""

from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Guidelines and consultations"
