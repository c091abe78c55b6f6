"""Comments: drafting, submitting and withdrawing an organisation's comments, and their threads.

Every write raises the refusal of its action from consultation.rules (403 for who, 409 for
the window and the state) before it checks the input (400), so that
`consultation.rules.comment_allowed_actions` tells the client exactly what is allowed.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from consultation.anchoring import anchor_errors, default_context, locate
from consultation.models import (
    Comment,
    CommentStatus,
    Consultation,
    Reply,
    Section,
    VersionSection,
)
from consultation.rules import (
    Actor,
    comment_refusal,
    edit_refusal,
    reply_refusal,
    submit_all_refusal,
    submit_refusal,
    withdraw_refusal,
)

from .notices import notify_reply_posted

EDITABLE_FIELDS = ("type", "body", "proposed_change", "line", "paragraph")


def _raise(refusal: DomainError | None) -> None:
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
            {
                "section": [
                    _("Section %(pk)s is not part of the consulted version.") % {"pk": section.pk}
                ]
            }
        )
    return frozen


def _apply_section_and_anchor(comment: Comment, section: Section | None, anchor: dict | None):
    """Validate the anchor against the consulted text and place it in the current text."""
    if section is not None and section.guideline_id != comment.consultation.guideline_id:
        raise ValidationError(
            {
                "section": [
                    _("Section %(pk)s is not part of the consulted guideline.") % {"pk": section.pk}
                ]
            }
        )
    if anchor and section is None:
        raise ValidationError({"anchor": [_("An anchor needs a section.")]})
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

    The section services run it in each accepted revision (section_update, section_revert): it
    keeps the stored anchor_state (which the `anchor_state` filter reads) true. Not a history entry:
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
    _raise(comment_refusal(Actor(user, now=now), consultation))
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
    _raise(edit_refusal(Actor(user, now=now), comment))
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
    _raise(submit_refusal(Actor(user, now=now), comment))
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
    _raise(withdraw_refusal(Actor(user, now=now), comment))
    comment.status = CommentStatus.WITHDRAWN
    _save(comment, user=user, reason="Withdrawn")
    return comment


@transaction.atomic
def comments_submit_all(
    *,
    user,
    consultation: Consultation,
    only: list[int] | None = None,
    now: dt.datetime | None = None,
) -> list[int]:
    """Submit the drafts of the caller's organisation in the consultation (those in `only`,
    when given and not empty; otherwise all of them); returns their ids."""
    now = now or timezone.now()
    consultation = _lock_consultation(consultation)
    _raise(submit_all_refusal(Actor(user, now=now), consultation))
    drafts = list(
        Comment.objects.select_for_update()
        .filter(
            consultation=consultation,
            organisation_id=user.organisation_id,
            status=CommentStatus.DRAFT,
            **({"pk__in": only} if only else {}),
        )
        .order_by("id")
    )
    for comment in drafts:
        comment.status, comment.submitted_at = CommentStatus.SUBMITTED, now
        # One save each (not bulk_update) so every comment's history records the submission.
        comment._history_user, comment._change_reason = user, "Submitted (submit-all)"
        comment.save(update_fields=["status", "submitted_at", "updated_at"])
    return [comment.pk for comment in drafts]


@transaction.atomic
def reply_create(*, user, comment: Comment, body: str) -> Reply:
    """Add a message to the comment's thread."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation__guideline")
        .get(pk=comment.pk)
    )
    _raise(reply_refusal(Actor(user), comment))
    if not body.strip():
        raise ValidationError({"body": [_("The reply must not be empty.")]})
    reply = Reply(comment=comment, author=user, body=body)
    reply.full_clean(exclude=["comment", "author"])
    reply.save()
    notify_reply_posted(reply, actor=user)
    return reply
