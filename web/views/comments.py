"""One comment: its passage, disposition (with the change that applied it), thread, response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.selectors.documents import section_diff
from consultation.services import comments as comment_services
from reviews.services import comments as review_services

from ..forms import ReplyForm, ResponseForm, add_service_error
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


def _render(request, comment, *, reply_form=None, response_form=None, status=200):
    return render(
        request,
        "web/comment.html",
        {
            "comment": comment,
            "actions": comment_actions(request.user, [comment])[comment.pk],
            "replies": list(
                comment.replies.select_related("author__organisation").order_by("created_at", "id")
            ),
            "applied": _applied_change(comment),
            "reply_form": reply_form or ReplyForm(),
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
