"""App config for reviews."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Review and approval"

    def ready(self):
        # consultation may not import reviews, so it offers a hook for accepted update requests.
        from consultation.services.update_requests import update_request_register_accept_hook

        from .services.stages import update_request_accepted

        update_request_register_accept_hook(update_request_accepted)

        # The export service publishes its task by name: services never import the tasks.
        from common.publishing import task_register

        from .tasks import run_disposition_export

        task_register(run_disposition_export)
        # Likewise for the cycle a consultation belongs to, which the comment rules check.
        from consultation.intake import intake_register_cycle_start

        from .selectors import cycle_starts_of

        intake_register_cycle_start(cycle_starts_of)

        from django.db.models.signals import post_migrate

        from reviews.dashboard.signals import ensure_dashboard_triggers

        # SQLite drops a table's triggers when a migration remakes the table; re-create them.
        post_migrate.connect(ensure_dashboard_triggers, sender=self)
