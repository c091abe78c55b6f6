"""Writes on people that are more than a field change: deactivate, unlock, invite."""

import secrets

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from rest_framework.authtoken.models import Token

from .models import User


@transaction.atomic
def user_deactivate(*, person: User, reason: str) -> User:
    """Deactivate instead of deleting: the person's comments, replies and decisions keep
    their author, and a departing focal point stops speaking for the organisation."""
    person.is_active = False
    person.is_focal_point = False
    person._change_reason = reason
    person.save(update_fields=["is_active", "is_focal_point"])
    Token.objects.filter(user=person).delete()
    return person


def user_unlock(*, person: User) -> int:
    """Forget the failed sign-ins that locked the person out; returns the attempts cleared."""
    from axes.utils import reset  # axes reads its settings when imported

    return reset(username=person.username)


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
