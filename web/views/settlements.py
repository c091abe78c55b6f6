"""Settling an organisation's standing objection to a disposition (coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.errors import DomainError
from reviews.services.comments import comment_settle

from ..coordination_forms import SettleForm
from ..forms import add_service_error
from .actions import comment_actions
from .commenting import _visible_comment


@login_required
def comment_settle_page(request, pk: int):
    """The objection beside the disposition, and the settlement form when it may be settled."""
    comment = _visible_comment(request.user, pk)
    form = SettleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_settle(
                comment=comment,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The objection to comment %(id)s is settled.") % {"id": pk})
            return redirect("web:guideline_dashboard", pk=comment.consultation.guideline_id)
    return render(
        request,
        "web/coordination/settle.html",
        {
            "comment": comment,
            "may_settle": "settle" in comment_actions(request.user, [comment])[comment.pk],
            "form": form,
        },
        status=400 if form.errors else 200,
    )
