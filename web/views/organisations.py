"""Organisations (coordinators): the list, a new one, changes, its focal point, invitations.

Changes go through the API's OrganisationSerializer, so the web and the API apply one set of
rules (a member state has its ISO code, names are unique); the focal point through
accounts.services.organisation_focal_point_set.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from accounts.serializers import OrganisationSerializer
from accounts.services import organisation_focal_point_set
from common.errors import DomainError

from ..coordination_forms import FocalPointForm, OrganisationForm
from ..forms import add_service_error
from .people import _allowed, _save


def organisations_listed():
    """Every organisation with its focal point and its number of active delegates (2 queries)."""
    organisations = list(
        Organisation.objects.annotate(
            delegates=Count("members", filter=Q(members__is_delegate=True, members__is_active=True))
        ).order_by("name")
    )
    focal = {
        person.organisation_id: person
        for person in User.objects.filter(
            is_focal_point=True, organisation_id__in=[o.pk for o in organisations]
        )
    }
    for organisation in organisations:
        organisation.focal_point = focal.get(organisation.pk)
    return organisations


@login_required
def organisations(request):
    """Every organisation: kind, country code, focal point, delegates."""
    _allowed(request)
    return render(
        request,
        "web/coordination/organisations.html",
        {"organisations": organisations_listed()},
    )


def _initial(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country,
        "region": organisation.region,
        "aliases": "\n".join(organisation.aliases),
    }


@login_required
def organisation_new(request):
    """A new organisation."""
    _allowed(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = _save(form, OrganisationSerializer(data=form.cleaned_data))
        if organisation is not None:
            messages.success(request, _("%(name)s is added.") % {"name": organisation.name})
            return redirect("web:organisation", pk=organisation.pk)
    return render(
        request,
        "web/coordination/organisation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def organisation(request, pk: int):
    """An organisation's details, its members and focal point, and a link to invite more."""
    _allowed(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, initial=_initial(organisation))
    if request.method == "POST" and form.is_valid():
        serializer = OrganisationSerializer(organisation, data=form.cleaned_data)
        if _save(form, serializer) is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("web:organisation", pk=pk)
    focal = organisation.members.filter(is_focal_point=True).first()
    return render(
        request,
        "web/coordination/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "focal_form": FocalPointForm(organisation=organisation, initial={"focal_point": focal}),
            "members": organisation.members.order_by("last_name", "first_name", "username"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def organisation_focal_point(request, pk: int):
    """Make another delegate the organisation's focal point, or leave it without one."""
    _allowed(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = FocalPointForm(request.POST, organisation=organisation)
    if form.is_valid():
        person = form.cleaned_data["focal_point"]
        try:
            organisation_focal_point_set(
                actor=request.user, organisation=organisation, person=person
            )
        except DomainError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is the focal point now.")
                % {"name": person.get_full_name() or person.username}
                if person
                else _("%(organisation)s has no focal point now.")
                % {"organisation": organisation.name},
            )
            return redirect("web:organisation", pk=pk)
    for error in form.errors.get("focal_point", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect("web:organisation", pk=pk)
