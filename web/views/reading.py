"""Reading the consulted text, with the organisation's comments in place."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from consultation.models import Consultation
from consultation.rules import comment_refusal, consultation_allowed_actions
from consultation.selectors.documents import version_sections_with_depth
from consultation.selectors.workspace import (
    own_passages,
    section_comment_counts,
    section_comments_page,
)

from .actions import comment_actions

PAGE_SIZE = 20


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("guideline", "version").prefetch_related(
            "invited_organisations"
        ),
        pk=pk,
    )


@login_required
def consultation_read(request, pk: int):
    """The consulted version: table of contents, each section's text, our passages marked."""
    consultation = _consultation(pk)
    counts = section_comment_counts(request.user, consultation)
    passages = own_passages(request.user, consultation)
    sections = [
        (row, depth, counts.get(row.section_key, 0), passages.get(row.section_key, []))
        for row, depth in version_sections_with_depth(consultation.version)
    ]
    return render(
        request,
        "web/consultation.html",
        {
            "consultation": consultation,
            "sections": sections,
            "refusal": comment_refusal(request.user, consultation),
            "consultation_actions": consultation_allowed_actions(request.user, consultation),
        },
    )


@login_required
def section_comments(request, pk: int, section_id: int):
    """One page of the comments on a section (the fragment the reading page loads lazily)."""
    consultation = _consultation(pk)
    after = request.GET.get("after")
    rows = section_comments_page(
        request.user,
        consultation,
        section_id,
        after=int(after) if after and after.isdigit() else None,
        size=PAGE_SIZE,
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render(
        request,
        "web/consultation.html#section-comments",
        {
            "consultation": consultation,
            "section_id": section_id,
            "comments": rows,
            "actions": comment_actions(request.user, rows),
            "next_after": rows[-1].pk if more else None,
        },
    )
