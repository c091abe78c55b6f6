"""Once-only notifications (deadline reminders, "consultation opened") guarded by a constraint.

The domain apps decide who should be reminded (notifications imports none of them); these
services make sure each (user, consultation, kind) is told at most once, however often and
however concurrently the sweeps run: the unique constraint on ReminderMark is the guard.
"""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from ..models import ReminderMark, Verb
from .inbox import _user_ids, notify

logger = logging.getLogger(__name__)

ONCE_ONLY_VERBS = {
    Verb.CONSULTATION_OPENED,
    Verb.CONSULTATION_CLOSING_7D,
    Verb.CONSULTATION_CLOSING_1D,
}


def reminders_send(
    *,
    user_ids: Iterable,
    consultation_id: int,
    kind: str,
    message: str,
    target_type: str = "consultation",
    target_id: int | None = None,
) -> list[int]:
    """Notify the users not yet told `kind` about the consultation; returns who was told.

    The marks and the notifications commit together. When a concurrent sweep wins the race
    for a mark, this one rolls back entirely and tells nobody (the winner has told them);
    the next sweep picks up anyone left.
    """
    if kind not in ONCE_ONLY_VERBS:
        raise ValueError(f"{kind!r} is not a once-only reminder kind.")
    wanted = _user_ids(user_ids)
    try:
        with transaction.atomic():
            already = set(
                ReminderMark.objects.filter(
                    consultation_id=consultation_id, kind=kind, user_id__in=wanted
                ).values_list("user_id", flat=True)
            )
            new = [user_id for user_id in wanted if user_id not in already]
            if not new:
                return []
            notifications = notify(
                recipients=new,
                verb=kind,
                message=message,
                target_type=target_type,
                target_id=consultation_id if target_id is None else target_id,
            )
            by_user = {n.recipient_id: n for n in notifications}
            # Marks are written for every new user, even inactive ones, so they are settled.
            ReminderMark.objects.bulk_create(
                [
                    ReminderMark(
                        user_id=user_id,
                        consultation_id=consultation_id,
                        kind=kind,
                        notification=by_user.get(user_id),
                    )
                    for user_id in new
                ]
            )
    except IntegrityError:
        logger.info(
            "reminder %s for consultation %s: another sweep got there first", kind, consultation_id
        )
        return []
    return [user_id for user_id in new if user_id in by_user]


def reminder_send(
    *, user_id: int, consultation_id: int, kind: str, message: str, target_type="consultation"
) -> bool:
    """Notify one user once per (user, consultation, kind); True when this call told them."""
    return bool(
        reminders_send(
            user_ids=[user_id],
            consultation_id=consultation_id,
            kind=kind,
            message=message,
            target_type=target_type,
        )
    )
