"""The people's interface: pages for delegates, editors, coordinators and approvers."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web interface"
