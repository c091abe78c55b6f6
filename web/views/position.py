"""Our organisation's position: the drafts tray, the check before submitting, the submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import CommentStatus
from consultation.rules import Actor, comment_allowed_actions, comment_refusal, submit_all_refusal
from consultation.selectors.workspace import organisation_position
from consultation.services import comments as comment_services

from ..forms import SubmitForm
from .reading import _consultation


def _position_context(request, pk: int) -> dict:
    consultation = _consultation(pk)
    comments = organisation_position(request.user, consultation)
    actor = Actor(request.user)
    return {
        "consultation": consultation,
        "drafts": [c for c in comments if c.status == CommentStatus.DRAFT],
        "submitted": [c for c in comments if c.status == CommentStatus.SUBMITTED],
        "withdrawn": [c for c in comments if c.status == CommentStatus.WITHDRAWN],
        "actions": {c.pk: comment_allowed_actions(actor, c) for c in comments},
        "focal_point": actor.focal_point,
        "may_submit": submit_all_refusal(actor, consultation) is None,
        "refusal": comment_refusal(actor, consultation),
    }


@login_required
def position(request, pk: int):
    """The tray of my organisation's comments in this consultation, grouped by status."""
    return render(request, "web/position.html", _position_context(request, pk))


@login_required
def position_check(request, pk: int):
    """Check before you submit: every draft, to submit all or some."""
    return render(request, "web/position_check.html", _position_context(request, pk))


@login_required
@require_POST
def position_submit(request, pk: int):
    """Submit the chosen drafts as the organisation's position."""
    consultation = _consultation(pk)
    drafts = [
        c
        for c in organisation_position(request.user, consultation)
        if c.status == CommentStatus.DRAFT
    ]
    form = SubmitForm(request.POST, drafts=drafts)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["comments"]))
        return redirect("web:position_check", pk=pk)
    try:
        ids = comment_services.comments_submit_all(
            user=request.user, consultation=consultation, only=form.cleaned_data["comments"]
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("web:position_check", pk=pk)
    messages.success(
        request,
        _("%(count)s comments submitted as the position of %(organisation)s.")
        % {"count": len(ids), "organisation": request.user.organisation},
    )
    return redirect("web:position", pk=pk)
