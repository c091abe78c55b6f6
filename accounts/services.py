"""Writes on accounts that the API, the admin and the pages share: deactivation, self-lockout,
unlocking, invitations."""

import logging
import secrets

from axes.utils import reset
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from common.errors import DomainError
from common.i18n import in_language_of

from .models import Role, User

logger = logging.getLogger(__name__)


class SelfLockout(DomainError):
    code = "self_lockout"
    default_detail = gettext_lazy("This change would lock you out of Concord.")


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
        return SelfLockout(
            _("You cannot deactivate your own account; another coordinator can do it.")
        )
    if user.has_role(Role.COORDINATOR) and Role.COORDINATOR not in roles:
        others = User.objects.filter(Q(is_coordinator=True) | Q(is_superuser=True), is_active=True)
        if not others.exclude(pk=user.pk).exists():
            return SelfLockout(
                _(
                    "You are the last active coordinator; make someone else a coordinator before "
                    "you give up the role."
                )
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
    with in_language_of(person):
        form.save(domain_override=domain, use_https=use_https, **templates)


class NotADelegate(DomainError):
    code = "not_a_delegate"
    default_detail = gettext_lazy("The focal point must be an active delegate of the organisation.")


@transaction.atomic
def organisation_focal_point_set(*, actor, organisation, person: User | None) -> User | None:
    """Make `person` (an active delegate of the organisation) its one focal point, or leave it
    without one (None): the previous focal point stops submitting for it, in one transaction."""
    members = User.objects.select_for_update().filter(organisation=organisation)
    if (
        person is not None
        and not members.filter(pk=person.pk, is_delegate=True, is_active=True).exists()
    ):
        raise NotADelegate(
            gettext(
                "%(person)s is not an active delegate of %(organisation)s; only they can be its "
                "focal point."
            )
            % {"person": person.username, "organisation": organisation.name}
        )
    for previous in members.filter(is_focal_point=True).exclude(pk=getattr(person, "pk", None)):
        previous.is_focal_point = False
        previous._history_user, previous._change_reason = actor, "Focal point changed"
        previous.save(update_fields=["is_focal_point"])
    if person is not None and not person.is_focal_point:
        person.is_focal_point = True
        person._history_user, person._change_reason = actor, "Made focal point"
        person.save(update_fields=["is_focal_point"])
    return person


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Save the person's language ("" for the browser's); e-mails and pages follow it."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_unknown_language(language)]})
    if user.language != language:
        user.language = language
        user._change_reason = "language preference"
        user.save(update_fields=["language"])
    return user


def _unknown_language(language: str) -> str:
    codes = ", ".join(code for code, _name in settings.LANGUAGES)
    return gettext("%(language)s is not a language of Concord; choose one of %(choices)s.") % {
        "language": repr(language),
        "choices": codes,
    }
