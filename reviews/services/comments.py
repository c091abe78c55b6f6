"""Writes of the disposition of comments: assign, resolve (one or a batch), respond, settle.

Every service locks the comment rows it changes, records who and why in the comment's
simple-history (`_history_user`, `_change_reason`), and raises common.errors for broken rules,
Forbidden (403, with the reason) for callers without the right, and ValidationError (400) for
bad input, before anything is written.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.errors import (
    AlreadyResolved,
    CommentNotSubmitted,
    Conflict,
    NoStandingObjection,
    NotResolved,
)
from consultation.errors import Forbidden
from consultation.models import (
    Comment,
    CommentStatus,
    Decision,
    Guideline,
    Response,
    Section,
    Settlement,
)
from consultation.selectors.comments import comments_visible_to
from consultation.services.intake import comment_reopen_refusal

from ..permissions import is_assigned_editor, may_assign, may_respond, may_settle
from .notices import notify_comment_resolved

MAX_BATCH = 1000
# How far a chain of duplicates is followed when looking for a loop.
MAX_DUPLICATE_CHAIN = 100


def _lock(comment: Comment) -> Comment:
    # of=("self",): lock the comment only, not the consultation row the join brings along.
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=comment.pk)
    )


def _lock_with_guideline(comment: Comment) -> Comment:
    """Lock the guideline, then the comment: answers and settlements change what the
    approval -> published gate reads, and guideline_transition holds the same guideline lock
    while it checks, so neither can slip past the other."""
    guideline_id = Comment.objects.filter(pk=comment.pk).values_list(
        "consultation__guideline_id", flat=True
    )[0]
    list(Guideline.objects.select_for_update().filter(pk=guideline_id).values_list("pk"))
    return _lock(comment)


def _save(comment: Comment, *, user: User | None, reason: str, fields: list[str]) -> None:
    comment._history_user = user
    comment._change_reason = reason[:100]
    comment.save(update_fields=[*fields, "updated_at"])


def _clear_answer(comment: Comment) -> list[str]:
    """A new disposition needs a new answer: forget the response and its settlement."""
    comment.response = ""
    comment.response_note = ""
    comment.responded_at = None
    comment.settlement = ""
    comment.settlement_reason = ""
    comment.settled_by = None
    comment.settled_at = None
    return [
        "response",
        "response_note",
        "responded_at",
        "settlement",
        "settlement_reason",
        "settled_by",
        "settled_at",
    ]


def _check_decision(decision: str, rationale: str) -> str:
    if decision not in Decision.values:
        raise ValidationError({"decision": [f"Choose one of: {', '.join(Decision.values)}."]})
    rationale = (rationale or "").strip()
    if decision != Decision.ACCEPTED and not rationale:
        raise ValidationError(
            {"rationale": ["Explain the decision; only an accepted comment may go without."]}
        )
    return rationale


def _check_duplicate_target(comment: Comment, target: Comment | None, decision: str) -> None:
    """A duplicate points at another submitted comment of the same consultation, with no loop."""
    if decision != Decision.DUPLICATE:
        if target is not None:
            raise ValidationError(
                {"duplicate_of": ["Only a comment resolved as duplicate points at another."]}
            )
        return
    if target is None:
        raise ValidationError(
            {"duplicate_of": ["Name the comment this one duplicates (decision 'duplicate')."]}
        )
    if target.pk == comment.pk:
        raise ValidationError({"duplicate_of": ["A comment cannot duplicate itself."]})
    if target.consultation_id != comment.consultation_id:
        raise ValidationError(
            {"duplicate_of": [f"Comment {target.pk} belongs to another consultation."]}
        )
    if target.status != CommentStatus.SUBMITTED:
        raise ValidationError({"duplicate_of": [f"Comment {target.pk} is not submitted."]})
    seen, current = set(), target
    for _ in range(MAX_DUPLICATE_CHAIN):
        if current.duplicate_of_id is None:
            return
        if current.duplicate_of_id == comment.pk or current.duplicate_of_id in seen:
            raise ValidationError(
                {
                    "duplicate_of": [
                        f"Comment {target.pk} is (through duplicates) a duplicate of this "
                        "comment; point both at the original instead."
                    ]
                }
            )
        seen.add(current.pk)
        current = Comment.objects.only("pk", "duplicate_of_id").get(pk=current.duplicate_of_id)
    raise ValidationError({"duplicate_of": ["The chain of duplicates is too long."]})


def _check_revision(comment: Comment, revision: int | None) -> None:
    """The revision that applied the disposition must be one the comment's section has had."""
    if revision is None:
        return
    if comment.section_id is None:
        raise ValidationError(
            {"revision": ["The comment is not on a section, so no revision applies it."]}
        )
    known = Section.history.filter(id=comment.section_id, revision=revision).exists()
    if not known and not Section.objects.filter(pk=comment.section_id, revision=revision).exists():
        raise ValidationError(
            {"revision": [f"Section {comment.section_id} has no revision {revision}."]}
        )


def _visible_target(user: User, pk: int | None) -> Comment | None:
    if pk is None:
        return None
    target = comments_visible_to(user).filter(pk=pk).first()
    if target is None:
        raise ValidationError({"duplicate_of": [f"Comment {pk} does not exist."]})
    return target


def _apply_resolution(
    comment: Comment,
    *,
    user: User,
    decision: str,
    rationale: str,
    duplicate_of: Comment | None,
    revision: int | None,
    reason: str,
) -> None:
    comment.decision = decision
    comment.rationale = rationale
    comment.duplicate_of = duplicate_of
    comment.resolved_by = user
    comment.resolved_at = timezone.now()
    comment.resolved_revision = revision
    fields = [
        "decision",
        "rationale",
        "duplicate_of",
        "resolved_by",
        "resolved_at",
        "resolved_revision",
        *_clear_answer(comment),
    ]
    _save(comment, user=user, reason=reason, fields=fields)


@transaction.atomic
def comment_assign(
    *, comment: Comment, editor: User, user: User, due_at: dt.datetime | None = None
) -> Comment:
    """Hand a submitted comment to an editor of its guideline, optionally with a due date.

    The caller is a coordinator or an editor of the guideline; the assignee must be an
    editor assigned to the guideline. Reassigning replaces the previous assignment.
    """
    comment = _lock(comment)
    guideline = Guideline.objects.get(pk=comment.consultation.guideline_id)
    if not may_assign(user, guideline):
        raise Forbidden("Only coordinators and editors of the guideline assign comments.")
    if comment.status != CommentStatus.SUBMITTED:
        raise CommentNotSubmitted("Only submitted comments are assigned for review.")
    if not (editor.is_editor and guideline.editors.filter(pk=editor.pk).exists()):
        raise ValidationError(
            {"editor": [f"User {editor.pk} is not an editor of guideline {guideline.pk}."]}
        )
    comment.assignee = editor
    comment.assigned_at = timezone.now()
    comment.due_at = due_at
    _save(
        comment,
        user=user,
        reason=f"assigned to {editor.username}",
        fields=["assignee", "assigned_at", "due_at"],
    )
    return comment


@transaction.atomic
def comment_resolve(
    *,
    comment: Comment,
    user: User,
    decision: str,
    rationale: str = "",
    duplicate_of: int | None = None,
    revision: int | None = None,
    reopen: bool = False,
) -> Comment:
    """Record the disposition of a submitted comment (only editors of its guideline).

    A resolved comment is changed only with `reopen`; a new disposition clears the
    organisation's earlier response and its settlement (the history keeps both).
    """
    comment = _lock(comment)
    guideline = Guideline.objects.get(pk=comment.consultation.guideline_id)
    if not is_assigned_editor(user, guideline):
        raise Forbidden("Only editors of this guideline resolve its comments.")
    rationale = _check_decision(decision, rationale)
    if comment.status != CommentStatus.SUBMITTED:
        raise CommentNotSubmitted(f"Comment {comment.pk} is {comment.status}, not submitted.")
    was_resolved = bool(comment.decision)
    if was_resolved and not reopen:
        raise AlreadyResolved(
            f"Comment {comment.pk} is already resolved as {comment.decision}; "
            'send "reopen": true to change the disposition.'
        )
    if was_resolved and (refusal := comment_reopen_refusal(comment.consultation)):
        raise refusal
    target = _visible_target(user, duplicate_of)
    _check_duplicate_target(comment, target, decision)
    _check_revision(comment, revision)
    _apply_resolution(
        comment,
        user=user,
        decision=decision,
        rationale=rationale,
        duplicate_of=target,
        revision=revision,
        reason=f"{'reopened: ' if was_resolved else ''}resolved as {decision}",
    )
    notify_comment_resolved(comment, actor=user)
    return comment


@transaction.atomic
def comments_resolve_batch(
    *,
    comment_ids: list[int],
    user: User,
    decision: str,
    rationale: str = "",
    duplicate_of: int | None = None,
) -> list[Comment]:
    """Give many unresolved comments one disposition, all or nothing.

    Any id that is unknown, unreadable, not submitted, already resolved or on a guideline the
    caller does not edit makes the whole batch fail with a 400 that lists every such id.
    """
    if not (user.is_superuser or user.is_editor):
        raise Forbidden("Only editors of the guideline resolve its comments.")
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise ValidationError({"comments": ["List at least one comment id."]})
    if len(ids) > MAX_BATCH:
        raise ValidationError({"comments": [f"Resolve at most {MAX_BATCH} comments at once."]})
    rationale = _check_decision(decision, rationale)
    # Lock in id order so that two overlapping batches cannot deadlock.
    locked = {
        c.pk: c
        for c in Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    visible = set(comments_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    edited = set(user.edited_guidelines.values_list("pk", flat=True))
    target = _visible_target(user, duplicate_of)
    errors = []
    for pk in ids:
        comment = locked.get(pk)
        if comment is None or pk not in visible:
            errors.append(f"Comment {pk} does not exist.")
        elif not (user.is_superuser or comment.consultation.guideline_id in edited):
            errors.append(f"Comment {pk}: you are not an editor of its guideline.")
        elif comment.status != CommentStatus.SUBMITTED:
            errors.append(f"Comment {pk} is {comment.status}, not submitted.")
        elif comment.decision:
            errors.append(
                f"Comment {pk} is already resolved as {comment.decision}; "
                "resolve it on its own with reopen to change it."
            )
        elif target is not None and target.pk in ids:
            errors.append(f"Comment {pk}: the original (duplicate_of) cannot be in the batch.")
        else:
            try:
                _check_duplicate_target(comment, target, decision)
            except ValidationError as exc:
                errors.extend(f"Comment {pk}: {m}" for m in exc.message_dict["duplicate_of"])
    if errors:
        raise ValidationError({"comments": errors})
    resolved = []
    for pk in ids:
        comment = locked[pk]
        _apply_resolution(
            comment,
            user=user,
            decision=decision,
            rationale=rationale,
            duplicate_of=target,
            revision=None,
            reason=f"resolved as {decision} in a batch of {len(ids)}",
        )
        notify_comment_resolved(comment, actor=user)
        resolved.append(comment)
    return resolved


@transaction.atomic
def comment_respond(*, comment: Comment, user: User, response: str, note: str = "") -> Comment:
    """Record the commenting organisation's answer (satisfied / objection) to the disposition.

    A later answer replaces an earlier one until a coordinator has settled an objection.
    """
    comment = _lock_with_guideline(comment)
    if not may_respond(user, comment):
        raise Forbidden("Only delegates of the commenting organisation answer its disposition.")
    if response not in Response.values:
        raise ValidationError({"response": [f"Choose one of: {', '.join(Response.values)}."]})
    note = (note or "").strip()
    if response == Response.OBJECTION and not note:
        raise ValidationError({"note": ["Say what the organisation objects to."]})
    if not comment.decision:
        raise NotResolved(
            f"Comment {comment.pk} has no disposition yet; answer once the editors resolve it."
        )
    if comment.settlement:
        raise Conflict(
            f"A coordinator already settled the objection to comment {comment.pk} "
            f"({comment.settlement}); the answer can no longer change."
        )
    comment.response = response
    comment.response_note = note
    comment.responded_at = timezone.now()
    _save(
        comment,
        user=user,
        reason=f"organisation {response}",
        fields=["response", "response_note", "responded_at"],
    )
    return comment


@transaction.atomic
def comment_settle(*, comment: Comment, user: User, outcome: str, reason: str) -> Comment:
    """A coordinator's decision on a standing objection: overruled, or upheld.

    Upheld reopens the disposition (decision cleared) so that the editors resolve it again;
    the previous disposition stays in the comment's history.
    """
    comment = _lock_with_guideline(comment)
    if not may_settle(user):
        raise Forbidden("Only coordinators settle objections to dispositions.")
    if outcome not in Settlement.values:
        raise ValidationError({"outcome": [f"Choose one of: {', '.join(Settlement.values)}."]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give the reason for the settlement."]})
    if not (comment.decision and comment.response == Response.OBJECTION and not comment.settlement):
        raise NoStandingObjection(f"Comment {comment.pk} has no standing objection to settle.")
    if outcome == Settlement.UPHELD and (refusal := comment_reopen_refusal(comment.consultation)):
        raise refusal
    comment.settlement = outcome
    comment.settlement_reason = reason
    comment.settled_by = user
    comment.settled_at = timezone.now()
    fields = ["settlement", "settlement_reason", "settled_by", "settled_at"]
    if outcome == Settlement.UPHELD:
        comment.decision = ""
        comment.rationale = ""
        comment.duplicate_of = None
        comment.resolved_by = None
        comment.resolved_at = None
        comment.resolved_revision = None
        fields += [
            "decision",
            "rationale",
            "duplicate_of",
            "resolved_by",
            "resolved_at",
            "resolved_revision",
        ]
    _save(comment, user=user, reason=f"objection {outcome}", fields=fields)
    return comment
