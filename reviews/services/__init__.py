"""Every write of the reviews app, re-exported from its modules."""

from .comments import (
    comment_assign,
    comment_resolve,
    comment_respond,
    comment_settle,
    comments_resolve,
)
from .stages import (
    approval_record,
    guideline_transition,
    guidelines_advance_closed_consultations,
)

__all__ = [
    "approval_record",
    "comment_assign",
    "comment_resolve",
    "comment_respond",
    "comment_settle",
    "comments_resolve",
    "guideline_transition",
    "guidelines_advance_closed_consultations",
]
