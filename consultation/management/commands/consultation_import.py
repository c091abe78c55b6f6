"""Recreate a consultation from a JSON archive written by consultation_export."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultation.archive import ArchiveError, consultation_import


class Command(BaseCommand):
    help = "Import a consultation archive into this instance (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_('The JSON archive file ("-" reads standard input).'))
        parser.add_argument(
            "--slug", help=_("Import the guideline under this slug (when the original is taken).")
        )

    def handle(self, *args, archive: str, slug: str | None, **options):
        try:
            text = sys.stdin.read() if archive == "-" else Path(archive).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(archive)s: %(exc)s") % {"archive": archive, "exc": exc}
            ) from exc
        try:
            consultation = consultation_import(archive=data, slug=slug)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        count = consultation.comments.count()
        self.stdout.write(
            f"Imported consultation {consultation.pk} ({consultation.title!r}) "
            f"with {count} comments."
        )
