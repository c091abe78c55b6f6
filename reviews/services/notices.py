"""Who hears about review events (README "Notifications and email"), in the caller's transaction."""

from django.db.models import Q

from accounts.models import User
from common.moments import format_moment
from consultation.models import Comment, Guideline, Stage
from notifications.models import Verb
from notifications.services import Event, notify, notify_many


def notify_comments_resolved(comments: list[Comment], *, actor: User) -> None:
    """The commenting organisations' delegates learn each disposition of their comments.

    One read of the delegates and one notify_many, however many comments.
    """
    delegates: dict[int, list[int]] = {}
    for pk, organisation_id in User.objects.filter(
        organisation_id__in={c.organisation_id for c in comments}, is_delegate=True, is_active=True
    ).values_list("pk", "organisation_id"):
        delegates.setdefault(organisation_id, []).append(pk)
    notify_many(
        Event(
            recipients=delegates.get(comment.organisation_id, []),
            verb=Verb.COMMENT_RESOLVED,
            message=(
                f"Your organisation's comment {comment.pk} on "
                f"{comment.consultation.guideline.title} was resolved: "
                f"{comment.get_decision_display().lower()}."
            ),
            target_type="comment",
            target_id=comment.pk,
            actor=actor,
        )
        for comment in comments
    )


def notify_comment_assigned(comment: Comment, *, actor: User) -> None:
    """The editor a comment is handed to learns it, with the due date if there is one."""
    due = f", due {format_moment(comment.due_at)}" if comment.due_at else ""
    notify(
        recipients=[comment.assignee_id],
        verb=Verb.COMMENT_ASSIGNED,
        message=(
            f"Comment {comment.pk} on {comment.consultation.guideline.title} was assigned to you"
            f"{due}."
        ),
        target_type="comment",
        target_id=comment.pk,
        actor=actor,
    )


def notify_stage_changed(guideline: Guideline, *, from_stage: str, actor: User | None) -> None:
    """Editors of the guideline and coordinators; approvers too when it reaches approval."""
    # Superusers hold every role (README "Using the API"), so they hear what coordinators hear.
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
