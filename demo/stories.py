"""The review story of each demo guideline, played through the real services at its dates.

children: carried to `published` (every comment resolved, revisions linked, approvals);
parents and educators: in `resolution` with a mix of decisions, assignments and an objection;
industry: an open consultation with a few hundred comments, a campaign and reply threads;
policy-makers: still drafting, with two named versions.
Day offsets are relative to now (negative: in the past).
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
from consultation.services.update_requests import update_request_file, update_request_support
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
from .loader import Demo, comments_save, frozen_sections, guideline_build, revisions_apply

DAY = dt.timedelta(days=1)
INVITED_KINDS = [k for k in OrganisationKind.values if k != OrganisationKind.SECRETARIAT]
# Organisations that stay silent in the open consultation (the dashboard lists them).
SILENT = ("ee", "am", "tn", "kinetic", "iossu")


def _consult(
    demo: Demo, guideline, version, title: str, *, created: float, opens: float, closes: float
) -> Consultation:
    """Create a public consultation on day `created`; the stage moves to consultation at `opens`."""
    coordinator = demo.user("coordinator")
    with demo.at(created):
        consultation = consultation_create(
            user=coordinator,
            guideline=guideline,
            version=version,
            title=title,
            opens_at=demo.moment(opens),
            closes_at=demo.moment(closes),
            visibility=Visibility.PUBLIC,
            invited_kinds=INVITED_KINDS,
            invited_organisations=[],
        )
    _move(demo, guideline, Stage.CONSULTATION, f"{version.label} opened for consultation", opens)
    return consultation


def _move(demo: Demo, guideline, to: str, reason: str, day: float) -> None:
    with demo.at(day):
        guideline_transition(
            guideline=guideline, to=to, user=demo.user("coordinator"), reason=reason
        )


def _resolve_mix(
    demo: Demo, comments: list[Comment], editors: list, weights: dict, *, start: float, end: float
) -> list[Comment]:
    """Resolve each comment with a decision drawn from `weights` (a duplicate points at an
    earlier comment on the same section), spread over the days start..end."""
    rng, resolved, firsts = demo.rng, [], {}
    decisions, shares = list(weights), list(weights.values())
    for comment, day in zip(comments, demo.spread(start, end, len(comments)), strict=True):
        decision = rng.choices(decisions, weights=shares)[0]
        earlier = firsts.get(comment.section_id)
        if decision == Decision.DUPLICATE and earlier is None:
            decision = Decision.NOTED
        with demo.at(day):
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


def _respond(demo: Demo, comments: list[Comment], *, start: float, end: float) -> None:
    for comment, day in zip(comments, demo.spread(start, end, len(comments)), strict=True):
        with demo.at(day):
            comment_respond(comment=comment, user=comment.author, response="satisfied")


def _submitted(consultation: Consultation, *, exclude=()) -> list[Comment]:
    return list(
        consultation.comments.filter(status=CommentStatus.SUBMITTED)
        .exclude(pk__in=exclude)
        .order_by("submitted_at", "id")
    )


def children_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 1 consulted, all comments resolved (revisions linked), Draft 2, approved, published."""
    guideline, draft1 = guideline_build(demo, guideline_text, created=-210, frozen=-170)
    editor = demo.user(guideline_text.editors[0])
    consultation = _consult(
        demo,
        guideline,
        draft1,
        "Public consultation on Draft 1 of the guidelines for children",
        created=-160,
        opens=-150,
        closes=-110,
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
            speaker=speakers[(7 * i + 3) % len(speakers)],
            quote=rev.old,
            proposal=rev.new,
            submitted_at=consultation.opens_at + (5 + 4 * i) * DAY,
        )
        for i, rev in enumerate(guideline_text.revisions)
    ]
    others = make_comments(
        consultation=consultation,
        frozen=frozen,
        sections=live,
        speakers=speakers,
        count=40,
        rng=demo.rng,
        now=demo.now,
        withdrawn_share=0.05,
    )
    comments_save(demo, [*targeted, *others])
    _move(demo, guideline, Stage.RESOLUTION, "Consultation closed; dispositions under way", -109)

    revisions = revisions_apply(demo, guideline, guideline_text, start=-100, end=-80)
    days = demo.spread(-99, -79, len(targeted))
    for comment, revision, day in zip(targeted, revisions, days, strict=True):
        with demo.at(day):
            comment_resolve(
                comment=comment, user=editor, decision=Decision.ACCEPTED, revision=revision
            )
    resolved = _resolve_mix(
        demo,
        _submitted(consultation, exclude=[c.pk for c in targeted]),
        [editor],
        {
            Decision.PARTIALLY_ACCEPTED: 2,
            Decision.REJECTED: 2,
            Decision.NOTED: 4,
            Decision.DUPLICATE: 1,
        },
        start=-95,
        end=-70,
    )
    _respond(demo, [*targeted, *resolved[:6]], start=-68, end=-64)
    objected = next(c for c in resolved if c.decision == Decision.REJECTED)
    with demo.at(-63):
        comment_respond(
            comment=objected,
            user=objected.author,
            response="objection",
            note="We maintain that the point is essential for children in our region.",
        )
    with demo.at(-60):
        comment_settle(
            comment=objected,
            user=demo.user("coordinator"),
            outcome="overruled",
            reason="The expert group confirmed the disposition; the point is covered in 6.2.",
        )
    with demo.at(-56):
        version_freeze(guideline=guideline, label="Draft 2", user=editor)
    _move(demo, guideline, Stage.EXPERT_REVIEW, "All comments resolved; Draft 2 to experts", -55)
    _move(demo, guideline, Stage.APPROVAL, "Expert group endorsed Draft 2", -30)
    for username, decision, note, day in [
        ("approver-1", "approve", "", -28),
        ("approver-2", "approve", "Clear and age-appropriate.", -25),
        ("approver-3", "abstain", "Not consulted nationally in time.", -23),
    ]:
        with demo.at(day):
            approval_record(
                guideline=guideline, user=demo.user(username), decision=decision, comment=note
            )
    _move(demo, guideline, Stage.PUBLISHED, "Approved by the approvers", -21)
    # A member state already asks for the next cycle; a coordinator may accept it in the demo.
    with demo.at(-6):
        request = update_request_file(
            user=demo.user("delegate-ke"),
            guideline=guideline,
            rationale=(
                "Children increasingly talk to AI chatbots and companion apps, which the "
                "published guidelines do not mention. We ask for a new section on talking to "
                "AI, written with children, in the next revision."
            ),
        )
    for username, day in [("delegate-gh", -5), ("delegate-ph", -4), ("delegate-youth", -2)]:
        with demo.at(day):
            update_request_support(user=demo.user(username), update_request=request)


def parents_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 2 consulted and closed; about half the comments resolved, the rest assigned."""
    guideline, _ = guideline_build(demo, guideline_text, created=-130, frozen=-115)
    revisions_apply(demo, guideline, guideline_text, start=-105, end=-70)
    editors = [demo.user(name) for name in guideline_text.editors]
    with demo.at(-60):
        draft2 = version_freeze(guideline=guideline, label="Draft 2", user=editors[0])
    consultation = _consult(
        demo,
        guideline,
        draft2,
        "Consultation on Draft 2 of the guidelines for parents and educators",
        created=-50,
        opens=-45,
        closes=-4,
    )
    frozen, live = frozen_sections(draft2)
    comments = make_comments(
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
    comments_save(demo, comments)
    _move(demo, guideline, Stage.RESOLUTION, "Consultation closed", -3.9)
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
        start=-3.5,
        end=-0.5,
    )
    _respond(demo, resolved[:5], start=-1, end=-0.2)
    objected = next(c for c in resolved if c.decision == Decision.REJECTED)
    with demo.at(-0.1):
        comment_respond(
            comment=objected,
            user=objected.author,
            response="objection",
            note="The rejection ignores the evidence we submitted; we ask the coordinator to "
            "review it.",
        )
    with demo.at(-3):
        for i, comment in enumerate(submitted[half:]):
            comment_assign(
                comment=comment,
                editor=editors[i % len(editors)],
                user=demo.user("coordinator"),
                due_at=demo.moment((i % 5) * 3 - 2),  # due after the assignment; some overdue now
            )


def industry_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Draft 2 open for consultation: a few hundred comments, a campaign and reply threads."""
    guideline, _ = guideline_build(demo, guideline_text, created=-95, frozen=-80)
    revisions_apply(demo, guideline, guideline_text, start=-60, end=-30)
    editor = demo.user(guideline_text.editors[0])
    with demo.at(-20):
        draft2 = version_freeze(guideline=guideline, label="Draft 2", user=editor)
    consultation = _consult(
        demo,
        guideline,
        draft2,
        "Consultation on Draft 2 of the guidelines for industry",
        created=-12,
        opens=-9,
        closes=23,
    )
    frozen, live = frozen_sections(draft2)
    speakers = demo.speakers(exclude=SILENT)
    comments = make_comments(
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
    campaign_frozen = next(f for f in frozen if f.number == text.CAMPAIGN_SECTION)
    campaign = make_campaign(
        consultation=consultation,
        frozen=campaign_frozen,
        section=live[campaign_frozen.section_key],
        speakers=demo.rng.sample(speakers, 18),
        rng=demo.rng,
        now=demo.now,
    )
    comments_save(demo, [*comments, *campaign])
    submitted = [c for c in comments if c.status == CommentStatus.SUBMITTED]
    threads = sorted(submitted[::25][:10], key=lambda c: c.submitted_at)
    for i, comment in enumerate(threads):
        asked = comment.submitted_at + dt.timedelta(hours=20)
        with demo.at((asked - demo.now) / DAY):
            Reply.objects.create(comment=comment, author=editor, body=text.EDITOR_QUESTIONS[i % 4])
        answered = asked + dt.timedelta(hours=6)
        if i % 3 != 2 and answered < demo.now:  # some questions still wait for an answer
            with demo.at((answered - demo.now) / DAY):
                Reply.objects.create(
                    comment=comment, author=comment.author, body=text.DELEGATE_ANSWERS[i % 4]
                )


def policymakers_story(demo: Demo, guideline_text: GuidelineText) -> None:
    """Still drafting: Draft 1, the editors' revisions, Draft 2."""
    guideline, _ = guideline_build(demo, guideline_text, created=-70, frozen=-50)
    revisions_apply(demo, guideline, guideline_text, start=-40, end=-12)
    with demo.at(-7):
        version_freeze(
            guideline=guideline, label="Draft 2", user=demo.user(guideline_text.editors[0])
        )


STORIES = {
    "children": children_story,
    "parents_educators": parents_story,
    "industry": industry_story,
    "policymakers": policymakers_story,
}
