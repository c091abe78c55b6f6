"""A guideline's stages: the path as steps, the next moves with their blockers, the log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import Guideline, Stage
from consultation.rules import can_edit_guideline
from reviews.rules import guideline_allowed_actions
from reviews.selectors import transition_preview, transitions_of
from reviews.services import guideline_transition

from ..coordination_forms import TransitionForm
from ..forms import add_service_error
from .dashboard import queue_url

# The stage path drawn as steps; going back to drafting is a move, not a step.
PATH = [
    Stage.DRAFTING,
    Stage.CONSULTATION,
    Stage.RESOLUTION,
    Stage.EXPERT_REVIEW,
    Stage.APPROVAL,
    Stage.PUBLISHED,
]


def _guideline(user, pk: int) -> Guideline:
    guideline = get_object_or_404(Guideline, pk=pk)
    if not can_edit_guideline(user, guideline):
        raise Http404("No such guideline in your work.")
    return guideline


def _blocker_links(guideline: Guideline, blocker: dict) -> list[tuple[str, str]]:
    """(label, URL) of the places where a blocker is dealt with."""
    kind = blocker["kind"]
    if kind == "unresolved_comments":
        return [
            (
                _("The comments without a disposition"),
                queue_url(guideline.pk, status="submitted", resolved="false"),
            )
        ]
    if kind == "consultation_open":
        return [
            (
                _("The consultation"),
                reverse("web:consultation_dashboard", args=[blocker["consultation"]]),
            )
        ]
    if kind in {"approvals_missing", "approver_objection"}:
        return [(_("The approvals"), reverse("web:approvals", args=[guideline.pk]))]
    if kind == "standing_objection":
        return [
            (_("Settle comment %(id)s") % {"id": pk}, reverse("web:comment_settle", args=[pk]))
            for pk in blocker["comments"][:20]
        ]
    if kind == "no_version":
        return [(_("Versions"), reverse("web:versions", args=[guideline.pk]))]
    return [(_("The guideline"), reverse("web:guideline", args=[guideline.pk]))]


def _render(request, guideline: Guideline, *, failed: str = "", form=None, status=200):
    preview = transition_preview(guideline)
    may_move = "transition" in guideline_allowed_actions(request.user, guideline)
    moves = [
        {
            "to": move["to"],
            "label": Stage(move["to"]).label,
            "blockers": [
                {**blocker, "links": _blocker_links(guideline, blocker)}
                for blocker in move["blockers"]
            ],
            "form": form if move["to"] == failed else TransitionForm(prefix=move["to"]),
        }
        for move in preview["moves"]
    ]
    current = PATH.index(guideline.stage)
    return render(
        request,
        "web/coordination/stages.html",
        {
            "guideline": guideline,
            "steps": [
                {"stage": stage, "label": stage.label, "done": i < current, "current": i == current}
                for i, stage in enumerate(PATH)
            ],
            "moves": moves,
            "may_move": may_move,
            "form": form,
            "log": list(transitions_of(guideline)[:100]),
        },
        status=status,
    )


@login_required
def stages(request, pk: int):
    """The stage path, the next moves and what blocks each, and the transition log."""
    return _render(request, _guideline(request.user, pk))


@login_required
@require_POST
def stage_move(request, pk: int):
    """Move the guideline to the stage posted in `to`, with the reason typed for that move."""
    guideline = _guideline(request.user, pk)
    to = request.POST.get("to", "")
    if to not in Stage.values:
        return HttpResponseBadRequest(_("To: choose one of the stages the page offers."))
    form = TransitionForm(request.POST, prefix=to)
    if form.is_valid():
        try:
            guideline_transition(
                guideline=guideline, to=to, user=request.user, reason=form.cleaned_data["reason"]
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The guideline moved to %(stage)s.") % {"stage": Stage(to).label}
            )
            return redirect("web:stages", pk=pk)
    return _render(request, guideline, failed=to, form=form, status=400)
