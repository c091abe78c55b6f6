"""Home: what needs the signed-in person now."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.permissions import has_role
from consultation.selectors.workspace import (
    consultations_for,
    dispositions_awaiting_response,
    guidelines_in_work,
    organisation_counts,
)
from notifications.selectors import notifications_for

from .approvals import guidelines_to_approve


@login_required
def home(request):
    """Consultations of my organisation, dispositions awaiting our answer, what is unread."""
    user = request.user
    delegate = bool(has_role(user, "delegate") and user.organisation_id)
    counts = organisation_counts(user.organisation_id if delegate else None)
    consultations = [(c, counts[c.pk]) for c in consultations_for(user)]
    return render(
        request,
        "web/home.html",
        {
            "delegate": delegate,
            "consultations": consultations,
            "awaiting": list(dispositions_awaiting_response(user)) if delegate else [],
            "unread": list(notifications_for(user).filter(read_at__isnull=True)[:10]),
            "guidelines": guidelines_in_work(user),
            "to_approve": guidelines_to_approve(user),
        },
    )
