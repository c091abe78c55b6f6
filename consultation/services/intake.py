"""Which stages of a guideline still take comments: the rule every path that creates,
submits, imports or reopens a comment checks, so that a published guideline never has an
unresolved comment.

- drafting, consultation, resolution: comments are written (within the window);
- consultation, resolution: comments that arrive after the close (sent by e-mail) may still be
  entered by the editors, marked late, and a closed consultation may be reopened;
- expert review, approval, published: the disposition is being reviewed or is final; nothing
  new comes in. The way back is a new cycle (the guideline returns to drafting).
"""

from common.errors import NotInStage
from consultation.models import Guideline, Stage

WRITING_STAGES = (Stage.DRAFTING, Stage.CONSULTATION, Stage.RESOLUTION)
LATE_STAGES = (Stage.CONSULTATION, Stage.RESOLUTION)


def _label(stage: str) -> str:
    return Stage(stage).label.lower()


def comment_intake_refusal(guideline: Guideline, *, late: bool = False) -> NotInStage | None:
    """409 `not_in_stage` unless the guideline's stage takes new comments (late ones too).

    Reads `guideline.stage` only: no query when the guideline came with the consultation.
    """
    allowed = LATE_STAGES if late else WRITING_STAGES
    if guideline.stage in allowed:
        return None
    what = "late comments are entered" if late else "comments are taken"
    if guideline.stage == Stage.DRAFTING:
        advice = "Move the guideline to consultation first, or open a consultation of this cycle."
    else:
        advice = (
            "To take more comments, a coordinator returns the guideline to drafting "
            f"(POST /api/v1/guidelines/{guideline.pk}/transition/ with to=drafting and a "
            "reason) and opens a new consultation."
        )
    return NotInStage(
        f"The guideline is in the {_label(guideline.stage)} stage; {what} only while it is "
        f"in {', '.join(_label(s) for s in allowed[:-1])} or {_label(allowed[-1])}. {advice}",
        stage=guideline.stage,
        allowed_stages=list(allowed),
    )


def comment_reopen_refusal(guideline: Guideline) -> NotInStage | None:
    """409 `not_in_stage` once the guideline is published: its disposition is final.

    Until then a reopened disposition is caught again by the gate to `published`, which
    wants every comment resolved.
    """
    if guideline.stage != Stage.PUBLISHED:
        return None
    return NotInStage(
        "The guideline is published and its disposition of comments is final; it cannot be "
        "reopened. To revise it, a coordinator returns the guideline to drafting "
        f"(POST /api/v1/guidelines/{guideline.pk}/transition/ with to=drafting and a reason).",
        stage=guideline.stage,
    )


def consultation_reopen_refusal(guideline: Guideline) -> NotInStage | None:
    """409 `not_in_stage` unless the guideline is in consultation or resolution: reopening
    a consultation later would take comments into a disposition under review or final."""
    if guideline.stage in LATE_STAGES:
        return None
    advice = (
        "Move the guideline to consultation first."
        if guideline.stage == Stage.DRAFTING
        else "Open a new consultation in the guideline's next cycle instead."
    )
    return NotInStage(
        f"The guideline is in the {_label(guideline.stage)} stage; a consultation is reopened "
        f"only while its guideline is in consultation or resolution. {advice}",
        stage=guideline.stage,
        allowed_stages=list(LATE_STAGES),
    )
