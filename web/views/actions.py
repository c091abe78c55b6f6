"""The buttons a page shows: the same allowed-actions answer the API gives."""

from django.utils import timezone

from accounts.permissions import has_role
from consultation.models import Comment, Guideline
from consultation.services.comments import comment_allowed_actions, organisation_has_focal_point
from reviews.permissions import may_respond


def comment_actions(user, comments: list[Comment]) -> dict[int, list[str]]:
    """{comment id: allowed actions} for a page of comments, in at most two queries."""
    focal = user.organisation_id and organisation_has_focal_point(user.organisation_id)
    edited = (
        set(
            Guideline.editors.through.objects.filter(user_id=user.pk).values_list(
                "guideline_id", flat=True
            )
        )
        if has_role(user, "editor") and not has_role(user, "coordinator")
        else set()
    )
    now = timezone.now()
    actions = {}
    for comment in comments:
        allowed = comment_allowed_actions(
            comment,
            user,
            now=now,
            focal_point_orgs={user.organisation_id} if focal else set(),
            edited_guideline_ids=edited,
        )
        if comment.decision and not comment.settlement and may_respond(user, comment):
            allowed.append("respond")
        actions[comment.pk] = allowed
    return actions
