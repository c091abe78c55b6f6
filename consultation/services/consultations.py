"""Consultations: a coordinator opens a version to invited organisations for a window."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from common.errors import Conflict, ConsultationClosed, DomainError
from common.moments import format_moment
from consultation.models import (
    Consultation,
    ConsultationReopening,
    ConsultationStatus,
    Guideline,
    Version,
    Visibility,
)
from consultation.rules import (
    Actor,
    close_refusal,
    coordinator_refusal,
    reopen_consultation_refusal,
)

from .notices import invited_delegate_ids, notify_consultation_opened, notify_consultation_reopened

EDITABLE_FIELDS = (
    "guideline",
    "version",
    "title",
    "opens_at",
    "closes_at",
    "visibility",
    "invited_kinds",
)


def _require_coordinator(user) -> None:
    refusal = coordinator_refusal(user)
    if refusal is not None:
        raise refusal


def _validate(*, guideline: Guideline, version: Version, opens_at, closes_at, invited_kinds):
    errors = {}
    if version.guideline_id != guideline.pk:
        errors["version"] = [f"Version {version.pk} is not a version of guideline {guideline.pk}."]
    if closes_at <= opens_at:
        errors["closes_at"] = ["closes_at must be later than opens_at."]
    unknown = sorted(set(invited_kinds) - set(OrganisationKind.values))
    if unknown:
        errors["invited_kinds"] = [
            f"Unknown organisation kind(s) {', '.join(unknown)}; use "
            f"{', '.join(OrganisationKind.values)}."
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_create(
    *,
    user,
    guideline: Guideline,
    version: Version,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    invited_kinds: list[str],
    invited_organisations: list[Organisation],
    # The API lets callers omit visibility; the model's default (private) then applies.
    visibility: str = Visibility.PRIVATE,
) -> Consultation:
    """Open `version` of `guideline` to the invited organisations between the two times."""
    _require_coordinator(user)
    _validate(
        guideline=guideline,
        version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        invited_kinds=invited_kinds,
    )
    consultation = Consultation.objects.create(
        guideline=guideline,
        version=version,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        visibility=visibility,
        invited_kinds=list(dict.fromkeys(invited_kinds)),
    )
    consultation.invited_organisations.set(invited_organisations)
    if consultation.status == ConsultationStatus.OPEN:
        # Already open: tell the invited now; the reminder sweep covers later openings.
        notify_consultation_opened(consultation, user_ids=invited_delegate_ids(consultation))
    return consultation


def _closed_dates_refusal(consultation: Consultation, data: dict, now) -> DomainError | None:
    """409 for new dates on a closed consultation: they would not reopen it (closed early) or
    would reopen it unannounced (closed by its deadline); reopening is its own action."""
    changed = [
        name
        for name in ("opens_at", "closes_at")
        if name in data and data[name] != getattr(consultation, name)
    ]
    if not changed or consultation.status_at(now) != ConsultationStatus.CLOSED:
        return None
    closed = format_moment(consultation.effective_closes_at)
    if consultation.closed_early_at is not None:
        message = _(
            "The consultation was closed early on %(closed)s, so its dates no longer decide when "
            "it ends; nothing was changed. To take comments again, reopen it: POST "
            "/api/v1/consultations/%(pk)s/reopen/ with a reason and the new closes_at."
        )
    else:
        message = _(
            "The consultation closed on %(closed)s, and new dates would reopen it without telling "
            "anyone; nothing was changed. To take comments again, reopen it: POST "
            "/api/v1/consultations/%(pk)s/reopen/ with a reason and the new closes_at."
        )
    return ConsultationClosed(
        message % {"closed": closed, "pk": consultation.pk},
        fields=changed,
    )


@transaction.atomic
def consultation_update(*, user, consultation: Consultation, data: dict) -> Consultation:
    """Change a consultation; its text (guideline, version) is fixed once comments exist."""
    _require_coordinator(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    refusal = _closed_dates_refusal(consultation, data, timezone.now())
    if refusal is not None:
        raise refusal
    moves_text = any(
        key in data and getattr(data[key], "pk", None) != getattr(consultation, f"{key}_id")
        for key in ("guideline", "version")
    )
    if moves_text and consultation.comments.exists():
        raise Conflict(
            _("Comments were already made on this version; open a new consultation instead.")
        )
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(consultation, field, data[field])
    _validate(
        guideline=consultation.guideline,
        version=consultation.version,
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
        invited_kinds=consultation.invited_kinds,
    )
    consultation.save()
    if "invited_organisations" in data:
        consultation.invited_organisations.set(data["invited_organisations"])
    return consultation


@transaction.atomic
def consultation_close(
    *, user, consultation: Consultation, now: dt.datetime | None = None
) -> Consultation:
    """Close the consultation now, before its planned end (coordinators only)."""
    _require_coordinator(user)
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    refusal = close_refusal(Actor(user, now=now), consultation)
    if refusal is not None:
        raise refusal
    consultation.closed_early_at = now
    consultation.save(update_fields=["closed_early_at"])
    return consultation


@transaction.atomic
def consultation_reopen(
    *,
    user,
    consultation: Consultation,
    closes_at: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> Consultation:
    """Open a closed consultation again until `closes_at` (coordinators only).

    Only while the guideline is in consultation or resolution. Side effects: the early close
    is cleared, a ConsultationReopening records who, when, why and until when, and the
    invited organisations' delegates are told.
    """
    now = now or timezone.now()
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("guideline")
        .get(pk=consultation.pk)
    )
    refusal = reopen_consultation_refusal(Actor(user, now=now), consultation)
    if refusal is not None:
        raise refusal
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the consultation reopens.")]})
    if closes_at <= now:
        raise ValidationError(
            {
                "closes_at": [
                    _("Choose a closing time after now (%(now)s).") % {"now": format_moment(now)}
                ]
            }
        )
    closed_at = consultation.effective_closes_at
    consultation.closes_at, consultation.closed_early_at = closes_at, None
    consultation.save(update_fields=["closes_at", "closed_early_at"])
    ConsultationReopening.objects.create(
        consultation=consultation,
        reopened_by=user,
        reopened_at=now,
        reason=reason,
        closed_at=closed_at,
        closes_at=closes_at,
    )
    notify_consultation_reopened(
        consultation, user_ids=invited_delegate_ids(consultation), reason=reason, actor=user
    )
    return consultation


@transaction.atomic
def consultation_delete(*, user, consultation: Consultation) -> None:
    """Delete a consultation that has no comments yet."""
    _require_coordinator(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.comments.exists():
        raise Conflict(_("The consultation has comments and cannot be deleted; close it instead."))
    consultation.delete()
