"""Revising a section: the editor with its conflict view, the history with diffs, revert."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError, StaleRevision
from consultation.diffing import word_changes
from consultation.models import Section
from consultation.rules import section_allowed_actions
from consultation.selectors.documents import section_diff, section_history
from consultation.services import documents as document_services

from ..forms import RevertForm, SectionForm, add_service_error


def _section(user, pk: int, action: str) -> Section:
    """The section, if the person may take `action` on it (404 otherwise: not their work)."""
    section = get_object_or_404(Section.objects.select_related("guideline"), pk=pk)
    if action not in section_allowed_actions(user, section):
        raise Http404("No such section in your work.")
    return section


@login_required
def section_edit(request, pk: int):
    """Edit heading and body; when someone saved first, show both texts and their difference."""
    section = _section(request.user, pk, "edit")
    initial = {"heading": section.heading, "body": section.body, "revision": section.revision}
    form = SectionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_services.section_update(
                section=section,
                user=request.user,
                expected_revision=data["revision"],
                heading=data["heading"],
                body=data["body"],
                change_reason=data["change_reason"],
            )
        except StaleRevision:
            section.refresh_from_db()
            conflict = {
                "theirs": section,
                "changes": word_changes(section.body, data["body"]),
            }
            # Mine stays in the form, now based on their revision: saving again merges.
            form = SectionForm(initial={**data, "revision": section.revision})
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Section %(number)s saved.") % {"number": section.number})
            return redirect("web:section_history", pk=pk)
    return render(
        request,
        "web/section_edit.html",
        {"section": section, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def section_history_page(request, pk: int):
    """Every revision, and the word-level difference between any two of them."""
    section = _section(request.user, pk, "edit")
    revisions = list(section_history(section))
    numbers = [r.revision for r in revisions]
    to = _revision_param(request.GET.get("to"), numbers, default=section.revision)
    frm = _revision_param(request.GET.get("from"), numbers, default=max(1, to - 1))
    diff = None
    if frm != to:
        try:
            diff = section_diff(section, from_revision=frm, to_revision=to)["changes"]
        except (DomainError, ValidationError, LookupError):
            diff = None
    return render(
        request,
        "web/section_history.html",
        {"section": section, "revisions": revisions, "from": frm, "to": to, "diff": diff},
    )


def _revision_param(value, numbers: list[int], *, default: int) -> int:
    return int(value) if value and value.isdigit() and int(value) in numbers else default


@login_required
@require_POST
def section_revert(request, pk: int):
    """Make a new revision with an earlier revision's text (against the revision shown)."""
    section = _section(request.user, pk, "revert")
    form = RevertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a revision to go back to."))
        return redirect("web:section_history", pk=pk)
    try:
        document_services.section_revert(
            section=section,
            user=request.user,
            revision=form.cleaned_data["revision"],
            change_reason=form.cleaned_data["change_reason"],
            expected_revision=form.cleaned_data["expected_revision"],
        )
    except StaleRevision:
        messages.error(
            request,
            _("Someone saved the section since you opened its history; look again, then revert."),
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, getattr(error, "detail", None) or " ".join(error.messages))
    else:
        messages.success(
            request, _("Reverted to revision %(n)s.") % {"n": form.cleaned_data["revision"]}
        )
    return redirect("web:section_history", pk=pk)
