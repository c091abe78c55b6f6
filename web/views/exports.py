"""The disposition of comments in the background: start an export, watch it, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import has_role
from consultation.models import Guideline
from reviews.models import DispositionExport, ExportStatus
from reviews.rules import export_disposition_refusal
from reviews.services.exports import UNFINISHED, disposition_export_request

from ..coordination_forms import ExportForm

# Shown while the job runs: the file is written in one go, so the bar says the phase.
PHASE = {ExportStatus.PENDING: 10, ExportStatus.RUNNING: 50, ExportStatus.DONE: 100}


def _guideline(user, pk: int) -> Guideline:
    guideline = get_object_or_404(Guideline, pk=pk)
    if export_disposition_refusal(user, guideline) is not None:
        raise Http404("No such guideline in your work.")
    return guideline


@login_required
@require_POST
def export_start(request, pk: int):
    """Queue a background export of the guideline's disposition, then watch it."""
    guideline = _guideline(request.user, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Format: choose csv, xlsx or JSON."))
        return redirect("web:guideline", pk=pk)
    export, _created = disposition_export_request(
        guideline=guideline, user=request.user, file_format=form.cleaned_data["format"]
    )
    return redirect("web:export", pk=export.pk)


@login_required
def export_status(request, pk: int):
    """An export's progress; htmx asks for the #export-progress partial every second."""
    export = get_object_or_404(DispositionExport.objects.select_related("guideline"), pk=pk)
    # As the API's status endpoint: the requester or a coordinator, who may still export.
    mine = export.requested_by_id == request.user.pk or has_role(request.user, "coordinator")
    if not mine or export_disposition_refusal(request.user, export.guideline) is not None:
        raise Http404("No disposition export with this id.")
    template = "web/coordination/export.html"
    if request.htmx:
        template += "#progress"
    return render(
        request,
        template,
        {
            "export": export,
            "guideline": export.guideline,
            "unfinished": export.status in UNFINISHED,
            "percent": PHASE.get(export.status, 100),
        },
    )
