"""Update requests: a member state asks for a guideline to be revised and others back it."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from common.errors import DomainError
from consultation.models import Guideline, UpdateRequest, UpdateRequestStatus
from consultation.rules import (
    Actor,
    decide_refusal,
    file_update_request_refusal,
    support_refusal,
)

from .notices import notify_update_request_filed

# Called inside update_request_accept's transaction with (update_request=..., user=...).
# The reviews app registers the move of the guideline back to `drafting` here (it may raise
# a DomainError such as TransitionBlocked, which rolls the acceptance back). A registry and not
# an import, because reviews depends on consultation and never the other way round.
_ACCEPT_HOOKS: list[Callable] = []


def update_request_register_accept_hook(hook: Callable) -> Callable:
    """Run `hook(update_request=..., user=...)` whenever a coordinator accepts a request.

    Usable as a decorator; registering the same function twice has no effect.
    """
    if hook not in _ACCEPT_HOOKS:
        _ACCEPT_HOOKS.append(hook)
    return hook


def _raise(refusal: DomainError | None) -> None:
    if refusal is not None:
        raise refusal


def _lock(update_request: UpdateRequest) -> UpdateRequest:
    return UpdateRequest.objects.select_for_update().get(pk=update_request.pk)


@transaction.atomic
def update_request_file(*, user, guideline: Guideline, rationale: str) -> UpdateRequest:
    """File a member state's request that `guideline` be revised."""
    _raise(file_update_request_refusal(user))
    organisation = user.organisation
    if not rationale.strip():
        raise ValidationError({"rationale": [_("Say why the guideline needs revising.")]})
    update_request = UpdateRequest.objects.create(
        guideline=guideline, organisation=organisation, filed_by=user, rationale=rationale
    )
    notify_update_request_filed(update_request, actor=user)
    return update_request


@transaction.atomic
def update_request_support(*, user, update_request: UpdateRequest) -> UpdateRequest:
    """Add the caller's organisation to the supporters of an open request (idempotent)."""
    update_request = _lock(update_request)
    _raise(support_refusal(Actor(user), update_request))
    update_request.supporters.add(user.organisation_id)
    return update_request


def _decide(*, user, update_request, status: str, reason: str) -> UpdateRequest:
    update_request = _lock(update_request)
    _raise(decide_refusal(Actor(user), update_request))
    update_request.status = status
    update_request.decided_by, update_request.decided_at = user, timezone.now()
    update_request.decision_reason = reason
    update_request.save()
    return update_request


@transaction.atomic
def update_request_accept(
    *, user, update_request: UpdateRequest, reason: str = ""
) -> UpdateRequest:
    """Accept the request and start a new cycle through the registered accept hooks."""
    update_request = _decide(
        user=user, update_request=update_request, status=UpdateRequestStatus.ACCEPTED, reason=reason
    )
    for hook in _ACCEPT_HOOKS:
        hook(update_request=update_request, user=user)
    return update_request


@transaction.atomic
def update_request_decline(*, user, update_request: UpdateRequest, reason: str) -> UpdateRequest:
    """Decline the request; the reason is required and shown to the member states."""
    if has_role(user, "coordinator") and not reason.strip():
        raise ValidationError({"reason": [_("Say why the request is declined.")]})
    return _decide(
        user=user, update_request=update_request, status=UpdateRequestStatus.DECLINED, reason=reason
    )
