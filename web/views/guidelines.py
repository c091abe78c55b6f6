"""A guideline's page: its stage, versions and consultations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from consultation.models import Guideline
from consultation.rules import can_edit_guideline
from reviews.rules import guideline_allowed_actions


@login_required
def guideline_detail(request, pk: int):
    """What a guideline is, where it stands, and its consultations."""
    guideline = get_object_or_404(Guideline, pk=pk)
    return render(
        request,
        "web/guideline.html",
        {
            "guideline": guideline,
            "may_edit": can_edit_guideline(request.user, guideline),
            "actions": guideline_allowed_actions(request.user, guideline),
            "versions": list(guideline.versions.order_by("created_at", "id")),
            "sections": list(guideline.sections.order_by("sort_key").only("number", "heading")),
            "consultations": list(guideline.consultations.order_by("-opens_at", "id")),
        },
    )
