"""One comment: its passage, disposition (with the change that applied it), thread, response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.comment_shape import comment_current_anchor
from consultation.models import VersionSection
from consultation.rules import is_assigned_editor
from consultation.selectors.documents import section_diff, section_history
from consultation.services import comments as comment_services
from reviews.selectors import comments_similar_to
from reviews.services import comments as review_services

from ..forms import (
    AssignForm,
    ReplyForm,
    ResolveForm,
    ResponseForm,
    add_service_error,
    read_again,
)
from .actions import comment_actions
from .commenting import _visible_comment


def _applied_change(comment) -> list[dict] | None:
    """The word-level diff of the revision that applied the comment, if one is linked."""
    revision = comment.resolved_revision
    if not (revision and comment.section_id and revision > 1):
        return None
    try:
        diff = section_diff(comment.section, from_revision=revision - 1, to_revision=revision)
    except (DomainError, ValidationError, LookupError):
        return None
    return diff["changes"]


def _editing(user, comment, resolve_form=None) -> dict:
    """What an editor of the guideline sees beside the comment: the passage in the current
    text, the consulted text, similar comments and the resolve form."""
    if not is_assigned_editor(user, comment.consultation.guideline_id):
        return {}
    state, start, end = comment_current_anchor(comment)
    consulted = (
        VersionSection.objects.filter(
            version_id=comment.consultation.version_id, section_key=comment.section_id
        )
        .values_list("body", flat=True)
        .first()
    )
    revisions = list(section_history(comment.section)[:50]) if comment.section_id else []
    similar = comments_similar_to(comment, user=user) if comment.status == "submitted" else []
    return {
        "editing": True,
        "anchor_state": state,
        "current_marks": [(start, end, comment.anchor_quote)] if start is not None else [],
        "consulted_text": consulted,
        "similar": similar,
        "resolve_form": resolve_form
        or ResolveForm(
            revisions=revisions,
            initial={
                "decision": comment.decision,
                "rationale": comment.rationale,
                "revision": comment.resolved_revision,
                "duplicate_of": comment.duplicate_of_id,
                "seen": comment.updated_at,
            },
        ),
    }


def _render(
    request,
    comment,
    *,
    reply_form=None,
    response_form=None,
    resolve_form=None,
    assign_form=None,
    status=200,
):
    return render(
        request,
        "web/comment.html",
        {
            **_editing(request.user, comment, resolve_form),
            "comment": comment,
            "actions": comment_actions(request.user, [comment])[comment.pk],
            "replies": list(
                comment.replies.select_related("author__organisation").order_by("created_at", "id")
            ),
            "applied": _applied_change(comment),
            "reply_form": reply_form or ReplyForm(),
            "assign_form": assign_form
            or AssignForm(
                guideline=comment.consultation.guideline,
                initial={"editor": comment.assignee_id, "due_at": comment.due_at},
            ),
            "response_form": response_form
            or ResponseForm(initial={"response": comment.response, "note": comment.response_note}),
        },
        status=status,
    )


@login_required
def comment_detail(request, pk: int):
    """A comment the person may read (404 otherwise)."""
    return _render(request, _visible_comment(request.user, pk))


@login_required
@require_POST
def comment_reply(request, pk: int):
    """Add a reply to the comment's thread."""
    comment = _visible_comment(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            comment_services.reply_create(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Reply posted."))
            return redirect("web:comment", pk=pk)
    return _render(request, comment, reply_form=form, status=400)


@login_required
@require_POST
def comment_respond(request, pk: int):
    """Record the organisation's response to the disposition."""
    comment = _visible_comment(request.user, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            review_services.comment_respond(
                comment=comment,
                user=request.user,
                response=form.cleaned_data["response"],
                note=form.cleaned_data["note"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your organisation's response is recorded."))
            return redirect("web:comment", pk=pk)
    return _render(request, comment, response_form=form, status=400)


@login_required
@require_POST
def comment_resolve(request, pk: int):
    """Record (or, with reopen, change) the disposition of a comment."""
    comment = _visible_comment(request.user, pk)
    revisions = list(section_history(comment.section)[:50]) if comment.section_id else []
    form = ResolveForm(request.POST, revisions=revisions)
    if form.is_valid():
        try:
            review_services.comment_resolve(
                comment=comment,
                user=request.user,
                decision=form.cleaned_data["decision"],
                rationale=form.cleaned_data["rationale"],
                duplicate_of=form.cleaned_data["duplicate_of"],
                revision=form.cleaned_data["revision"],
                reopen=form.cleaned_data["reopen"],
                unchanged_since=form.cleaned_data["seen"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
            read_again(form, "seen")
        else:
            messages.success(
                request, _("The disposition of comment %(id)s is recorded.") % {"id": pk}
            )
            return redirect("web:comment", pk=pk)
    return _render(request, comment, resolve_form=form, status=400)


@login_required
@require_POST
def comment_assign(request, pk: int):
    """Hand the comment to an editor of its guideline, optionally by a date."""
    comment = _visible_comment(request.user, pk)
    form = AssignForm(request.POST, guideline=comment.consultation.guideline)
    if form.is_valid():
        try:
            review_services.comment_assign(
                comment=comment,
                editor=form.cleaned_data["editor"],
                user=request.user,
                due_at=form.cleaned_data["due_at"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Assigned to %(editor)s.") % {"editor": form.cleaned_data["editor"]}
            )
            return redirect("web:comment", pk=pk)
    return _render(request, comment, assign_form=form, status=400)
