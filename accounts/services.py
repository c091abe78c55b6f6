"""Writes on accounts that the API, the admin and the pages share: deactivation, self-lockout,
unlocking, invitations."""

import logging
import secrets

from axes.utils import reset
from django.contrib.auth.forms import PasswordResetForm
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


def _apply(user: User, changes: dict) -> None:
    # The API's field names: `roles` sets the role flags, `password` is hashed.
    changes = dict(changes)
    roles = changes.pop("roles", None)
    password = changes.pop("password", None)
    for field, value in changes.items():
        setattr(user, field, value)
    if roles is not None:
        for role in Role.values:
            setattr(user, f"is_{role}", role in roles)
    if password:
        user.set_password(password)


def user_create(*, changes: dict) -> User:
    """A new person from validated fields (the API's names)."""
    user = User()
    _apply(user, changes)
    user.save()
    return user


@transaction.atomic
def user_update(*, actor, user: User, changes: dict) -> User:
    """Change a person's fields (the API's names); `is_active: false` deactivates, as
    user_deactivate does (focal point cleared, tokens revoked).

    Raises SelfLockout when the change would lock `actor` out.
    """
    refusal = self_lockout_refusal(
        actor=actor,
        user=user,
        is_active=changes.get("is_active", user.is_active),
        roles=changes.get("roles", user.roles),
    )
    if refusal is not None:
        raise refusal
    deactivating = changes.get("is_active") is False
    _apply(user, changes)
    if deactivating:
        user.is_focal_point = False
    user._history_user = actor
    user.save()
    if deactivating:
        Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> None:
    """Deactivate instead of deleting: the person's comments, replies and decisions keep their
    author, and a departing focal point stops speaking for the organisation. Revokes tokens.

    Raises SelfLockout when `actor` is `user`.
    """
    user._change_reason = "Deactivated through the API"
    user_update(actor=actor, user=user, changes={"is_active": False})


def user_unlock(*, actor, user: User) -> int:
    """Clear the failed sign-ins recorded for the user's username (every address); returns how
    many were cleared. The lockout after too many failures ends at once."""
    cleared = reset(username=user.username)
    logger.info("unlock user=%s by=%s attempts_cleared=%d", user.username, actor, cleared)
    return cleared


def invitation_password() -> str:
    """A password nobody knows, for the API's create rule; the invitee sets their own."""
    return secrets.token_urlsafe(32)


def user_invite_email(*, person: User, domain: str, use_https: bool, **templates) -> None:
    """Make the person's password unusable and e-mail them a link to set their own."""
    person.set_unusable_password()
    person.save(update_fields=["password"])
    form = PasswordResetForm(data={"email": person.email})
    form.is_valid()
    # Django's reset form skips unusable passwords; an invitation is exactly that case.
    form.get_users = lambda email: [person]
    form.save(domain_override=domain, use_https=use_https, **templates)
