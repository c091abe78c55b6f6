"""Recompute the dashboard tallies from the comment table (or only report drift)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reviews.dashboard.services import dashboard_drift, dashboard_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the dashboard tallies from the comments and re-create their triggers. "
        "With --check, only report counters that differ from a fresh count (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help=_("Report drift, change nothing."))

    def handle(self, *args, check=False, **options):
        if not check:
            dashboard_rebuild()
            self.stdout.write(self.style.SUCCESS("Dashboard tallies rebuilt."))
            return
        drift = dashboard_drift()
        if not drift:
            self.stdout.write(self.style.SUCCESS("Dashboard tallies match the comments."))
            return
        for table, rows in drift.items():
            for key, kept, actual in rows:
                self.stdout.write(f"{table} {key}: kept {kept}, actual {actual}")
        raise CommandError(_("Dashboard tallies drifted; run dashboard_rebuild without --check."))
