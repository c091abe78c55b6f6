"""Drafting a comment on a section or a passage of it, and editing or discarding a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import DomainError
from consultation.models import Comment, Section, VersionSection
from consultation.rules import comment_refusal
from consultation.selectors.comments import comment_get_visible
from consultation.services import comments as comment_services

from ..forms import CommentForm, add_service_error
from .reading import _consultation


def _frozen_section(consultation, section_id) -> VersionSection:
    """The consulted text of a section (404 when the version has no such section)."""
    try:
        return VersionSection.objects.get(
            version_id=consultation.version_id, section_key=section_id
        )
    except (VersionSection.DoesNotExist, ValueError, TypeError):
        raise Http404("No such section in the consulted version.") from None


def _visible_comment(user, pk) -> Comment:
    try:
        return comment_get_visible(user, pk)
    except Comment.DoesNotExist:
        raise Http404("No such comment.") from None


@login_required
def comment_new(request, pk: int):
    """The comment form for a section (GET carries the passage the reader selected)."""
    consultation = _consultation(pk)
    source = request.POST if request.method == "POST" else request.GET
    frozen = _frozen_section(consultation, source.get("section"))
    form = CommentForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_services.comment_create(
                user=request.user,
                consultation=consultation,
                section=Section.objects.filter(pk=frozen.section_key).first(),
                anchor=form.anchor(),
                **form.fields_for_service(),
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Draft %(id)s saved for %(organisation)s.")
                % {"id": comment.pk, "organisation": request.user.organisation},
            )
            return redirect(
                f"{reverse('web:consultation', args=[pk])}#section-{frozen.section_key}"
            )
    return render(
        request,
        "web/comment_form.html",
        {
            "consultation": consultation,
            "frozen": frozen,
            "form": form,
            "quote": (form.data if form.is_bound else form.initial).get("quote", ""),
            "refusal": comment_refusal(request.user, consultation),
        },
    )


@login_required
def comment_edit(request, pk: int):
    """Edit a draft of my organisation."""
    comment = _visible_comment(request.user, pk)
    consultation = _consultation(comment.consultation_id)
    initial = {
        "type": comment.type,
        "body": comment.body,
        "proposed_change": comment.proposed_change,
        "line": comment.line,
        "paragraph": comment.paragraph,
    }
    form = CommentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_update(
                user=request.user, comment=comment, data=form.fields_for_service()
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Draft %(id)s saved.") % {"id": comment.pk})
            return redirect("web:position", pk=consultation.pk)
    frozen = _frozen_section(consultation, comment.section_id) if comment.section_id else None
    return render(
        request,
        "web/comment_form.html",
        {
            "consultation": consultation,
            "frozen": frozen,
            "form": form,
            "comment": comment,
            "quote": comment.anchor_quote,
            "refusal": comment_refusal(request.user, consultation),
        },
    )


@login_required
@require_POST
def comment_withdraw(request, pk: int):
    """Discard a draft or withdraw a submitted comment (kept, marked withdrawn)."""
    comment = _visible_comment(request.user, pk)
    try:
        comment_services.comment_withdraw(user=request.user, comment=comment)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Comment %(id)s withdrawn.") % {"id": comment.pk})
    return redirect("web:position", pk=comment.consultation_id)
