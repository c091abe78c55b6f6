"""A guideline's editors (coordinators): who edits it, with their open assignments; add, remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import CommentStatus, Guideline
from consultation.rules import editors_refusal
from consultation.services.guidelines import guideline_editor_add, guideline_editor_remove

from ..coordination_forms import EditorForm
from ..forms import add_service_error
from .dashboard import queue_url


def _allowed(user) -> None:
    refusal = editors_refusal(user)
    if refusal is not None:
        raise PermissionDenied(refusal.detail)


def _editors(guideline: Guideline) -> list[dict]:
    """The guideline's editors with their unresolved assignments on it (one query)."""
    open_work = Q(
        assigned_comments__consultation__guideline=guideline,
        assigned_comments__status=CommentStatus.SUBMITTED,
        assigned_comments__resolved_at__isnull=True,
    )
    editors = guideline.editors.annotate(
        open_assignments=Count("assigned_comments", filter=open_work)
    ).order_by("last_name", "first_name", "username")
    return [
        {
            "person": editor,
            "open": editor.open_assignments,
            "queue": queue_url(guideline.pk, assignee=editor.pk, resolved="false"),
        }
        for editor in editors
    ]


@login_required
def guideline_editors(request, pk: int):
    """The guideline's editors and the form that assigns another (coordinators)."""
    _allowed(request.user)
    guideline = get_object_or_404(Guideline, pk=pk)
    form = EditorForm(request.POST or None, guideline=guideline)
    if request.method == "POST" and form.is_valid():
        editor = form.cleaned_data["editor"]
        try:
            guideline_editor_add(guideline=guideline, editor=editor, user=request.user)
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now edits this guideline.")
                % {"name": editor.get_full_name() or editor.username},
            )
            return redirect("web:guideline_editors", pk=pk)
    return render(
        request,
        "web/coordination/editors.html",
        {"guideline": guideline, "editors": _editors(guideline), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def guideline_editor_remove_page(request, pk: int, user_id: int):
    """Take an editor off the guideline; their open assignments stay, to be reassigned."""
    _allowed(request.user)
    guideline = get_object_or_404(Guideline, pk=pk)
    editor = get_object_or_404(guideline.editors, pk=user_id)
    try:
        guideline_editor_remove(guideline=guideline, editor=editor, user=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(name)s no longer edits this guideline.")
            % {"name": editor.get_full_name() or editor.username},
        )
    return redirect("web:guideline_editors", pk=pk)
