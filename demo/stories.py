"""The review story of each demo guideline, played through the real services.

children: carried to `published` (every comment resolved, revisions linked, approvals);
parents and educators: in `resolution` with a mix of decisions, assignments and an objection;
industry: an open consultation with a few hundred comments, a campaign and reply threads;
policy-makers: still drafting, with two named versions.
"""

import datetime as dt

from accounts.models import OrganisationKind
from consultation.models import (
    Comment,
    CommentStatus,
    Consultation,
    Decision,
    Reply,
    Stage,
    Visibility,
)
from consultation.services.consultations import consultation_create
from consultation.services.documents import version_freeze
from reviews.services import (
    approval_record,
    comment_assign,
    comment_resolve,
    comment_respond,
    comment_settle,
    guideline_transition,
)

from .content import comments as text
from .content.text import GuidelineText
from .generate import make_campaign, make_comments, targeted_comment
from .loader import (
    Demo,
    comments_save,
    frozen_sections,
    guideline_build,
    revisions_apply,
)

DAY = dt.timedelta(days=1)
INVITED_KINDS = [k for k in OrganisationKind.values if k != OrganisationKind.SECRETARIAT]
# Organisations that stay silent in the open consultation (the dashboard lists them).
SILENT = ("ee", "am", "tn", "kinetic", "iossu")


def _open(demo: Demo, guideline, version, title, *, opens, closes, visibility) -> Consultation:
    coordinator = demo.user("coordinator")
    consultation = consultation_create(
        user=coordinator,
        guideline=guideline,
        version=version,
        title=title,
        opens_at=opens,
        closes_at=closes,
        visibility=visibility,
        invited_kinds=INVITED_KINDS,
        invited_organisations=[],
    )
    guideline_transition(
        guideline=guideline,
        to=Stage.CONSULTATION,
        user=coordinator,
        reason=f"{version.label} opened for consultation",
    )
    return consultation


def _move(demo: Demo, guideline, to: str, reason: str) -> None:
    guideline_transition(guideline=guideline, to=to, user=demo.user("coordinator"), reason=reason)


def _resolve_mix(demo: Demo, comments: list[Comment], editors: list, weights: dict) -> list:
    """Resolve each comment with a decision drawn from `weights`; returns the resolved ones."""
    rng, resolved, firsts = demo.rng, [], {}
    decisions, shares = list(weights), list(weights.values())
    for comment in comments:
        decision = rng.choices(decisions, weights=shares)[0]
        earlier = firsts.get(comment.section_id)
        if decision == Decision.DUPLICATE and earlier is None:
            decision = Decision.NOTED
        comment = comment_resolve(
            comment=comment,
            user=rng.choice(editors),
            decision=decision,
            rationale=rng.choice(text.RATIONALES[decision]),
            duplicate_of=earlier.pk if decision == Decision.DUPLICATE else None,
        )
        firsts.setdefault(comment.section_id, comment)
        resolved.append(comment)
    return resolved


def _submitted(consultation: Consultation, *, exclude=()) -> list[Comment]:
    return list(
        consultation.comments.filter(status=CommentStatus.SUBMITTED)
        .exclude(pk__in=exclude)
        .order_by("id")
    )


def children_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 1 consulted, all comments resolved (revisions linked), Draft 2, approved, published."""
    guideline, draft1 = guideline_build(demo, guideline_text)
    editor = demo.user(guideline_text.editors[0])
    consultation = _open(
        demo,
        guideline,
        draft1,
        "Public consultation on Draft 1 of the guidelines for children",
        opens=demo.now - 150 * DAY,
        closes=demo.now - 110 * DAY,
        visibility=Visibility.PUBLIC,
    )
    frozen, live = frozen_sections(draft1)
    by_number = {f.number: f for f in frozen}
    speakers = demo.speakers()
    # One comment per revision, asking for exactly the change the editors later make.
    targeted = [
        targeted_comment(
            consultation=consultation,
            frozen=by_number[rev.number],
            section=live[by_number[rev.number].section_key],
            speaker=speakers[(3 * i + 1) % len(speakers)],
            quote=rev.old,
            proposal=rev.new,
            reason=rev.reason,
            submitted_at=consultation.opens_at + (5 + i) * DAY,
        )
        for i, rev in enumerate(guideline_text.revisions)
    ]
    targeted = comments_save(targeted)
    comments_save(
        make_comments(
            consultation=consultation,
            frozen=frozen,
            sections=live,
            speakers=speakers,
            count=40,
            rng=demo.rng,
            now=demo.now,
            withdrawn_share=0.05,
        )
    )
    _move(demo, guideline, Stage.RESOLUTION, "Consultation closed; dispositions under way")

    revisions = revisions_apply(demo, guideline, guideline_text)
    for comment, revision in zip(targeted, revisions, strict=True):
        comment_resolve(comment=comment, user=editor, decision=Decision.ACCEPTED, revision=revision)
    others = _submitted(consultation, exclude=[c.pk for c in targeted])
    resolved = _resolve_mix(
        demo,
        others,
        [editor],
        {
            Decision.PARTIALLY_ACCEPTED: 2,
            Decision.REJECTED: 2,
            Decision.NOTED: 4,
            Decision.DUPLICATE: 1,
        },
    )
    for comment in [*targeted, *resolved[:6]]:
        comment_respond(comment=comment, user=comment.author, response="satisfied")
    objected = next(c for c in resolved if c.decision == Decision.REJECTED)
    comment_respond(
        comment=objected,
        user=objected.author,
        response="objection",
        note="We maintain that the point is essential for children in our region.",
    )
    comment_settle(
        comment=objected,
        user=demo.user("coordinator"),
        outcome="overruled",
        reason="The expert group confirmed the disposition; the point is covered in 6.2.",
    )
    version_freeze(guideline=guideline, label="Draft 2", user=editor)
    _move(demo, guideline, Stage.EXPERT_REVIEW, "All comments resolved; Draft 2 to experts")
    _move(demo, guideline, Stage.APPROVAL, "Expert group endorsed Draft 2")
    approval_record(
        guideline=guideline, user=demo.user("approver-1"), decision="approve", comment=""
    )
    approval_record(
        guideline=guideline,
        user=demo.user("approver-2"),
        decision="approve",
        comment="Clear and age-appropriate.",
    )
    approval_record(
        guideline=guideline,
        user=demo.user("approver-3"),
        decision="abstain",
        comment="Not consulted nationally in time.",
    )
    _move(demo, guideline, Stage.PUBLISHED, "Approved by the approvers")


def parents_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 2 consulted and closed; about half the comments resolved, the rest assigned."""
    guideline, _ = guideline_build(demo, guideline_text)
    revisions_apply(demo, guideline, guideline_text)
    editors = [demo.user(name) for name in guideline_text.editors]
    draft2 = version_freeze(guideline=guideline, label="Draft 2", user=editors[0])
    consultation = _open(
        demo,
        guideline,
        draft2,
        "Consultation on Draft 2 of the guidelines for parents and educators",
        opens=demo.now - 45 * DAY,
        closes=demo.now - 4 * DAY,
        visibility=Visibility.PUBLIC,
    )
    frozen, live = frozen_sections(draft2)
    comments_save(
        make_comments(
            consultation=consultation,
            frozen=frozen,
            sections=live,
            speakers=demo.speakers(),
            count=90,
            rng=demo.rng,
            now=demo.now,
            draft_share=0.03,
            withdrawn_share=0.04,
        )
    )
    _move(demo, guideline, Stage.RESOLUTION, "Consultation closed")
    submitted = _submitted(consultation)
    half = len(submitted) * 11 // 20
    resolved = _resolve_mix(
        demo,
        submitted[:half],
        editors,
        {
            Decision.ACCEPTED: 3,
            Decision.PARTIALLY_ACCEPTED: 2,
            Decision.REJECTED: 2,
            Decision.NOTED: 3,
            Decision.DUPLICATE: 1,
        },
    )
    for comment in resolved[:5]:
        comment_respond(comment=comment, user=comment.author, response="satisfied")
    objected = next(c for c in resolved if c.decision == Decision.REJECTED)
    comment_respond(
        comment=objected,
        user=objected.author,
        response="objection",
        note="The rejection ignores the evidence we submitted; we ask the coordinator to review.",
    )
    for i, comment in enumerate(submitted[half:]):
        comment_assign(
            comment=comment,
            editor=editors[i % len(editors)],
            user=demo.user("coordinator"),
            due_at=demo.now + (i % 5 - 1) * 3 * DAY,  # some already overdue
        )


def industry_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 2 open for consultation: a few hundred comments, a campaign and reply threads."""
    guideline, _ = guideline_build(demo, guideline_text)
    revisions_apply(demo, guideline, guideline_text)
    editor = demo.user(guideline_text.editors[0])
    draft2 = version_freeze(guideline=guideline, label="Draft 2", user=editor)
    consultation = _open(
        demo,
        guideline,
        draft2,
        "Consultation on Draft 2 of the guidelines for industry",
        opens=demo.now - 9 * DAY,
        closes=demo.now + 23 * DAY,
        visibility=Visibility.PUBLIC,
    )
    frozen, live = frozen_sections(draft2)
    speakers = demo.speakers(exclude=SILENT)
    comments = comments_save(
        make_comments(
            consultation=consultation,
            frozen=frozen,
            sections=live,
            speakers=speakers,
            count=300,
            rng=demo.rng,
            now=demo.now,
            draft_share=0.08,
            withdrawn_share=0.04,
        )
    )
    campaign_frozen = next(f for f in frozen if f.number == text.CAMPAIGN_SECTION)
    comments_save(
        make_campaign(
            consultation=consultation,
            frozen=campaign_frozen,
            section=live[campaign_frozen.section_key],
            speakers=demo.rng.sample(speakers, 18),
            rng=demo.rng,
            now=demo.now,
        )
    )
    threads = [c for c in comments if c.status == CommentStatus.SUBMITTED][::25][:10]
    replies = []
    for i, comment in enumerate(threads):
        replies.append(Reply(comment=comment, author=editor, body=text.EDITOR_QUESTIONS[i % 4]))
        if i % 3 != 2:  # some questions are still waiting for an answer
            replies.append(
                Reply(comment=comment, author=comment.author, body=text.DELEGATE_ANSWERS[i % 4])
            )
    Reply.objects.bulk_create(replies)


def policymakers_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Still drafting: Draft 1, the editors' revisions, Draft 2."""
    guideline, _ = guideline_build(demo, guideline_text)
    revisions_apply(demo, guideline, guideline_text)
    version_freeze(guideline=guideline, label="Draft 2", user=demo.user(guideline_text.editors[0]))


STORIES = {
    "children": children_story,
    "parents_educators": parents_story,
    "industry": industry_story,
    "policymakers": policymakers_story,
}

__all__ = ["STORIES"]
