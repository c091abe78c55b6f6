"""The disposition of comments in the background: start an export, watch it, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultation.models import Guideline
from reviews.models import DispositionExport, ExportStatus
from reviews.rules import export_disposition_refusal, export_job_refusal
from reviews.services.exports import UNFINISHED, disposition_export_request

from ..coordination_forms import ExportForm


def _guideline(user, pk: int) -> Guideline:
    guideline = get_object_or_404(Guideline, pk=pk)
    if export_disposition_refusal(user, guideline) is not None:
        raise Http404("No such guideline in your work.")
    return guideline


def percent_done(export: DispositionExport) -> int:
    """The share of the rows written, 0-100 (100 once done; 0 before the rows are counted)."""
    if export.status == ExportStatus.DONE:
        return 100
    if not export.rows_total:
        return 0
    return min(100, 100 * export.rows_done // export.rows_total)


@login_required
@require_POST
def export_start(request, pk: int):
    """Queue a background export of the guideline's disposition, then watch it."""
    guideline = _guideline(request.user, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Format: choose csv, xlsx, docx or JSON."))
        return redirect("web:guideline", pk=pk)
    export, _created = disposition_export_request(
        guideline=guideline, user=request.user, file_format=form.cleaned_data["format"]
    )
    return redirect("web:export", pk=export.pk)


@login_required
def export_status(request, pk: int):
    """An export's progress; htmx asks for the #export-progress partial every second."""
    export = get_object_or_404(DispositionExport.objects.select_related("guideline"), pk=pk)
    # The API's rule for its status endpoint; the page answers 404 for every refusal.
    if export_job_refusal(request.user, export) is not None:
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
            "percent": percent_done(export),
        },
    )
