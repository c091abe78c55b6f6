"""The consultation side of the reminder sweep: who must hear that a consultation opened or
is about to close. Celery beat runs notifications.run_reminders, which calls
send_due_reminders() through settings.NOTIFICATIONS_REMINDER_PROVIDERS (notifications imports
no domain app); notifications.services.reminders_send() guarantees once per
(user, consultation, kind) with a unique constraint, however often the sweep runs.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from common.i18n import lazy_format
from common.moments import lazy_moment
from consultation.models import Consultation
from consultation.services.notices import invited_delegate_ids, notify_consultation_opened
from notifications.models import Verb
from notifications.services import reminders_send

CLOSING_KINDS = (
    (dt.timedelta(days=1), Verb.CONSULTATION_CLOSING_1D),
    (dt.timedelta(days=7), Verb.CONSULTATION_CLOSING_7D),
)


def closing_kind(consultation: Consultation, now: dt.datetime) -> str | None:
    """The tightest reminder due: 1 day before the close, else 7 days before, else none."""
    remaining = consultation.effective_closes_at - now
    for window, kind in CLOSING_KINDS:
        if remaining <= window:
            return kind
    return None


def open_consultations(now: dt.datetime):
    """Consultations whose window contains `now` (the clock decides, as everywhere)."""
    return (
        Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .filter(Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now))
        .select_related("guideline")
    )


def send_due_reminders(now: dt.datetime | None = None) -> dict[str, int]:
    """Tell invited delegates of each open consultation that it opened, and remind the silent
    ones 7 days and 1 day before it closes. Safe to run as often as wanted."""
    now = now or timezone.now()
    counts = {"opened": 0, "closing": 0}
    for consultation in open_consultations(now):
        counts["opened"] += len(
            notify_consultation_opened(consultation, user_ids=invited_delegate_ids(consultation))
        )
        kind = closing_kind(consultation, now)
        if kind is None:
            continue
        counts["closing"] += len(
            reminders_send(
                user_ids=invited_delegate_ids(consultation, silent_only=True),
                consultation_id=consultation.pk,
                kind=kind,
                message=(
                    lazy_format(
                        gettext_lazy(
                            "The consultation “%(title)s” on %(guideline)s closes on "
                            "%(effective_closes_at)s and your organisation has not submitted any "
                            "comments yet."
                        ),
                        title=consultation.title,
                        guideline=consultation.guideline.title,
                        effective_closes_at=lazy_moment(consultation.effective_closes_at),
                    )
                ),
            )
        )
    return counts
