"""The buttons a page shows: the same allowed-actions answer the API gives."""

from consultation.models import Comment
from consultation.rules import Actor, comment_allowed_actions


def comment_actions(user, comments: list[Comment]) -> dict[int, list[str]]:
    """{comment id: allowed actions} for a page of comments (one Actor: at most two queries)."""
    actor = Actor(user)
    return {comment.pk: comment_allowed_actions(actor, comment) for comment in comments}
