"""People (coordinators): the list, an invitation by e-mail, roles, deactivation, unlocking.

Changes go through the API's UserSerializer, so the web and the API apply one set of rules
(a delegate has an organisation, one focal point per organisation, ...).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import IsCoordinator
from accounts.serializers import UserSerializer
from accounts.services import (
    invitation_password,
    user_deactivate,
    user_invite_email,
    user_unlock,
    user_update,
)
from common.errors import DomainError

from ..coordination_forms import InviteForm, PersonForm
from ..forms import add_service_error

PAGE_SIZE = 200


def _allowed(request) -> None:
    """The API's rule for changing people: coordinators only."""
    if not IsCoordinator().has_permission(request, None):
        raise PermissionDenied(_("Only coordinators manage people."))


def _locked() -> set[str]:
    """Usernames locked out by failed sign-ins (one query)."""
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )


def _api_data(cleaned: dict) -> dict:
    """The form's data as the API's serializer takes it (the organisation by id)."""
    return {**cleaned, "organisation": getattr(cleaned.get("organisation"), "pk", None)}


def _save(form, serializer, save=None) -> User | None:
    """Validate with the API's serializer and save (`save(validated)`, else the serializer's);
    its refusals and the service's become the form's errors."""
    if serializer.is_valid():
        try:
            return save(serializer.validated_data) if save else serializer.save()
        except DomainError as error:
            add_service_error(form, error)
            return None
    for field, errors in serializer.errors.items():
        form.add_error(field if field in form.fields else None, [str(e) for e in errors])
    return None


@login_required
def people(request):
    """Everyone, with organisation, roles, focal point, and who is inactive or locked out."""
    _allowed(request)
    return render(
        request,
        "web/coordination/people.html",
        {
            "people": list(
                User.objects.select_related("organisation").order_by("username")[:PAGE_SIZE]
            ),
            "locked": _locked(),
        },
    )


@login_required
def person_invite(request):
    """Create a person and e-mail them a link to set their password."""
    _allowed(request)
    # From an organisation's page: a delegate of that organisation, unless changed.
    organisation = request.GET.get("organisation", "")
    initial = (
        {"organisation": organisation, "roles": ["delegate"]} if organisation.isdigit() else {}
    )
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        serializer = UserSerializer(
            data={**_api_data(form.cleaned_data), "password": invitation_password()}
        )
        with transaction.atomic():
            person = _save(form, serializer)
            if person is not None:
                user_invite_email(
                    person=person,
                    domain=request.get_host(),
                    use_https=request.is_secure(),
                    email_template_name="web/account/password_reset_email.txt",
                )
        if person is not None:
            messages.success(
                request,
                _("%(name)s is invited: an e-mail to %(email)s sets their password.")
                % {"name": person.username, "email": person.email},
            )
            return redirect("web:person", pk=person.pk)
    return render(
        request,
        "web/coordination/person_invite.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def person(request, pk: int):
    """One person's roles, organisation and focal point, with deactivate and unlock."""
    _allowed(request)
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    initial = {
        "roles": person.roles,
        "organisation": person.organisation,
        "is_focal_point": person.is_focal_point,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        serializer = UserSerializer(person, data=_api_data(form.cleaned_data), partial=True)

        def update(changes):
            return user_update(actor=request.user, user=person, changes=changes)

        if _save(form, serializer, update) is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("web:person", pk=pk)
    return render(
        request,
        "web/coordination/person.html",
        {"person": person, "form": form, "locked": person.username in _locked()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def person_deactivate(request, pk: int):
    """Deactivate the person (they keep authorship of what they wrote)."""
    _allowed(request)
    person = get_object_or_404(User, pk=pk)
    try:
        user_deactivate(actor=request.user, user=person)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("%(name)s is deactivated.") % {"name": person.username})
    return redirect("web:person", pk=pk)


@login_required
@require_POST
def person_unlock(request, pk: int):
    """Clear the failed sign-ins that locked the person out."""
    _allowed(request)
    person = get_object_or_404(User, pk=pk)
    user_unlock(actor=request.user, user=person)
    messages.success(request, _("%(name)s may sign in again.") % {"name": person.username})
    return redirect("web:person", pk=pk)
