"""Comments: drafting, submitting and withdrawing an organisation's comments, and their threads.

Every write by a delegate is checked in the same order: may this user write for this
organisation here (403), is the consultation open (409), is the input right (400). The
checks are functions that return the refusal instead of raising it, so that
`comment_allowed_actions` tells the client exactly what the services would allow.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.permissions import has_role
from common.errors import Conflict, ConsultationClosed, ConsultationNotOpen, DomainError
from consultation.anchoring import anchor_errors, default_context, locate
from consultation.errors import Forbidden
from consultation.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Reply,
    Section,
    VersionSection,
)
from consultation.permissions import is_guideline_editor

from .consultations import consultation_is_invited, format_moment
from .intake import comment_intake_refusal
from .notices import notify_reply_posted

EDITABLE_FIELDS = ("type", "body", "proposed_change", "line", "paragraph")


# --- The rules, as refusals -------------------------------------------------------------------


def window_refusal(consultation: Consultation, now: dt.datetime) -> DomainError | None:
    """409 when the consultation is not open at `now`, with its dates in the message."""
    status = consultation.status_at(now)
    if status == ConsultationStatus.SCHEDULED:
        return ConsultationNotOpen(
            f"The consultation opens on {format_moment(consultation.opens_at)} and closes on "
            f"{format_moment(consultation.effective_closes_at)}; comments can be written "
            "from the opening."
        )
    if status == ConsultationStatus.CLOSED:
        return ConsultationClosed(
            f"The consultation closed on {format_moment(consultation.effective_closes_at)}; "
            "comments can no longer be changed."
        )
    return None


def writer_refusal(user, consultation: Consultation) -> DomainError | None:
    """403 unless the user is a delegate of an organisation invited to the consultation."""
    if not (has_role(user, "delegate") and user.organisation_id):
        return Forbidden("Only delegates write comments, on behalf of their organisation.")
    if not consultation_is_invited(consultation, user.organisation):
        return Forbidden(f"{user.organisation} is not invited to this consultation.")
    return None


def own_comment_refusal(user, comment: Comment) -> DomainError | None:
    """403 unless the user may write on this comment (a delegate of its organisation)."""
    if comment.organisation_id != user.organisation_id or not has_role(user, "delegate"):
        return Forbidden("Only delegates of the commenting organisation may change this comment.")
    return writer_refusal(user, comment.consultation)


def organisation_has_focal_point(organisation_id: int) -> bool:
    """True when the organisation named a focal point (who alone submits its position)."""
    return User.objects.filter(organisation_id=organisation_id, is_focal_point=True).exists()


def submitter_refusal(user, *, has_focal_point: bool) -> DomainError | None:
    """403 for a delegate who is not the focal point of an organisation that has one."""
    if has_focal_point and not user.is_focal_point:
        return Forbidden(
            "Your organisation has a focal point, who submits its consolidated position; "
            "save your comment as a draft for them."
        )
    return None


def _raise(*refusals: DomainError | None) -> None:
    for refusal in refusals:
        if refusal is not None:
            raise refusal


# --- Anchors ----------------------------------------------------------------------------------


def _consulted_text(consultation: Consultation, section: Section) -> str:
    frozen = (
        VersionSection.objects.filter(version_id=consultation.version_id, section_id=section.pk)
        .values_list("body", flat=True)
        .first()
    )
    if frozen is None:
        raise ValidationError(
            {"section": [f"Section {section.pk} is not part of the consulted version."]}
        )
    return frozen


def _apply_section_and_anchor(comment: Comment, section: Section | None, anchor: dict | None):
    """Validate the anchor against the consulted text and place it in the current text."""
    if section is not None and section.guideline_id != comment.consultation.guideline_id:
        raise ValidationError(
            {"section": [f"Section {section.pk} is not part of the consulted guideline."]}
        )
    if anchor and section is None:
        raise ValidationError({"anchor": ["An anchor needs a section."]})
    text = _consulted_text(comment.consultation, section) if section is not None else ""
    comment.section = section
    if not anchor:
        comment.anchor_quote = comment.anchor_prefix = comment.anchor_suffix = ""
        comment.anchor_start = comment.anchor_end = None
        comment.anchor_state = ""
        comment.current_start = comment.current_end = comment.anchored_revision = None
        return
    quote, start, end = anchor.get("quote") or "", anchor.get("start"), anchor.get("end")
    prefix, suffix = anchor.get("prefix") or "", anchor.get("suffix") or ""
    errors = anchor_errors(text, quote=quote, prefix=prefix, suffix=suffix, start=start, end=end)
    if errors:
        raise ValidationError({"anchor": errors})
    default_prefix, default_suffix = default_context(text, start, end)
    comment.anchor_quote, comment.anchor_start, comment.anchor_end = quote, start, end
    comment.anchor_prefix = prefix or default_prefix
    comment.anchor_suffix = suffix or default_suffix
    _reanchor(comment, section)


def _reanchor(comment: Comment, section: Section) -> None:
    found = _located(section.body, comment)
    comment.anchor_state, comment.current_start, comment.current_end = (
        found.state,
        found.start,
        found.end,
    )
    comment.anchored_revision = section.revision


def comment_current_anchor(comment: Comment) -> tuple[str, int | None, int | None]:
    """(anchor_state, current_start, current_end) against the section's current text.

    Uses the cached columns when they were computed at the section's current revision and
    recomputes in memory (no query, nothing written) when the section moved on since.
    """
    if not comment.anchor_quote or comment.section is None:
        return "", None, None
    if comment.anchored_revision != comment.section.revision:
        found = _located(comment.section.body, comment)
        return found.state, found.start, found.end
    return comment.anchor_state, comment.current_start, comment.current_end


def _located(text: str, comment: Comment):
    """Where the comment's anchored passage is in `text` now."""
    return locate(
        text,
        quote=comment.anchor_quote,
        prefix=comment.anchor_prefix,
        suffix=comment.anchor_suffix,
        start=comment.anchor_start,
    )


@transaction.atomic
def comments_reanchor(*, section: Section) -> int:
    """Re-locate every anchored comment of `section` in its current text; returns how many.

    Call after each accepted revision of a section (section_update, section_revert): it keeps
    the stored anchor_state (which the `anchor_state` filter reads) true. Not a history entry:
    the comment itself did not change.
    """
    section = Section.objects.get(pk=section.pk)
    stale = list(
        Comment.objects.select_for_update()
        .filter(section_id=section.pk)
        .exclude(anchor_quote="")
        .exclude(anchored_revision=section.revision)
    )
    for comment in stale:
        _reanchor(comment, section)
    Comment.objects.bulk_update(
        stale, ["anchor_state", "current_start", "current_end", "anchored_revision"]
    )
    return len(stale)


def comments_reanchor_stale() -> int:
    """Re-anchor the comments of every section revised since its comments were placed."""
    section_ids = (
        Comment.objects.exclude(anchor_quote="")
        .exclude(anchored_revision=F("section__revision"))
        .values_list("section_id", flat=True)
        .distinct()
    )
    return sum(
        comments_reanchor(section=section)
        for section in Section.objects.filter(pk__in=list(section_ids))
    )


# --- Writes -----------------------------------------------------------------------------------


def _lock_consultation(consultation: Consultation) -> Consultation:
    # The consultation row is the lock that orders comment writes against an early close.
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("guideline")
        .get(pk=consultation.pk)
    )


def _lock_comment(comment: Comment) -> Comment:
    consultation = _lock_consultation(comment.consultation)
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("organisation", "section")
        .get(pk=comment.pk)
    )
    locked.consultation = consultation
    return locked


def _save(comment: Comment, *, user, reason: str) -> None:
    comment._history_user = user
    comment._change_reason = reason
    comment.full_clean(exclude=["consultation", "section", "organisation", "author"])
    comment.save()


@transaction.atomic
def comment_create(
    *,
    user,
    consultation: Consultation,
    type: str,
    body: str,
    proposed_change: str = "",
    section: Section | None = None,
    anchor: dict | None = None,
    line: str = "",
    paragraph: str = "",
    now: dt.datetime | None = None,
) -> Comment:
    """Make a draft of the caller's organisation; the server sets organisation and author."""
    now = now or timezone.now()
    consultation = _lock_consultation(consultation)
    _raise(
        writer_refusal(user, consultation),
        comment_intake_refusal(consultation),
        window_refusal(consultation, now),
    )
    comment = Comment(
        consultation=consultation,
        organisation=user.organisation,
        author=user,
        type=type,
        body=body,
        proposed_change=proposed_change,
        line=line,
        paragraph=paragraph,
        status=CommentStatus.DRAFT,
    )
    _apply_section_and_anchor(comment, section, anchor)
    _save(comment, user=user, reason="Draft created")
    return comment


_UNSET = object()


@transaction.atomic
def comment_update(
    *, user, comment: Comment, data: dict, now: dt.datetime | None = None
) -> Comment:
    """Edit a draft: type, body, proposed_change, line, paragraph, section and anchor.

    Changing the section without sending an anchor drops the old anchor (it quoted the old
    section's text).
    """
    now = now or timezone.now()
    comment = _lock_comment(comment)
    _raise(own_comment_refusal(user, comment), window_refusal(comment.consultation, now))
    if comment.status != CommentStatus.DRAFT:
        raise Conflict(f"Only drafts can be edited; this comment is {comment.status}.")
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(comment, field, data[field])
    section = data.get("section", _UNSET)
    anchor = data.get("anchor", _UNSET)
    if section is not _UNSET or anchor is not _UNSET:
        if section is _UNSET:
            section = comment.section
        if anchor is _UNSET:
            anchor = (
                None
                if section != comment.section or not comment.anchor_quote
                else {
                    "quote": comment.anchor_quote,
                    "prefix": comment.anchor_prefix,
                    "suffix": comment.anchor_suffix,
                    "start": comment.anchor_start,
                    "end": comment.anchor_end,
                }
            )
        _apply_section_and_anchor(comment, section, anchor)
    _save(comment, user=user, reason="Draft edited")
    return comment


@transaction.atomic
def comment_submit(*, user, comment: Comment, now: dt.datetime | None = None) -> Comment:
    """Submit a draft as the organisation's position (the focal point only, if it has one)."""
    now = now or timezone.now()
    comment = _lock_comment(comment)
    _raise(
        own_comment_refusal(user, comment),
        submitter_refusal(
            user, has_focal_point=organisation_has_focal_point(comment.organisation_id)
        ),
        comment_intake_refusal(comment.consultation),
        window_refusal(comment.consultation, now),
    )
    if comment.status != CommentStatus.DRAFT:
        raise Conflict(f"Only drafts can be submitted; this comment is {comment.status}.")
    comment.status, comment.submitted_at = CommentStatus.SUBMITTED, now
    _save(comment, user=user, reason="Submitted")
    return comment


@transaction.atomic
def comment_withdraw(*, user, comment: Comment, now: dt.datetime | None = None) -> Comment:
    """Withdraw a draft or a submitted comment while the consultation is open.

    Withdrawing a submitted comment changes the organisation's position, so it follows the
    focal-point rule like submitting does.
    """
    now = now or timezone.now()
    comment = _lock_comment(comment)
    focal = comment.status == CommentStatus.SUBMITTED and organisation_has_focal_point(
        comment.organisation_id
    )
    _raise(
        own_comment_refusal(user, comment),
        submitter_refusal(user, has_focal_point=focal),
        window_refusal(comment.consultation, now),
    )
    if comment.status == CommentStatus.WITHDRAWN:
        raise Conflict("The comment is already withdrawn.")
    if comment.decision:
        raise Conflict("The comment has been resolved and can no longer be withdrawn.")
    comment.status = CommentStatus.WITHDRAWN
    _save(comment, user=user, reason="Withdrawn")
    return comment


@transaction.atomic
def comments_submit_all(
    *, user, consultation: Consultation, now: dt.datetime | None = None
) -> list[int]:
    """Submit every draft of the caller's organisation in the consultation; returns their ids."""
    now = now or timezone.now()
    consultation = _lock_consultation(consultation)
    _raise(writer_refusal(user, consultation))
    _raise(
        submitter_refusal(user, has_focal_point=organisation_has_focal_point(user.organisation_id)),
        comment_intake_refusal(consultation),
        window_refusal(consultation, now),
    )
    drafts = list(
        Comment.objects.select_for_update()
        .filter(
            consultation=consultation,
            organisation_id=user.organisation_id,
            status=CommentStatus.DRAFT,
        )
        .order_by("id")
    )
    for comment in drafts:
        comment.status, comment.submitted_at = CommentStatus.SUBMITTED, now
        # One save each (not bulk_update) so every comment's history records the submission.
        comment._history_user, comment._change_reason = user, "Submitted (submit-all)"
        comment.save(update_fields=["status", "submitted_at", "updated_at"])
    return [comment.pk for comment in drafts]


def reply_refusal(
    user, comment: Comment, *, edited_guideline_ids: set[int] | None = None
) -> DomainError | None:
    """403 unless the user is of the commenting organisation, an editor of it, or coordinator.

    Pass `edited_guideline_ids` (the guidelines the user edits) to decide without a query.
    """
    if user.organisation_id == comment.organisation_id and has_role(user, "delegate"):
        return None
    if edited_guideline_ids is None:
        if is_guideline_editor(user, comment.consultation.guideline):
            return None
    elif has_role(user, "coordinator") or (
        has_role(user, "editor") and comment.consultation.guideline_id in edited_guideline_ids
    ):
        return None
    return Forbidden(
        "Only the commenting organisation, the guideline's editors and coordinators reply here."
    )


@transaction.atomic
def reply_create(*, user, comment: Comment, body: str) -> Reply:
    """Add a message to the comment's thread."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation__guideline")
        .get(pk=comment.pk)
    )
    _raise(reply_refusal(user, comment))
    if comment.status == CommentStatus.DRAFT:
        raise Conflict("Submit the comment before starting a thread on it.")
    if not body.strip():
        raise ValidationError({"body": ["The reply must not be empty."]})
    reply = Reply(comment=comment, author=user, body=body)
    reply.full_clean(exclude=["comment", "author"])
    reply.save()
    notify_reply_posted(reply, actor=user)
    return reply


# --- What the client may do next --------------------------------------------------------------


def comment_allowed_actions(
    comment: Comment,
    user,
    *,
    now: dt.datetime,
    focal_point_orgs: set[int],
    edited_guideline_ids: set[int],
) -> list[str]:
    """The writes the services would accept from `user` on `comment` at `now`."""
    actions = []
    if (
        own_comment_refusal(user, comment) is None
        and window_refusal(comment.consultation, now) is None
    ):
        may_submit = (
            submitter_refusal(user, has_focal_point=comment.organisation_id in focal_point_orgs)
            is None
        )
        if comment.status == CommentStatus.DRAFT:
            actions += ["edit", "submit"] if may_submit else ["edit"]
            actions.append("withdraw")
        elif comment.status == CommentStatus.SUBMITTED and may_submit and not comment.decision:
            actions.append("withdraw")
    if (
        comment.status != CommentStatus.DRAFT
        and reply_refusal(user, comment, edited_guideline_ids=edited_guideline_ids) is None
    ):
        actions.append("reply")
    return actions
