"""Signal receivers that keep the dashboard's database triggers in place."""

from . import triggers


def ensure_dashboard_triggers(sender, using="default", **kwargs):
    """After every migrate, re-create missing tally triggers (and then rebuild the tallies)."""
    triggers.ensure(using)
