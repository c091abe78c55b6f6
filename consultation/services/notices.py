"""Who hears about consultation events (see the README): run in the caller's transaction.

Each function picks the recipients and words the sentence; notifications.services.notify()
writes the notifications and the email outbox rows. A delegate only ever hears about its own
organisation's comments.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from common.i18n import lazy_format
from common.moments import lazy_moment
from consultation.models import Comment, CommentStatus, Consultation, Reply, UpdateRequest
from consultation.rules import organisations_invited_to
from notifications.models import Verb
from notifications.services import notify, reminders_send


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify_reply_posted(reply: Reply, *, actor: User) -> None:
    """The thread's participants: the commenting organisation's delegates, the editors and
    coordinators who wrote in it (comment author, earlier repliers) and the assignee."""
    comment: Comment = reply.comment
    writers = set(comment.replies.exclude(author=None).values_list("author_id", flat=True))
    writers |= {pk for pk in (comment.author_id, comment.assignee_id) if pk}
    recipients = User.objects.filter(is_active=True).filter(
        Q(organisation_id=comment.organisation_id, is_delegate=True)
        # Writers from outside the organisation are heard only in a reviewing role, so a
        # delegate of another organisation never receives this organisation's thread.
        | Q(pk__in=writers) & (Q(is_editor=True) | Q(is_coordinator=True) | Q(is_superuser=True))
    )
    name = actor.get_full_name() or actor.username
    notify(
        recipients=list(recipients.values_list("pk", flat=True)),
        verb=Verb.COMMENT_REPLIED,
        message=lazy_format(
            gettext_lazy("%(name)s replied on comment %(pk)s: “%(excerpt)s”"),
            name=name,
            pk=comment.pk,
            excerpt=_excerpt(reply.body),
        ),
        target_type="comment",
        target_id=comment.pk,
        actor=actor,
    )


def notify_update_request_filed(update_request: UpdateRequest, *, actor: User) -> None:
    """Coordinators learn that a member state asked for a guideline to be revised."""
    coordinators = User.objects.filter(
        Q(is_coordinator=True) | Q(is_superuser=True), is_active=True
    ).values_list("pk", flat=True)
    notify(
        recipients=list(coordinators),
        verb=Verb.UPDATE_REQUEST_FILED,
        message=(
            lazy_format(
                gettext_lazy("%(name)s asked for %(title)s to be revised: “%(excerpt)s”"),
                name=update_request.organisation.name,
                title=update_request.guideline.title,
                excerpt=_excerpt(update_request.rationale),
            )
        ),
        target_type="update_request",
        target_id=update_request.pk,
        actor=actor,
    )


def invited_delegate_ids(consultation: Consultation, *, silent_only: bool = False) -> list[int]:
    """Active delegates of the invited organisations (kind or by name); with silent_only,
    only of those organisations that have submitted nothing in this consultation."""
    organisations = Organisation.objects.filter(organisations_invited_to(consultation))
    if silent_only:
        spoke = Comment.objects.filter(
            consultation=consultation, status=CommentStatus.SUBMITTED
        ).values("organisation_id")
        organisations = organisations.exclude(pk__in=spoke)
    return list(
        User.objects.filter(
            is_delegate=True, is_active=True, organisation__in=organisations.values("pk")
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notify_consultation_opened(consultation: Consultation, *, user_ids) -> list[int]:
    """Tell invited delegates the consultation is open: once per person (a unique mark)."""
    return reminders_send(
        user_ids=user_ids,
        consultation_id=consultation.pk,
        kind=Verb.CONSULTATION_OPENED,
        message=(
            lazy_format(
                gettext_lazy(
                    "The consultation “%(title)s” on %(guideline)s is open for comments until "
                    "%(effective_closes_at)s."
                ),
                title=consultation.title,
                guideline=consultation.guideline.title,
                effective_closes_at=lazy_moment(consultation.effective_closes_at),
            )
        ),
    )


def notify_consultation_reopened(
    consultation: Consultation, *, user_ids, reason: str, actor: User
) -> None:
    """Tell invited delegates a closed consultation takes comments again, until when and why."""

    notify(
        recipients=user_ids,
        verb=Verb.CONSULTATION_OPENED,
        message=(
            lazy_format(
                gettext_lazy(
                    "The consultation “%(title)s” on %(guideline)s is open again for comments "
                    "until "
                    "%(closes_at)s: %(excerpt)s"
                ),
                title=consultation.title,
                guideline=consultation.guideline.title,
                closes_at=lazy_moment(consultation.closes_at),
                excerpt=_excerpt(reason),
            )
        ),
        target_type="consultation",
        target_id=consultation.pk,
        actor=actor,
    )
