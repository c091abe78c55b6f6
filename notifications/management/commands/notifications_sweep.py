"""Run the periodic notification work once: reminders, the outbox sweep, optionally digests.

Beat does this in production; the embedded default (no Redis, no beat) and cron use this.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications import services
from notifications.tasks import run_reminders


class Command(BaseCommand):
    help = "Send due reminders and pending emails now (and the daily digests with --digests)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--digests", action="store_true", help=_("also write the daily digest emails")
        )

    def handle(self, *args, digests=False, **options):
        reminders = run_reminders.apply().get()
        self.stdout.write(f"reminders: {reminders}")
        if digests:
            self.stdout.write(f"digests written: {services.digests_send()}")
        self.stdout.write(f"outbox: {services.deliveries_sweep()}")
