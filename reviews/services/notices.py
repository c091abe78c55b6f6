"""Who hears about review events (API.md "Notifications"): written in the caller's transaction."""

from django.db.models import Q

from accounts.models import User
from consultation.models import Comment, Guideline, Stage
from notifications.models import Verb
from notifications.services import notify


def notify_comment_resolved(comment: Comment, *, actor: User) -> None:
    """The commenting organisation's delegates learn the disposition of its comment."""
    delegates = User.objects.filter(
        organisation_id=comment.organisation_id, is_delegate=True, is_active=True
    ).values_list("pk", flat=True)
    guideline = comment.consultation.guideline
    notify(
        recipients=list(delegates),
        verb=Verb.COMMENT_RESOLVED,
        message=(
            f"Your organisation's comment {comment.pk} on {guideline.title} was resolved: "
            f"{comment.get_decision_display().lower()}."
        ),
        target_type="comment",
        target_id=comment.pk,
        actor=actor,
    )


def notify_stage_changed(guideline: Guideline, *, from_stage: str, actor: User | None) -> None:
    """Editors of the guideline and coordinators; approvers too when it reaches approval."""
    # Superusers hold every role (API.md "Roles"), so they hear what coordinators hear.
    who = Q(is_coordinator=True) | Q(is_superuser=True) | Q(pk__in=guideline.editors.values("pk"))
    if guideline.stage == Stage.APPROVAL:
        who |= Q(is_approver=True)
    recipients = User.objects.filter(who, is_active=True).values_list("pk", flat=True)
    notify(
        recipients=list(recipients),
        verb=Verb.STAGE_CHANGED,
        message=(
            f"{guideline.title} moved from {Stage(from_stage).label.lower()} "
            f"to {Stage(guideline.stage).label.lower()}."
        ),
        target_type="guideline",
        target_id=guideline.pk,
        actor=actor,
    )
