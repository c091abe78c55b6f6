"""Organisations created from an import, for member bodies its file names that Concord does not
know: chosen by the person importing, in the same import."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from consultation.models import Consultation
from consultation.rules import Actor, import_organisation_refusal, is_invited

from .import_checks import country_code


@transaction.atomic
def organisations_from_import(
    *, user, consultation: Consultation, creations: dict[str, str]
) -> dict[str, Organisation]:
    """Create one organisation per member body {as the file writes it: kind}, named as written,
    and invite it to the consultation it commented on; {member body: organisation}.

    Refused by consultation.rules.import_organisation_refusal; ValidationError on
    `member_bodies` (nothing created) for a name already taken, an unknown kind, or a member
    state whose country the name does not give.
    """
    if not creations:
        return {}
    refusal = import_organisation_refusal(Actor(user), consultation)
    if refusal is not None:
        raise refusal
    problems, created = [], {}
    # Organisations are a few hundred rows: names compared folded, in one query.
    taken = {name.casefold() for name in Organisation.objects.values_list("name", flat=True)}
    for body, kind in creations.items():
        name = body.strip()
        if kind not in OrganisationKind.values:
            problems.append(
                _("%(body)s: %(kind)r is not a kind of organisation; choose one of %(kinds)s.")
                % {"body": body, "kind": kind, "kinds": ", ".join(OrganisationKind.values)}
            )
            continue
        if name.casefold() in taken:
            problems.append(
                _("%(body)s: an organisation named %(name)s exists; map the body to it instead.")
                % {"body": body, "name": name}
            )
            continue
        country = (country_code(name) or "") if kind == OrganisationKind.MEMBER_STATE else ""
        if kind == OrganisationKind.MEMBER_STATE and not country:
            problems.append(
                _(
                    "%(body)s names no country, so it cannot be created as a member state; "
                    "create it in the organisations' list with its country, or as another kind."
                )
                % {"body": body}
            )
            continue
        organisation = Organisation(name=name[:200], kind=kind, country=country)
        try:
            organisation.full_clean()
        except ValidationError as error:
            problems.append(f"{body}: {' '.join(error.messages)}")
            continue
        created[body] = organisation
        taken.add(name.casefold())
    if problems:
        raise ValidationError({"member_bodies": problems})
    for organisation in created.values():
        organisation._history_user = user
        organisation.save()
    invite = [org for org in created.values() if not is_invited(consultation, org)]
    if invite:
        consultation.invited_organisations.add(*invite)
    return created
