"""`manage.py demo`: load the Child Online Protection review demo and print how to sign in."""

import logging
import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultation.reminders import send_due_reminders
from demo.content.guidelines import GUIDELINES
from demo.content.organisations import PASSWORD, PEOPLE
from demo.loader import demo_load, demo_reset


def address_lines(host: str, port: int) -> list[str]:
    """Where the demo is served: the web interface, the API docs and the admin."""
    site = f"http://{host}:{port}"
    return [
        _("Web interface: %(url)s") % {"url": f"{site}/"},
        _("API docs:      %(url)s") % {"url": f"{site}/api/docs/"},
        _("Admin:         %(url)s") % {"url": f"{site}/admin/"},
    ]


def logins_table() -> list[str]:
    """The demo logins as fixed-width lines: username, roles, organisation, password."""
    from demo.content.organisations import ORGANISATIONS

    names = {org.key: org.name for org in ORGANISATIONS}
    rows = [(_("username"), _("roles"), _("organisation"), _("password"))]
    for person in PEOPLE:
        roles = _("superuser (every role)") if person.superuser else ", ".join(person.roles)
        if person.focal_point:
            roles = _("%(roles)s (focal point)") % {"roles": roles}
        rows.append((person.username, roles, names[person.org], PASSWORD))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def summary_lines() -> list[str]:
    """One line per demo guideline: stage, sections, versions, consultations and comments."""
    from django.db.models import Count

    from consultation.models import Comment, Guideline

    lines = []
    guidelines = Guideline.objects.filter(slug__in=[g.slug for g in GUIDELINES]).annotate(
        n_sections=Count("sections", distinct=True)
    )
    for guideline in guidelines.order_by("id").prefetch_related("versions", "consultations"):
        comments = Comment.objects.filter(consultation__guideline=guideline).count()
        consultations = ", ".join(
            f"{c.title} ({c.status}: {c.opens_at:%d %b} to {c.effective_closes_at:%d %b %Y})"
            for c in guideline.consultations.all()
        )
        lines.append(f"{guideline.title} [{guideline.stage}]")
        lines.append(
            "    "
            + _("%(sections)s sections; versions: %(versions)s; %(comments)s comments")
            % {
                "sections": guideline.n_sections,
                "versions": ", ".join(v.label for v in guideline.versions.all()),
                "comments": comments,
            }
        )
        if consultations:
            lines.append(f"    {consultations}")
    return lines


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo review of the Child Online Protection Guidelines (idempotent: a second "
        "run adds nothing). --reset empties the WHOLE database first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Flush every table of the database, then load the demo afresh."),
        )
        parser.add_argument(
            "--host", default="127.0.0.1", help=_("The host the server runs on (for the links).")
        )
        parser.add_argument(
            "--port", type=int, default=8000, help=_("The port the server runs on (for the links).")
        )

    def handle(self, *args, reset=False, host="127.0.0.1", port=8000, **options):
        started = time.monotonic()
        if reset:
            demo_reset()
            self.stdout.write(_("Database emptied."))
        # The services log each notification and task at INFO, and e-mail it after commit: the
        # demo's people have made-up addresses, so their mail stays in memory (the in-app
        # notifications are kept), and a few hundred log lines would bury the logins.
        quiet = {
            "notifications": logging.WARNING,
            "celery": logging.WARNING,
            "kombu": logging.ERROR,
        }
        loggers = [logging.getLogger(name) for name in quiet]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(quiet[logger.name])
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                created = demo_load()
                # What beat would do next: announce open consultations, remind the silent.
                send_due_reminders()
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        took = time.monotonic() - started
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo loaded (%(what)s) in %(seconds).1fs.")
                    % {"what": ", ".join(created), "seconds": took}
                )
            )
        else:
            self.stdout.write(_("Demo data already present; users and organisations checked."))
        self.stdout.write("\n" + _("What the demo holds:"))
        for line in summary_lines():
            self.stdout.write("  " + line)
        self.stdout.write("")
        for line in address_lines(host, port):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(_("Demo logins (all share the same password):") + "\n")
        for line in logins_table():
            self.stdout.write("  " + line)
