"""A coordinator's reminder to an invited organisation that has submitted nothing yet.

The sweep of consultation.reminders tells silent organisations once, 7 days and 1 day before
the close; this is the same reminder sent by hand, as often as a coordinator asks.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from common.i18n import lazy_format
from common.moments import lazy_moment
from consultation.models import Comment, CommentStatus, Consultation
from consultation.reminders import closing_kind
from consultation.rules import Refusal, as_actor, coordinator_refusal, is_invited, window_refusal
from notifications.models import Verb
from notifications.services import notify


def remind_refusal(user, consultation: Consultation) -> Refusal:
    """Coordinators remind organisations while the consultation is open."""
    actor = as_actor(user)
    return coordinator_refusal(actor) or window_refusal(consultation, actor.now)


@transaction.atomic
def organisation_remind(
    *, consultation: Consultation, organisation: Organisation, user: User
) -> list[int]:
    """Notify the active delegates of `organisation` (invited, nothing submitted) that the
    consultation closes soon; returns the ids of the people told (in the app and by e-mail)."""
    refusal = remind_refusal(user, consultation)
    if refusal is not None:
        raise refusal
    if not is_invited(consultation, organisation):
        raise ValidationError(
            {
                "organisation": [
                    _("%(organisation)s is not invited to this consultation.")
                    % {"organisation": organisation}
                ]
            }
        )
    if Comment.objects.filter(
        consultation=consultation, organisation=organisation, status=CommentStatus.SUBMITTED
    ).exists():
        raise ValidationError(
            {
                "organisation": [
                    _("%(organisation)s has already submitted comments.")
                    % {"organisation": organisation}
                ]
            }
        )
    delegates = list(
        User.objects.filter(
            organisation=organisation, is_delegate=True, is_active=True
        ).values_list("pk", flat=True)
    )
    if not delegates:
        raise ValidationError(
            {
                "organisation": [
                    _("%(organisation)s has no active delegate to remind.")
                    % {"organisation": organisation}
                ]
            }
        )
    notifications = notify(
        recipients=delegates,
        verb=closing_kind(consultation, timezone.now()) or Verb.CONSULTATION_CLOSING_7D,
        message=(
            lazy_format(
                gettext_lazy(
                    "Reminder: the consultation “%(title)s” on %(guideline)s closes on "
                    "%(effective_closes_at)s and %(organisation)s has not submitted any comments "
                    "yet."
                ),
                title=consultation.title,
                guideline=consultation.guideline.title,
                effective_closes_at=lazy_moment(consultation.effective_closes_at),
                organisation=organisation,
            )
        ),
        target_type="consultation",
        target_id=consultation.pk,
        actor=user,
    )
    return [n.recipient_id for n in notifications]
