"""Models of the consultation app, re-exported from their modules."""

from .comments import (
    AnchorState,
    Comment,
    CommentStatus,
    CommentType,
    Decision,
    Reply,
    Response,
    Settlement,
)
from .consultations import (
    CommentImport,
    Consultation,
    ConsultationReopening,
    ConsultationStatus,
    UpdateRequest,
    UpdateRequestStatus,
    Visibility,
)
from .documents import Audience, Guideline, Section, Stage, Version, VersionSection

__all__ = [
    "AnchorState",
    "Audience",
    "Comment",
    "CommentImport",
    "CommentStatus",
    "CommentType",
    "Consultation",
    "ConsultationReopening",
    "ConsultationStatus",
    "Decision",
    "Guideline",
    "Reply",
    "Response",
    "Section",
    "Settlement",
    "Stage",
    "UpdateRequest",
    "UpdateRequestStatus",
    "Version",
    "VersionSection",
    "Visibility",
]
