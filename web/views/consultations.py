"""Running consultations: open one on a version of a guideline, close one early, reopen one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import Consultation, Guideline
from consultation.rules import coordinator_refusal
from consultation.services.consultations import (
    consultation_close,
    consultation_create,
    consultation_reopen,
)

from ..coordination_forms import ConsultationForm, ReopenForm
from ..forms import add_service_error


@login_required
def consultation_new(request, pk: int):
    """The form of a new consultation on one of the guideline's versions (coordinators)."""
    guideline = get_object_or_404(Guideline, pk=pk)
    refusal = coordinator_refusal(request.user)
    if refusal is not None:
        raise PermissionDenied(refusal.detail)
    form = ConsultationForm(request.POST or None, guideline=guideline)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_create(
                user=request.user, guideline=guideline, **form.cleaned_data
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The consultation is created."))
            return redirect("web:consultation_dashboard", pk=consultation.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "web/coordination/consultation_form.html",
        {"guideline": guideline, "form": form},
        status=status,
    )


@login_required
@require_POST
def consultation_close_now(request, pk: int):
    """Close an open consultation before its planned end."""
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        consultation_close(user=request.user, consultation=consultation)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The consultation is closed."))
    return redirect("web:consultation_dashboard", pk=pk)


@login_required
@require_POST
def consultation_reopen_now(request, pk: int):
    """Reopen a closed consultation until a new closing time, with a reason."""
    consultation = get_object_or_404(Consultation, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("web:consultation_dashboard", pk=pk)
    try:
        consultation_reopen(user=request.user, consultation=consultation, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.detail)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consultation is open again; the invited are told."))
    return redirect("web:consultation_dashboard", pk=pk)
