"""The approval page of a guideline: what is signed, the others' decisions, my decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_role
from common.errors import DomainError
from consultation.models import Decision, Guideline, Stage
from reviews.dashboard.selectors import UNRESOLVED, dashboard_summary
from reviews.models import ApprovalDecision
from reviews.rules import guideline_allowed_actions
from reviews.selectors import approvals_current
from reviews.services import approval_record

from ..coordination_forms import ApprovalForm
from ..forms import add_service_error


def guidelines_to_approve(user) -> list[Guideline]:
    """The guidelines in approval, for an approver (none for anyone else)."""
    if not has_role(user, "approver"):
        return []
    return list(Guideline.objects.filter(stage=Stage.APPROVAL).order_by("title"))


def _initial(mine) -> dict | None:
    return {"decision": mine.decision, "comment": mine.comment} if mine else None


def _render(request, guideline: Guideline, *, form=None, status=200):
    user = request.user
    approvals = list(approvals_current(guideline))
    mine = next((a for a in approvals if a.approver_id == user.pk), None)
    approved = sum(1 for a in approvals if a.decision == ApprovalDecision.APPROVE)
    comments = dashboard_summary(guideline_id=guideline.pk)["guidelines"][0]
    by_decision = comments["comments"]["by_decision"]
    actions = guideline_allowed_actions(user, guideline)
    return render(
        request,
        "web/coordination/approvals.html",
        {
            "guideline": guideline,
            "version": guideline.versions.order_by("-created_at", "-id").first(),
            "approvals": approvals,
            "mine": mine,
            "approved": approved,
            "still_needed": max(0, guideline.required_approvals - approved),
            "decisions": [
                (label, by_decision.get(value, 0))
                for value, label in [*Decision.choices, (UNRESOLVED, _("Not resolved"))]
            ],
            "objections": comments["standing_objections"],
            "may_decide": "approve" in actions,
            "may_export": "export_disposition" in actions,
            "form": form or ApprovalForm(initial=_initial(mine)),
        },
        status=status,
    )


@login_required
def approvals(request, pk: int):
    """The guideline's approval round as it stands."""
    return _render(request, get_object_or_404(Guideline, pk=pk))


@login_required
@require_POST
def approval_decide(request, pk: int):
    """Record (or replace) the signed-in approver's decision."""
    guideline = get_object_or_404(Guideline, pk=pk)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            approval_record(
                guideline=guideline,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("web:approvals", pk=pk)
    return _render(request, guideline, form=form, status=400)
