"""Writes on accounts that the API and the admin share: deactivation, self-lockout, unlocking."""

import logging

from axes.utils import reset
from django.db import transaction
from django.db.models import Q
from rest_framework.authtoken.models import Token

from common.errors import DomainError

from .models import Role, User

logger = logging.getLogger(__name__)


class SelfLockout(DomainError):
    code = "self_lockout"
    default_detail = "This change would lock you out of Concord."


def self_lockout_refusal(
    *, actor, user: User, is_active: bool, roles: list[str]
) -> DomainError | None:
    """Why `actor` may not give their own account this state, or None when they may.

    Nobody deactivates themself, and the last active coordinator keeps the role: otherwise
    nobody would be left to manage accounts (or to undo the change).
    """
    if actor is None or actor.pk != user.pk:
        return None
    if not is_active:
        return SelfLockout("You cannot deactivate your own account; another coordinator can do it.")
    if user.has_role(Role.COORDINATOR) and Role.COORDINATOR not in roles:
        others = User.objects.filter(Q(is_coordinator=True) | Q(is_superuser=True), is_active=True)
        if not others.exclude(pk=user.pk).exists():
            return SelfLockout(
                "You are the last active coordinator; make someone else a coordinator before "
                "you give up the role."
            )
    return None


@transaction.atomic
def user_deactivate(*, actor, user: User) -> None:
    """Deactivate instead of deleting: the person's comments, replies and decisions keep their
    author, and a departing focal point stops speaking for the organisation. Revokes tokens.

    Raises SelfLockout when `actor` is `user`.
    """
    refusal = self_lockout_refusal(actor=actor, user=user, is_active=False, roles=user.roles)
    if refusal is not None:
        raise refusal
    user.is_active = False
    user.is_focal_point = False
    user._history_user = actor
    user._change_reason = "Deactivated through the API"
    user.save(update_fields=["is_active", "is_focal_point"])
    Token.objects.filter(user=user).delete()


def user_unlock(*, actor, user: User) -> int:
    """Clear the failed sign-ins recorded for the user's username (every address); returns how
    many were cleared. The lockout after too many failures ends at once."""
    cleared = reset(username=user.username)
    logger.info("unlock user=%s by=%s attempts_cleared=%d", user.username, actor, cleared)
    return cleared
