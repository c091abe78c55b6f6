"""E-mails that failed after their last attempt: the list, and sending one again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import IsCoordinator
from notifications.selectors import failed_deliveries
from notifications.services import delivery_requeue

PAGE_SIZE = 100


def _allowed(request) -> None:
    """The API's rule for failed deliveries: coordinators only."""
    if not IsCoordinator().has_permission(request, None):
        raise PermissionDenied(_("Only coordinators see failed e-mail deliveries."))


@login_required
def deliveries(request):
    """The newest failed deliveries, each with its error and a retry button."""
    _allowed(request)
    return render(
        request,
        "web/coordination/deliveries.html",
        {"deliveries": list(failed_deliveries()[:PAGE_SIZE])},
    )


@login_required
@require_POST
def delivery_retry(request, pk: int):
    """Give a failed e-mail a fresh set of attempts and send it now."""
    _allowed(request)
    delivery = delivery_requeue(delivery=get_object_or_404(failed_deliveries(), pk=pk))
    messages.success(
        request, _("The e-mail to %(address)s is queued again.") % {"address": delivery.to_address}
    )
    return redirect("web:deliveries")
