"""Which stages of a guideline still take comments: the rule every path that creates,
submits, imports or reopens a comment checks, so that a published guideline never has an
unresolved comment.

- drafting, consultation, resolution: comments are written (within the window);
- consultation, resolution: comments that arrive after the close (sent by e-mail) may still be
  entered by the editors, marked late, and a closed consultation may be reopened;
- expert review, approval, published: the disposition is being reviewed or is final; nothing
  new comes in. The way back is a new cycle (the guideline returns to drafting).
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from common.errors import NotInStage
from consultation.models import Consultation, Stage

WRITING_STAGES = (Stage.DRAFTING, Stage.CONSULTATION, Stage.RESOLUTION)
LATE_STAGES = (Stage.CONSULTATION, Stage.RESOLUTION)

# The reviews app keeps the stage log, so it knows when each guideline's current review cycle
# began; it registers `(guideline ids) -> {guideline id: datetime}` here (a registry and not an
# import, because reviews depends on consultation and never the other way round).
_CYCLE_STARTS: list[Callable] = []


def intake_register_cycle_start(hook: Callable) -> Callable:
    """Use `hook(guideline_ids)` (when each guideline's current cycle began) in these rules."""
    if hook not in _CYCLE_STARTS:
        _CYCLE_STARTS.append(hook)
    return hook


def cycle_starts_prefetch(consultations) -> None:
    """Read when the current cycle of each consultation's guideline began, for all of them in
    one query per hook, so that the rules then ask none (a page of comments across many
    consultations costs what one costs)."""
    consultations = [c for c in consultations if not hasattr(c, "_cycle_start")]
    if not consultations:
        return
    starts: dict[int, object] = {}
    for hook in _CYCLE_STARTS:
        for guideline_id, started in hook({c.guideline_id for c in consultations}).items():
            if started is not None and (
                starts.get(guideline_id) is None or started > starts[guideline_id]
            ):
                starts[guideline_id] = started
    for consultation in consultations:
        consultation._cycle_start = starts.get(consultation.guideline_id)


def _label(stage: str) -> str:
    return Stage(stage).label.lower()


def _cycle_start(consultation: Consultation):
    """When the guideline's current cycle began, read once per consultation object (a page of
    comments sharing their consultation asks once, not once per comment)."""
    cycle_starts_prefetch([consultation])
    return consultation._cycle_start


def _earlier_cycle_refusal(consultation: Consultation) -> NotInStage | None:
    """409 for a consultation of an earlier cycle: the gates of the current one never see its
    comments, so a comment added there could stay unresolved on a published guideline."""
    started = _cycle_start(consultation)
    if started is not None and consultation.created_at < started:
        return NotInStage(
            _(
                "Consultation %(pk)s belongs to an earlier review cycle of this guideline (it has "
                "returned to drafting since); its comments can no longer change. Comment in a "
                "consultation of the current cycle."
            )
            % {"pk": consultation.pk},
            stage=consultation.guideline.stage,
        )
    return None


def comment_intake_refusal(consultation: Consultation, *, late: bool = False) -> NotInStage | None:
    """409 `not_in_stage` unless the guideline's stage takes new comments (late ones too) and
    the consultation belongs to its current review cycle."""
    guideline = consultation.guideline
    allowed = LATE_STAGES if late else WRITING_STAGES
    if guideline.stage in allowed:
        return _earlier_cycle_refusal(consultation)
    if guideline.stage == Stage.DRAFTING and late:
        message = _(
            "The guideline is in the %(stage)s stage; late comments are entered only while it is "
            "in %(stages)s or %(last_stage)s. Move the guideline to consultation first, or open a "
            "consultation of this cycle."
        )
    elif guideline.stage == Stage.DRAFTING:
        message = _(
            "The guideline is in the %(stage)s stage; comments are taken only while it is in "
            "%(stages)s or %(last_stage)s. Move the guideline to consultation first, or open a "
            "consultation of this cycle."
        )
    elif late:
        message = _(
            "The guideline is in the %(stage)s stage; late comments are entered only while it is "
            "in %(stages)s or %(last_stage)s. To take more comments, a coordinator returns the "
            "guideline to drafting (POST /api/v1/guidelines/%(pk)s/transition/ with to=drafting "
            "and a reason) and opens a new consultation."
        )
    else:
        message = _(
            "The guideline is in the %(stage)s stage; comments are taken only while it is in "
            "%(stages)s or %(last_stage)s. To take more comments, a coordinator returns the "
            "guideline to drafting (POST /api/v1/guidelines/%(pk)s/transition/ with to=drafting "
            "and a reason) and opens a new consultation."
        )
    return NotInStage(
        message
        % {
            "stage": _label(guideline.stage),
            "stages": ", ".join(_label(s) for s in allowed[:-1]),
            "last_stage": _label(allowed[-1]),
            "pk": guideline.pk,
        },
        stage=guideline.stage,
        allowed_stages=list(allowed),
    )


def comment_reopen_refusal(consultation: Consultation) -> NotInStage | None:
    """409 `not_in_stage` once the guideline is published (its disposition is final) or for a
    comment of an earlier cycle.

    Until then a reopened disposition is caught again by the gate to `published`, which
    wants every comment of the cycle resolved.
    """
    guideline = consultation.guideline
    if guideline.stage != Stage.PUBLISHED:
        return _earlier_cycle_refusal(consultation)
    return NotInStage(
        _(
            "The guideline is published and its disposition of comments is final; it cannot be "
            "reopened. To revise it, a coordinator returns the guideline to drafting (POST "
            "/api/v1/guidelines/%(pk)s/transition/ with to=drafting and a reason)."
        )
        % {"pk": guideline.pk},
        stage=guideline.stage,
    )


def consultation_reopen_refusal(consultation: Consultation) -> NotInStage | None:
    """409 `not_in_stage` unless the guideline is in consultation or resolution (and the
    consultation of its current cycle): later, it would take comments into a disposition
    under review or final."""
    guideline = consultation.guideline
    if guideline.stage in LATE_STAGES:
        return _earlier_cycle_refusal(consultation)
    if guideline.stage == Stage.DRAFTING:
        message = _(
            "The guideline is in the %(stage)s stage; a consultation is reopened only while its "
            "guideline is in consultation or resolution. Move the guideline to consultation first."
        )
    else:
        message = _(
            "The guideline is in the %(stage)s stage; a consultation is reopened only while its "
            "guideline is in consultation or resolution. Open a new consultation in the "
            "guideline's next cycle instead."
        )
    return NotInStage(
        message % {"stage": _label(guideline.stage)},
        stage=guideline.stage,
        allowed_stages=list(LATE_STAGES),
    )
