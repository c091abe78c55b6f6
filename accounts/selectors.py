"""Who may see whom in the user directory, and whose e-mail address: the one rule for every path."""

from django.db.models import Q, QuerySet

from .models import User
from .permissions import has_role


def users_visibility_q(viewer) -> Q | None:
    """The people `viewer` may see, as a Q on User; None when they may see nobody.

    Coordinators see everyone. Everyone else sees themself, the people of their own
    organisation and, of other parties, only those the work is done with: the editors and
    coordinators (a commenter of another organisation shows through the comment's organisation).
    """
    if not (viewer and viewer.is_authenticated):
        return None
    if has_role(viewer, "coordinator"):
        return Q()
    rule = Q(pk=viewer.pk) | Q(is_editor=True) | Q(is_coordinator=True) | Q(is_superuser=True)
    if viewer.organisation_id:
        rule |= Q(organisation_id=viewer.organisation_id)
    return rule


def users_visible_to(viewer) -> QuerySet[User]:
    """Every person `viewer` may see, with their organisation; anyone else is a 404."""
    rule = users_visibility_q(viewer)
    if rule is None:
        return User.objects.none()
    return User.objects.filter(rule).select_related("organisation").order_by("username")


def may_see_email(viewer, person) -> bool:
    """E-mail addresses are for coordinators and for the person themself."""
    return bool(viewer and viewer.is_authenticated) and (
        viewer.pk == person.pk or has_role(viewer, "coordinator")
    )
