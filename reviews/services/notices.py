"""Who hears about review events (README "Notifications and email"), in the caller's transaction."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.models import User
from common.i18n import lazy_format, lazy_lower
from common.moments import lazy_moment
from consultation.models import Comment, Decision, Guideline, Stage
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
                lazy_format(
                    gettext_lazy(
                        "Your organisation's comment %(pk)s on %(title)s was resolved: "
                        "%(decision)s."
                    ),
                    pk=comment.pk,
                    title=comment.consultation.guideline.title,
                    decision=lazy_lower(Decision(comment.decision).label),
                )
            ),
            target_type="comment",
            target_id=comment.pk,
            actor=actor,
        )
        for comment in comments
    )


def notify_comment_assigned(comment: Comment, *, actor: User) -> None:
    """The editor a comment is handed to learns it, with the due date if there is one."""
    notify(
        recipients=[comment.assignee_id],
        verb=Verb.COMMENT_ASSIGNED,
        message=(
            lazy_format(
                gettext_lazy("Comment %(pk)s on %(title)s was assigned to you, due %(due_at)s."),
                pk=comment.pk,
                title=comment.consultation.guideline.title,
                due_at=lazy_moment(comment.due_at),
            )
            if comment.due_at
            else lazy_format(
                gettext_lazy("Comment %(pk)s on %(title)s was assigned to you."),
                pk=comment.pk,
                title=comment.consultation.guideline.title,
            )
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
            lazy_format(
                gettext_lazy("%(title)s moved from %(from_stage)s to %(to_stage)s."),
                title=guideline.title,
                from_stage=lazy_lower(Stage(from_stage).label),
                to_stage=lazy_lower(Stage(guideline.stage).label),
            )
        ),
        target_type="guideline",
        target_id=guideline.pk,
        actor=actor,
    )
