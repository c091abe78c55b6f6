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
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import (
    BatchRejected,
    CommentChanged,
    DomainError,
)
from common.history import history_record_rows
from common.moments import format_moment
from consultation.intake import comment_reopen_refusal
from consultation.models import (
    Comment,
    CommentStatus,
    Decision,
    Guideline,
    Response,
    Section,
    Settlement,
)
from consultation.rules import (
    Actor,
    assign_refusal,
    is_assigned_editor,
    reopen_refusal,
    resolve_refusal,
    respond_refusal,
    settle_refusal,
)
from consultation.selectors.comments import comments_visible_to

from .notices import notify_comment_assigned, notify_comments_resolved

MAX_BATCH = 1000
# How far a chain of duplicates is followed when looking for a loop.
MAX_DUPLICATE_CHAIN = 100


def _raise(refusal: DomainError | None) -> None:
    if refusal is not None:
        raise refusal


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


# A new disposition needs a new answer: the response and its settlement are forgotten.
ANSWER_CLEARED = {
    "response": "",
    "response_note": "",
    "responded_at": None,
    "responded_by": None,
    "settlement": "",
    "settlement_reason": "",
    "settled_by": None,
    "settled_at": None,
}


def _check_decision(decision: str, rationale: str) -> str:
    if decision not in Decision.values:
        raise ValidationError(
            {
                "decision": [
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(Decision.values)}
                ]
            }
        )
    rationale = (rationale or "").strip()
    if decision != Decision.ACCEPTED and not rationale:
        raise ValidationError(
            {"rationale": [_("Explain the decision; only an accepted comment may go without.")]}
        )
    return rationale


def _duplicate_chain(target: Comment | None) -> list[int]:
    """The ids `target` leads to through duplicate_of (itself first), in one query per link.

    ValidationError when the chain loops or runs longer than MAX_DUPLICATE_CHAIN.
    """
    if target is None:
        return []
    chain, current = [target.pk], target.duplicate_of_id
    while current is not None:
        if current in chain:
            raise ValidationError(
                {
                    "duplicate_of": [
                        _("Comment %(pk)s is part of a loop of duplicates.") % {"pk": target.pk}
                    ]
                }
            )
        if len(chain) >= MAX_DUPLICATE_CHAIN:
            raise ValidationError({"duplicate_of": [_("The chain of duplicates is too long.")]})
        chain.append(current)
        current = (
            Comment.objects.filter(pk=current).values_list("duplicate_of_id", flat=True).first()
        )
    return chain


def _check_duplicate_target(
    comment: Comment, target: Comment | None, decision: str, chain: list[int]
) -> None:
    """A duplicate points at another submitted comment of the same consultation, with no loop.

    `chain` is `_duplicate_chain(target)`.
    """
    if decision != Decision.DUPLICATE:
        if target is not None:
            raise ValidationError(
                {"duplicate_of": [_("Only a comment resolved as duplicate points at another.")]}
            )
        return
    if target is None:
        raise ValidationError(
            {"duplicate_of": [_("Name the comment this one duplicates (decision 'duplicate').")]}
        )
    if target.pk == comment.pk:
        raise ValidationError({"duplicate_of": [_("A comment cannot duplicate itself.")]})
    if target.consultation_id != comment.consultation_id:
        raise ValidationError(
            {
                "duplicate_of": [
                    _("Comment %(pk)s belongs to another consultation.") % {"pk": target.pk}
                ]
            }
        )
    if target.status != CommentStatus.SUBMITTED:
        raise ValidationError(
            {"duplicate_of": [_("Comment %(pk)s is not submitted.") % {"pk": target.pk}]}
        )
    if comment.pk in chain:
        raise ValidationError(
            {
                "duplicate_of": [
                    _(
                        "Comment %(pk)s is (through duplicates) a duplicate of this comment; "
                        "point both at the original instead."
                    )
                    % {"pk": target.pk}
                ]
            }
        )


def _check_revision(comment: Comment, revision: int | None) -> None:
    """The revision that applied the disposition must be one the comment's section has had."""
    if revision is None:
        return
    if comment.section_id is None:
        raise ValidationError(
            {"revision": [_("The comment is not on a section, so no revision applies it.")]}
        )
    known = Section.history.filter(id=comment.section_id, revision=revision).exists()
    if not known and not Section.objects.filter(pk=comment.section_id, revision=revision).exists():
        raise ValidationError(
            {
                "revision": [
                    _("Section %(section_id)s has no revision %(revision)s.")
                    % {"section_id": comment.section_id, "revision": revision}
                ]
            }
        )


def _visible_target(user: User, pk: int | None) -> Comment | None:
    if pk is None:
        return None
    target = comments_visible_to(user).filter(pk=pk).first()
    if target is None:
        raise ValidationError({"duplicate_of": [_("Comment %(pk)s does not exist.") % {"pk": pk}]})
    return target


@transaction.atomic
def comment_assign(
    *, comment: Comment, editor: User, user: User, due_at: dt.datetime | None = None
) -> Comment:
    """Hand a submitted comment to an editor of its guideline, optionally with a due date.

    The caller is a coordinator or an editor of the guideline; the assignee must be an
    editor assigned to the guideline, and a due date lies ahead. Reassigning replaces the
    previous assignment. The assignee is told (in the app, and by e-mail as they prefer).
    """
    comment = _lock(comment)
    _raise(assign_refusal(Actor(user), comment))
    guideline_id = comment.consultation.guideline_id
    if not is_assigned_editor(editor, guideline_id):
        raise ValidationError(
            {
                "editor": [
                    _("User %(pk)s is not an editor of guideline %(guideline_id)s.")
                    % {"pk": editor.pk, "guideline_id": guideline_id}
                ]
            }
        )
    now = timezone.now()
    if due_at is not None and due_at <= now:
        raise ValidationError(
            {
                "due_at": [
                    _("The due date %(due_at)s has passed; give a later one.")
                    % {"due_at": format_moment(due_at)}
                ]
            }
        )
    comment.assignee = editor
    comment.assigned_at = now
    comment.due_at = due_at
    _save(
        comment,
        user=user,
        reason=f"assigned to {editor.username}",
        fields=["assignee", "assigned_at", "due_at"],
    )
    notify_comment_assigned(comment, actor=user)
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
    unchanged_since: dt.datetime | None = None,
) -> Comment:
    """Record the disposition of a submitted comment: `comments_resolve` for a batch of one.

    Refused with the comment's own error (403, 409 or 400), not a batch_rejected.
    """
    (resolved,) = comments_resolve(
        comment_ids=[comment.pk],
        user=user,
        decision=decision,
        rationale=rationale,
        duplicate_of=duplicate_of,
        revision=revision,
        reopen=reopen,
        unchanged_since=unchanged_since,
    )
    return resolved


def _failure(pk: int, error: DomainError | ValidationError) -> dict:
    """One comment at fault in a batch: its id, the status and code it alone would get, why."""
    if isinstance(error, ValidationError):
        messages = [m for field in error.message_dict.values() for m in field]
        return {"comment": pk, "status": 400, "code": "invalid", "detail": " ".join(messages)}
    failure = {"comment": pk, "status": error.status_code, "code": error.code}
    return {**failure, "detail": error.detail, **error.extra}


def _refusal(
    pk: int,
    comment: Comment | None,
    *,
    actor: Actor,
    batch: list[int],
    target: Comment | None,
    chain: list[int],
    decision: str,
    revision: int | None,
    reopen: bool,
) -> DomainError | ValidationError | None:
    """Why `comment` of `batch` may not get the disposition (None: it may), in check order."""
    if comment is None:
        # An id in the request body, not in the URL: bad input (400), as for any unknown id.
        return ValidationError({"comments": [_("Comment %(pk)s does not exist.") % {"pk": pk}]})
    refusal = (reopen_refusal if reopen else resolve_refusal)(actor, comment)
    if refusal is not None:
        return refusal
    if target is not None and target.pk == comment.pk and len(batch) > 1:
        return ValidationError(
            {
                "duplicate_of": [
                    _(
                        "Comment %(pk)s is the original the others would duplicate; take it out "
                        "of the batch."
                    )
                    % {"pk": comment.pk}
                ]
            }
        )
    try:
        _check_duplicate_target(comment, target, decision, chain)
        _check_revision(comment, revision)
    except ValidationError as error:
        return error
    return None


def _changed(comment: Comment) -> CommentChanged:
    """What changed a comment since the caller read it: its latest recorded change."""
    latest = comment.history.select_related("history_user").order_by("-history_id").first()
    who = latest.history_user.username if latest and latest.history_user else ""
    # The stored reason is data in English ("resolved as noted"): the API body carries it,
    # the sentence a person reads does not.
    what = latest.history_change_reason if latest and latest.history_change_reason else "edited"
    message = (
        _(
            "Comment %(pk)s was changed by %(who)s at %(updated_at)s, since you read it. Read it "
            "again before acting."
        )
        if who
        else _(
            "Comment %(pk)s was changed at %(updated_at)s, since you read it. Read it again "
            "before acting."
        )
    )
    return CommentChanged(
        message % {"pk": comment.pk, "who": who, "updated_at": format_moment(comment.updated_at)},
        changed={
            "comment": comment.pk,
            "what": what,
            "by": who or _("someone"),
            "at": comment.updated_at.isoformat(),
        },
    )


@transaction.atomic
def comments_resolve(
    *,
    comment_ids: list[int],
    user: User,
    decision: str,
    rationale: str = "",
    duplicate_of: int | None = None,
    revision: int | None = None,
    reopen: bool = False,
    unchanged_since: dt.datetime | None = None,
) -> list[Comment]:
    """Give one or many submitted comments one disposition, all or nothing: the one path.

    With `unchanged_since` (when the caller read the comments), a comment changed after that
    moment is refused with who changed it and how, so that two editors never overwrite each
    other unseen.

    Each comment passes the rules of consultation.rules (resolve, or reopen to change a
    disposition) and the checks of the input; any comment at fault refuses the whole batch
    (BatchRejected lists every failing id with its status and reason; a batch of one raises
    that comment's own error). A new disposition clears the organisation's earlier response
    and its settlement (the history keeps both). One UPDATE, one history INSERT and one
    notify_many, whatever the size of the batch.
    """
    ids = list(dict.fromkeys(comment_ids))
    if not ids:
        raise ValidationError({"comments": [_("List at least one comment id.")]})
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            {"comments": [_("Resolve at most %(limit)s comments at once.") % {"limit": MAX_BATCH}]}
        )
    rationale = _check_decision(decision, rationale)
    # Lock in id order so that two overlapping batches cannot deadlock.
    locked = {
        c.pk: c
        for c in Comment.objects.select_for_update(of=("self",))
        .select_related("consultation__guideline")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    visible = set(comments_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    target = _visible_target(user, duplicate_of)
    chain = _duplicate_chain(target) if decision == Decision.DUPLICATE else []
    actor = Actor(user)
    failures = []
    for pk in ids:
        comment = locked.get(pk) if pk in visible else None
        if comment is not None and unchanged_since and comment.updated_at > unchanged_since:
            if len(ids) == 1:
                raise _changed(comment)
            failures.append(_failure(pk, _changed(comment)))
            continue
        refusal = _refusal(
            pk,
            comment,
            actor=actor,
            batch=ids,
            target=target,
            chain=chain,
            decision=decision,
            revision=revision,
            reopen=reopen,
        )
        if refusal is not None:
            if len(ids) == 1:
                raise refusal
            failures.append(_failure(pk, refusal))
    if failures:
        raise BatchRejected(
            f"{len(failures)} of the {len(ids)} comments cannot be resolved, so none was: "
            + " ".join(f["detail"] for f in failures[:10])
            + (" …" if len(failures) > 10 else ""),
            failures=failures,
        )
    comments = [locked[pk] for pk in ids]
    _write_resolution(
        comments,
        user=user,
        decision=decision,
        rationale=rationale,
        target=target,
        revision=revision,
    )
    notify_comments_resolved(comments, actor=user)
    return comments


def _write_resolution(comments, *, user, decision, rationale, target, revision) -> None:
    """The disposition for every comment in one UPDATE, and their history rows in one or two
    INSERTs (a reopened disposition says so in its reason)."""
    now = timezone.now()
    values = {
        "decision": decision,
        "rationale": rationale,
        "duplicate_of": target,
        "resolved_by": user,
        "resolved_at": now,
        "resolved_revision": revision,
        **ANSWER_CLEARED,
        "updated_at": now,
    }
    batch = f" in a batch of {len(comments)}" if len(comments) > 1 else ""
    reopened = [c.pk for c in comments if c.decision]
    fresh = [c.pk for c in comments if not c.decision]
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(**values)
    for ids, prefix in ((fresh, ""), (reopened, "reopened: ")):
        history_record_rows(
            Comment, ids, user_id=user.pk, reason=f"{prefix}resolved as {decision}{batch}", when=now
        )
    for comment in comments:
        for field, value in values.items():
            setattr(comment, field, value)


@transaction.atomic
def comment_respond(*, comment: Comment, user: User, response: str, note: str = "") -> Comment:
    """Record the commenting organisation's answer (satisfied / objection) to the disposition.

    A later answer replaces an earlier one until a coordinator has settled an objection.
    """
    comment = _lock_with_guideline(comment)
    _raise(respond_refusal(Actor(user), comment))
    if response not in Response.values:
        raise ValidationError(
            {
                "response": [
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(Response.values)}
                ]
            }
        )
    note = (note or "").strip()
    if response == Response.OBJECTION and not note:
        raise ValidationError({"note": [_("Say what the organisation objects to.")]})
    comment.response = response
    comment.response_note = note
    comment.responded_at = timezone.now()
    comment.responded_by = user
    _save(
        comment,
        user=user,
        reason=f"organisation {response}",
        fields=["response", "response_note", "responded_at", "responded_by"],
    )
    return comment


@transaction.atomic
def comment_settle(*, comment: Comment, user: User, outcome: str, reason: str) -> Comment:
    """A coordinator's decision on a standing objection: overruled, or upheld.

    Upheld reopens the disposition (decision cleared) so that the editors resolve it again;
    the previous disposition stays in the comment's history.
    """
    comment = _lock_with_guideline(comment)
    _raise(settle_refusal(Actor(user), comment))
    if outcome not in Settlement.values:
        raise ValidationError(
            {
                "outcome": [
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(Settlement.values)}
                ]
            }
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the settlement.")]})
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
