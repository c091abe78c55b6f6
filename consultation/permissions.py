"""Who may change a guideline's text and review its comments."""

from accounts.permissions import has_role


def is_guideline_editor(user, guideline) -> bool:
    """True for an editor assigned to the guideline, or a coordinator (who manages everything)."""
    if not (user and user.is_authenticated):
        return False
    if has_role(user, "coordinator"):
        return True
    return has_role(user, "editor") and guideline.editors.filter(pk=user.pk).exists()
