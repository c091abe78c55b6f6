"""Writes of guidelines: creation and changes by coordinators, audited; never the stage."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Guideline
from consultation.rules import editors_refusal


def _clean_editors(editors: Iterable[User]) -> list[User]:
    editors = list(editors)
    not_editors = [u.username for u in editors if not u.has_role("editor")]
    if not_editors:
        raise ValidationError(
            {
                "editors": [
                    _("Only users with the editor role can edit: %(choices)s.")
                    % {"choices": ", ".join(not_editors)}
                ]
            }
        )
    return editors


# --- guidelines --------------------------------------------------------------------------
@transaction.atomic
def guideline_create(
    *,
    user: User,
    slug: str,
    title: str,
    audience: str,
    editors: Iterable[User] = (),
    required_approvals: int = 2,
) -> Guideline:
    """Create a guideline in stage drafting with its assigned editors."""
    editors = _clean_editors(editors)
    if Guideline.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": [_("The slug %(slug)s is taken; choose another.") % {"slug": repr(slug)}]}
        )
    guideline = Guideline(
        slug=slug, title=title, audience=audience, required_approvals=required_approvals
    )
    guideline.full_clean()
    guideline._history_user, guideline._change_reason = user, "Created"
    guideline.save()
    guideline.editors.set(editors)
    return guideline


_GUIDELINE_FIELDS = {"slug", "title", "audience", "required_approvals"}


@transaction.atomic
def guideline_update(*, guideline: Guideline, user: User, **changes) -> Guideline:
    """Change a guideline's slug, title, audience, required approvals or editors (not stage)."""
    unknown = set(changes) - _GUIDELINE_FIELDS - {"editors"}
    if unknown:
        raise ValidationError({name: ["This field cannot be changed here."] for name in unknown})
    locked = Guideline.objects.select_for_update().get(pk=guideline.pk)
    editors = changes.pop("editors", None)
    if editors is not None:
        editors = _clean_editors(editors)
    if "slug" in changes and (
        Guideline.objects.filter(slug=changes["slug"]).exclude(pk=locked.pk).exists()
    ):
        raise ValidationError(
            {
                "slug": [
                    _("The slug %(changes)s is taken; choose another.")
                    % {"changes": repr(changes["slug"])}
                ]
            }
        )
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked._history_user, locked._change_reason = user, "Updated"
    locked.save()
    if editors is not None:
        locked.editors.set(editors)
    return locked


# --- editors --------------------------------------------------------------------------------
def _editors_change(*, guideline: Guideline, user: User, reason: str) -> Guideline:
    """Lock the guideline for an editor change that `user` may make, recorded in its history."""
    refusal = editors_refusal(user)
    if refusal is not None:
        raise refusal
    locked = Guideline.objects.select_for_update().get(pk=guideline.pk)
    locked._history_user, locked._change_reason = user, reason
    locked.save()
    return locked


@transaction.atomic
def guideline_editor_add(*, guideline: Guideline, editor: User, user: User) -> Guideline:
    """Assign a person with the editor role to the guideline (coordinators; idempotent)."""
    (editor,) = _clean_editors([editor])
    locked = _editors_change(
        guideline=guideline, user=user, reason=f"Editor {editor.username} assigned"
    )
    locked.editors.add(editor)
    return locked


@transaction.atomic
def guideline_editor_remove(*, guideline: Guideline, editor: User, user: User) -> Guideline:
    """Take an editor off the guideline (coordinators); their assignments stay for reassigning."""
    locked = _editors_change(
        guideline=guideline, user=user, reason=f"Editor {editor.username} removed"
    )
    locked.editors.remove(editor)
    return locked
