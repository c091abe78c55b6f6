"""A guideline's versions: cut a named version, compare two section by section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.errors import DomainError
from consultation.models import Guideline
from consultation.selectors.documents import version_compare, version_detail
from consultation.services import documents as document_services
from reviews.rules import guideline_allowed_actions
from reviews.selectors import comments_answered_between

from ..forms import VersionForm, add_service_error


@login_required
def versions(request, pk: int):
    """The versions of a guideline, the form to cut one, and a comparison of two."""
    guideline = get_object_or_404(Guideline, pk=pk)
    actions = guideline_allowed_actions(request.user, guideline)
    if "cut_version" not in actions:
        raise Http404("No such guideline in your work.")
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = document_services.version_freeze(
                guideline=guideline, label=form.cleaned_data["label"], user=request.user
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Version “%(label)s” cut.") % {"label": version.label})
            return redirect("web:versions", pk=pk)
    listed = list(version_detail().filter(guideline=guideline).order_by("created_at", "id"))
    by_id = {v.pk: v for v in listed}
    old, new = _pick(request.GET.get("from"), by_id), _pick(request.GET.get("to"), by_id)
    comparison = version_compare(old, new) if old and new and old != new else None
    if comparison:
        spans = {
            change["section"]: (change["revision"]["from"], change["revision"]["to"])
            for change in comparison["changed"]
        }
        answered = comments_answered_between(request.user, spans)
        for change in comparison["changed"]:
            change["answered"] = answered.get(change["section"], [])
    return render(
        request,
        "web/versions.html",
        {
            "guideline": guideline,
            "versions": listed,
            "form": form,
            "comparison": comparison,
            "old": old,
            "new": new,
        },
    )


def _pick(value, by_id):
    return by_id.get(int(value)) if value and value.isdigit() else None
