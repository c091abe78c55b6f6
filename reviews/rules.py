"""Who may do what in review: stage moves, approvals, the disposition, and a guideline's actions.

The comment's review actions (assign, resolve, reopen, respond, settle) live with the comment's
other actions in consultation.rules; this module adds what only a guideline has. Each action
is a refusal (the DomainError the service raises, or None) so that `guideline_allowed_actions`
and the services answer from one table.
"""

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import NotInStage
from consultation.errors import Forbidden, NotFound
from consultation.models import Guideline, Stage
from consultation.rules import (
    Actor,
    Refusal,
    as_actor,
    can_edit_guideline,
    edit_guideline_refusal,
    markdown_import_refusal,
)


def can_transition(user) -> bool:
    """Coordinators move guidelines between stages (the system too, with user None)."""
    return user is None or as_actor(user).has_role("coordinator")


def transition_refusal(user, guideline: Guideline) -> Refusal:
    """403 unless the user may move the guideline between stages; blockers are the guard's."""
    if can_transition(user):
        return None
    return Forbidden(_("Only coordinators move guidelines between stages."))


def approve_refusal(user, guideline: Guideline) -> Refusal:
    """Approvers record their decision while the guideline is in approval."""
    if not as_actor(user).has_role("approver"):
        return Forbidden(_("Only approvers record approval decisions."))
    if guideline.stage != Stage.APPROVAL:
        return NotInStage(
            _(
                "Approval decisions are recorded while the guideline is in approval; it is in "
                "%(stage)s."
            )
            % {"stage": guideline.stage}
        )
    return None


NOT_EXPORTER = gettext_lazy(
    "Only coordinators and editors of this guideline export its disposition."
)


def export_disposition_refusal(user, guideline: Guideline) -> Refusal:
    """403 unless the user may export the guideline's disposition (its editors, coordinators)."""
    return None if can_edit_guideline(user, guideline) else Forbidden(NOT_EXPORTER)


def export_job_refusal(user, export) -> Refusal:
    """Who follows and downloads a background export: 404 unless the user requested it or is
    a coordinator, then 403 unless they may still export the guideline's disposition."""
    actor = as_actor(user)
    if export.requested_by_id != actor.user.pk and not actor.has_role("coordinator"):
        return NotFound(_("No disposition export with this id."))
    return export_disposition_refusal(actor, export.guideline)


GUIDELINE_ACTIONS: dict[str, Callable[[Actor, Guideline], Refusal]] = {
    "transition": lambda actor, guideline: transition_refusal(actor.user, guideline),
    "cut_version": lambda actor, guideline: edit_guideline_refusal(actor, guideline.pk),
    "import": markdown_import_refusal,
    "export_disposition": export_disposition_refusal,
    "approve": approve_refusal,
}


def guideline_allowed_actions(
    user, guideline: Guideline, *, now: dt.datetime | None = None
) -> list[str]:
    """The actions on `guideline` the services accept from `user`: `transition` (to any stage
    the table allows; blockers are answered per move), `cut_version`, `import` (Markdown),
    `export_disposition` and `approve`."""
    actor = as_actor(user, now=now)
    return [
        name for name, refusal in GUIDELINE_ACTIONS.items() if refusal(actor, guideline) is None
    ]
