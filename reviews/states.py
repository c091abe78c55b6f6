"""The stage machine of a guideline: a plain transition table with guards, and no queries.

    drafting -> consultation -> resolution -> expert_review -> approval -> published
    expert_review, approval, published -> drafting

Each guard receives precomputed `TransitionFacts` (see reviews.selectors.transition_facts)
and returns the list of blockers: what must still be done before the move. An empty list
means the move may go ahead.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultation.models import Stage

# How many ids one blocker lists at most; the count in its message is always exact.
MAX_LISTED_IDS = 1000


@dataclass(frozen=True)
class TransitionFacts:
    """What the guards need to know about a guideline, gathered by one selector."""

    has_version: bool = False
    # Consultations of the current cycle (created since the guideline last entered drafting).
    consultation_ids: tuple[int, ...] = ()
    open_consultations: tuple[tuple[int, str], ...] = ()  # (id, closes_at ISO) not yet closed
    unresolved_comment_ids: tuple[int, ...] = ()
    unresolved_count: int = 0
    required_approvals: int = 1
    approvals: int = 0
    objecting_approver_ids: tuple[int, ...] = ()
    standing_objection_comment_ids: tuple[int, ...] = ()


def _blocker(kind: str, detail: str, **data) -> dict:
    return {"kind": kind, "detail": detail, **data}


def _needs_version_and_consultation(facts: TransitionFacts) -> list[dict]:
    blockers = []
    if not facts.has_version:
        blockers.append(
            _blocker("no_version", _("Freeze a version of the text before opening a consultation."))
        )
    if not facts.consultation_ids:
        blockers.append(
            _blocker(
                "no_consultation",
                _("Create a consultation on a version of this guideline for the current cycle."),
            )
        )
    return blockers


def _needs_consultation_closed(facts: TransitionFacts) -> list[dict]:
    if not facts.consultation_ids:
        return [_blocker("no_consultation", _("The guideline has no consultation in this cycle."))]
    return [
        _blocker(
            "consultation_open",
            _(
                "Consultation %(pk)s closes at %(closes_at)s; close it early or wait for the "
                "deadline."
            )
            % {"pk": pk, "closes_at": closes_at},
            consultation=pk,
            closes_at=closes_at,
        )
        for pk, closes_at in facts.open_consultations
    ]


def _needs_every_comment_resolved(facts: TransitionFacts) -> list[dict]:
    if not facts.unresolved_count:
        return []
    return [
        _blocker(
            "unresolved_comments",
            ngettext(
                "%(count)s submitted comment has no disposition yet.",
                "%(count)s submitted comments have no disposition yet.",
                facts.unresolved_count,
            )
            % {"count": facts.unresolved_count},
            comments=list(facts.unresolved_comment_ids[:MAX_LISTED_IDS]),
            count=facts.unresolved_count,
        )
    ]


def _needs_reopened_closed_and_every_comment_resolved(facts: TransitionFacts) -> list[dict]:
    # A consultation reopened during resolution takes comments until it closes again.
    still_open = [b for b in _needs_consultation_closed(facts) if b["kind"] == "consultation_open"]
    return still_open + _needs_every_comment_resolved(facts)


def _needs_approvals_and_no_objection(facts: TransitionFacts) -> list[dict]:
    blockers = _needs_every_comment_resolved(facts)
    if facts.approvals < facts.required_approvals:
        blockers.append(
            _blocker(
                "approvals_missing",
                _(
                    "%(approvals)s of the %(required_approvals)s required approvals have been "
                    "recorded in this approval round."
                )
                % {"approvals": facts.approvals, "required_approvals": facts.required_approvals},
                approvals=facts.approvals,
                required=facts.required_approvals,
            )
        )
    if facts.objecting_approver_ids:
        blockers.append(
            _blocker(
                "approver_objection",
                _("An approver objects; the objection stands until that approver changes it."),
                approvers=list(facts.objecting_approver_ids),
            )
        )
    if facts.standing_objection_comment_ids:
        ids = facts.standing_objection_comment_ids
        blockers.append(
            _blocker(
                "standing_objection",
                ngettext(
                    "%(count)s organisation objection to a disposition awaits a coordinator's "
                    "settlement (POST /comments/{id}/settle/).",
                    "%(count)s organisation objections to dispositions await a coordinator's "
                    "settlement (POST /comments/{id}/settle/).",
                    len(ids),
                )
                % {"count": len(ids)},
                comments=list(ids[:MAX_LISTED_IDS]),
            )
        )
    return blockers


def _always(facts: TransitionFacts) -> list[dict]:
    return []


Guard = Callable[[TransitionFacts], list[dict]]

# The whole machine: (from, to) -> guard. A pair not listed here is an illegal move.
TRANSITIONS: dict[tuple[str, str], Guard] = {
    (Stage.DRAFTING, Stage.CONSULTATION): _needs_version_and_consultation,
    (Stage.CONSULTATION, Stage.RESOLUTION): _needs_consultation_closed,
    (Stage.RESOLUTION, Stage.EXPERT_REVIEW): _needs_reopened_closed_and_every_comment_resolved,
    (Stage.EXPERT_REVIEW, Stage.APPROVAL): _always,
    (Stage.APPROVAL, Stage.PUBLISHED): _needs_approvals_and_no_objection,
    (Stage.EXPERT_REVIEW, Stage.DRAFTING): _always,
    (Stage.APPROVAL, Stage.DRAFTING): _always,
    (Stage.PUBLISHED, Stage.DRAFTING): _always,
}


def is_legal(from_stage: str, to_stage: str) -> bool:
    """True when the table has the move at all (whatever its guard says)."""
    return (from_stage, to_stage) in TRANSITIONS


def allowed_targets(from_stage: str) -> list[str]:
    """The stages a guideline in `from_stage` may move to, in the table's order."""
    return [to for (frm, to) in TRANSITIONS if frm == from_stage]


def blockers_for(from_stage: str, to_stage: str, facts: TransitionFacts) -> list[dict]:
    """What stops a legal move; raises KeyError for a move the table does not have."""
    return TRANSITIONS[(from_stage, to_stage)](facts)
