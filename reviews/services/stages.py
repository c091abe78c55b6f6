"""Writes of the stage machine and of approvals: transitions (logged), the system's moves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import IllegalTransition, TransitionBlocked
from consultation.models import Guideline, Stage
from consultation.services.documents import version_freeze

from .. import states
from ..models import Approval, ApprovalDecision, StageTransition
from ..rules import approve_refusal, transition_refusal
from ..selectors import approval_round, transition_facts
from .notices import notify_stage_changed


def _lock_guideline(guideline: Guideline) -> Guideline:
    return Guideline.objects.select_for_update().get(pk=guideline.pk)


def _published_label(guideline: Guideline) -> str:
    """'Published <YYYY-MM-DD>', made unique if the guideline was published earlier that day."""
    base = f"Published {timezone.now().date().isoformat()}"
    taken = set(guideline.versions.filter(label__startswith=base).values_list("label", flat=True))
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base} ({n})"
    return label


@transaction.atomic
def guideline_transition(
    *, guideline: Guideline, to: str, user: User | None, reason: str = ""
) -> StageTransition:
    """Move a guideline to stage `to` if the table allows it and its guard finds no blocker.

    `user` None means the system (the periodic task). Raises IllegalTransition for a move
    the table lacks, TransitionBlocked with the blockers for unfinished work. Publishing
    freezes a version labelled "Published <date>". Every move is logged in StageTransition.
    """
    if to not in Stage.values:
        raise ValidationError(
            {"to": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Stage.values)}]}
        )
    refusal = transition_refusal(user, guideline)
    if refusal is not None:
        raise refusal
    guideline = _lock_guideline(guideline)
    from_stage = guideline.stage
    if not states.is_legal(from_stage, to):
        allowed = states.allowed_targets(from_stage)
        raise IllegalTransition(
            _("A guideline in %(from_stage)s cannot move to %(to)s; it may move to: %(value)s.")
            % {"from_stage": from_stage, "to": to, "value": ", ".join(allowed) or "nowhere"},
            allowed=allowed,
        )
    reason = (reason or "").strip()
    if to == Stage.DRAFTING and not reason:
        raise ValidationError({"reason": [_("Say why the guideline goes back to drafting.")]})
    blockers = states.blockers_for(from_stage, to, transition_facts(guideline))
    if blockers:
        raise TransitionBlocked(
            f"The guideline cannot move from {from_stage} to {to} yet: "
            + " ".join(b["detail"] for b in blockers),  # each detail is a full sentence
            blockers=blockers,
        )
    if to == Stage.PUBLISHED:
        version_freeze(guideline=guideline, label=_published_label(guideline), user=user)
    guideline.stage = to
    guideline.stage_changed_at = timezone.now()
    guideline._history_user = user
    guideline._change_reason = f"{from_stage} -> {to}"
    guideline.save(update_fields=["stage", "stage_changed_at"])
    transition = StageTransition.objects.create(
        guideline=guideline, from_stage=from_stage, to_stage=to, actor=user, reason=reason
    )
    notify_stage_changed(guideline, from_stage=from_stage, actor=user)
    return transition


def guidelines_advance_closed_consultations() -> list[int]:
    """Move every guideline in `consultation` whose consultations have closed to `resolution`.

    Run by the periodic task as the system (actor None). Each guideline moves in its own
    transaction; one that is still blocked is left alone. Returns the ids that moved.
    """
    moved = []
    for guideline in Guideline.objects.filter(stage=Stage.CONSULTATION).order_by("pk"):
        facts = transition_facts(guideline)
        if states.blockers_for(Stage.CONSULTATION, Stage.RESOLUTION, facts):
            continue
        try:
            guideline_transition(
                guideline=guideline,
                to=Stage.RESOLUTION,
                user=None,
                reason="The consultation closed; moved to resolution by the system.",
            )
        except (TransitionBlocked, IllegalTransition):
            continue  # someone moved or reopened it in the meantime
        moved.append(guideline.pk)
    return moved


@transaction.atomic
def approval_record(
    *, guideline: Guideline, user: User, decision: str, comment: str = ""
) -> tuple[Approval, bool]:
    """Record an approver's decision for the current approval round; returns (approval, created).

    Only while the guideline is in `approval`. A later decision of the same approver in the
    same round replaces the earlier one (simple-history keeps it).
    """
    guideline = _lock_guideline(guideline)
    refusal = approve_refusal(user, guideline)
    if refusal is not None:
        raise refusal
    if decision not in ApprovalDecision.values:
        raise ValidationError(
            {
                "decision": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(ApprovalDecision.values)}
                ]
            }
        )
    comment = (comment or "").strip()
    if decision == ApprovalDecision.OBJECT and not comment:
        raise ValidationError({"comment": [_("Say what the objection is.")]})
    round_ = approval_round(guideline)
    approval = (
        Approval.objects.select_for_update()
        .filter(guideline=guideline, round=round_, approver=user)
        .first()
    )
    created = approval is None
    if created:
        approval = Approval(guideline=guideline, round=round_, approver=user)
    approval.decision = decision
    approval.comment = comment
    approval._history_user = user
    approval._change_reason = f"{decision} (round {round_})" + ("" if created else ", replaced")
    approval.save()
    return approval, created


def update_request_accepted(*, update_request, user: User) -> None:
    """Hook run inside update_request_accept: a new cycle starts, so the guideline returns to
    drafting (nothing to do if it is already there). A guideline in consultation or resolution
    cannot go back yet: the IllegalTransition rolls the acceptance back with a clear 409."""
    guideline = update_request.guideline
    if guideline.stage == Stage.DRAFTING:
        return
    reason = f"Update request {update_request.pk} from {update_request.organisation} accepted"
    if update_request.decision_reason:
        reason += f": {update_request.decision_reason}"
    guideline_transition(guideline=guideline, to=Stage.DRAFTING, user=user, reason=reason)
