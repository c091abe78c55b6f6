"""Update requests of a guideline: member states file and support, coordinators decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import Guideline, UpdateRequest
from consultation.rules import Actor, file_update_request_refusal, update_request_allowed_actions
from consultation.services import update_requests as services

from ..forms import DecisionReasonForm, UpdateRequestForm, add_service_error


def _render(request, guideline, form=None, status=200):
    actor = Actor(request.user)
    requests = list(
        UpdateRequest.objects.filter(guideline=guideline)
        .select_related("organisation", "filed_by", "decided_by")
        .prefetch_related("supporters")
        .order_by("status", "-created_at", "-id")
    )
    return render(
        request,
        "web/update_requests.html",
        {
            "guideline": guideline,
            "requests": [(r, update_request_allowed_actions(actor, r)) for r in requests],
            "may_file": file_update_request_refusal(actor) is None,
            "form": form or UpdateRequestForm(),
            "decision_form": DecisionReasonForm(),
        },
        status=status,
    )


@login_required
def update_requests(request, pk: int):
    """The requests that the guideline be revised, and the form to file one."""
    guideline = get_object_or_404(Guideline, pk=pk)
    if request.method != "POST":
        return _render(request, guideline)
    form = UpdateRequestForm(request.POST)
    if form.is_valid():
        try:
            services.update_request_file(
                user=request.user, guideline=guideline, rationale=form.cleaned_data["rationale"]
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your organisation's update request is filed."))
            return redirect("web:update_requests", pk=pk)
    return _render(request, guideline, form=form, status=400)


@login_required
@require_POST
def update_request_act(request, pk: str, action: str):
    """Support, accept or decline one request."""
    update_request = get_object_or_404(UpdateRequest, pk=pk)
    reason = DecisionReasonForm(request.POST)
    reason.is_valid()
    try:
        if action == "support":
            services.update_request_support(user=request.user, update_request=update_request)
        elif action == "accept":
            services.update_request_accept(
                user=request.user,
                update_request=update_request,
                reason=reason.cleaned_data.get("reason", ""),
            )
        else:
            services.update_request_decline(
                user=request.user,
                update_request=update_request,
                reason=reason.cleaned_data.get("reason", ""),
            )
    except DomainError as error:
        messages.error(request, error.detail)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done: the request is updated."))
    return redirect("web:update_requests", pk=update_request.guideline_id)
