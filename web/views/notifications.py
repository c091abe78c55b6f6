"""The person's notifications, marking them read, and the e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.models import Notification
from notifications.selectors import email_preference_of, notifications_for
from notifications.services import inbox

from ..forms import PreferenceForm
from ..links import target_url

PAGE_SIZE = 30


@login_required
def notification_list(request):
    """My notifications, newest first, one keyset page at a time."""
    before = request.GET.get("before")
    queryset = notifications_for(request.user)
    if before and before.isdigit():
        queryset = queryset.filter(id__lt=int(before))
    rows = list(queryset[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render(
        request,
        "web/notifications.html",
        {
            "notifications": [(n, target_url(n.target_type, n.target_id)) for n in rows],
            "next_before": rows[-1].pk if more else None,
            "form": PreferenceForm(initial={"email": email_preference_of(request.user)}),
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of my notifications read and go to what it is about."""
    try:
        notification = notifications_for(request.user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("No such notification.") from None
    inbox.notification_mark_read(notification=notification)
    return redirect(target_url(notification.target_type, notification.target_id))


@login_required
@require_POST
def notification_read_all(request):
    """Mark all my notifications read."""
    count = inbox.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("web:notifications")


@login_required
@require_POST
def preference(request):
    """Choose how notifications reach me by e-mail."""
    form = PreferenceForm(request.POST)
    if form.is_valid():
        inbox.preference_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Your e-mail preference is saved."))
    else:
        messages.error(request, _("Choose one of the e-mail options."))
    return redirect("web:notifications")
