"""Who may do which piece of review work (services check these; views map them to 403)."""

from accounts.permissions import has_role
from consultation.permissions import is_guideline_editor


def is_assigned_editor(user, guideline) -> bool:
    """An editor assigned to the guideline (or a superuser). Coordinators alone do not qualify:
    API.md lets only the guideline's editors resolve comments."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return bool(user.is_editor) and guideline.editors.filter(pk=user.pk).exists()


def may_assign(user, guideline) -> bool:
    """Coordinators and the guideline's editors hand out comments."""
    return is_guideline_editor(user, guideline)


def may_respond(user, comment) -> bool:
    """Delegates of the commenting organisation answer its disposition."""
    return bool(
        has_role(user, "delegate")
        and user.organisation_id
        and user.organisation_id == comment.organisation_id
    )


def may_settle(user) -> bool:
    """Coordinators settle organisation objections."""
    return has_role(user, "coordinator")


def may_transition(user) -> bool:
    """Coordinators move guidelines between stages (the system too, with user None)."""
    return user is None or has_role(user, "coordinator")


def may_approve(user) -> bool:
    """Approvers record approval decisions."""
    return has_role(user, "approver")
