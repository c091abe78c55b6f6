"""Write one consultation (version, comments, replies, dispositions, history) as a JSON archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultation.archive import consultation_export_json
from consultation.models import Consultation


class Command(BaseCommand):
    help = "Export one consultation as a single JSON archive (to a file or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("consultation", type=int, help=_("The consultation id."))
        parser.add_argument("-o", "--output", help=_("File to write; standard output if omitted."))

    def handle(self, *args, consultation: int, output: str | None, **options):
        found = Consultation.objects.select_related("guideline", "version").filter(pk=consultation)
        if not found.exists():
            raise CommandError(
                _("There is no consultation %(consultation)s.") % {"consultation": consultation}
            )
        text = consultation_export_json(consultation=found.get())
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote consultation {consultation} to {output}.")
        else:
            self.stdout.write(text)
