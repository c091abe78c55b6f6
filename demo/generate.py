"""Deterministic generation of demo comments and replies from the templates in demo.content.

Pure construction: builds unsaved model instances from a random.Random, so the same seed gives
the same comments; demo.loader saves them in bulk (with their history rows).
"""

import datetime as dt
import random
import re
from dataclasses import dataclass

from accounts.models import Organisation, User
from consultation.anchoring import default_context, locate
from consultation.models import (
    Comment,
    CommentStatus,
    CommentType,
    Consultation,
    Section,
    VersionSection,
)

from .content import comments as text

# Sentences that start with a capital letter and end with a full stop (good enough for prose).
SENTENCE = re.compile(r"[A-Z][^.!?\n]*[.!?]")
WORD = re.compile(r"\S+")
# Per organisation: 21 member states weigh about as much as all the other stakeholders together.
KIND_WEIGHT = {
    "member_state": 1.0,
    "sector_member": 2.0,
    "academia": 2.5,
    "civil_society": 2.5,
    "youth": 4.0,
}


@dataclass(frozen=True)
class Speaker:
    """An organisation with the delegate who submits for it and the one who drafts."""

    organisation: Organisation
    submitter: User
    drafter: User


@dataclass(frozen=True)
class Anchor:
    quote: str
    start: int
    end: int


def sentence_anchor(body: str, rng: random.Random) -> Anchor | None:
    """A whole sentence of `body`."""
    sentences = list(SENTENCE.finditer(body))
    if not sentences:
        return None
    match = rng.choice(sentences)
    return Anchor(match.group(), match.start(), match.end())


def phrase_anchor(body: str, rng: random.Random) -> Anchor | None:
    """A run of three to seven words inside one sentence of `body`."""
    sentences = list(SENTENCE.finditer(body))
    if not sentences:
        return None
    sentence = rng.choice(sentences)
    words = list(WORD.finditer(sentence.group()))
    if len(words) < 4:
        return Anchor(sentence.group(), sentence.start(), sentence.end())
    length = rng.randint(3, min(7, len(words)))
    first = rng.randint(0, len(words) - length)
    start = sentence.start() + words[first].start()
    end = sentence.start() + words[first + length - 1].end()
    return Anchor(body[start:end].rstrip(",;:"), start, start + len(body[start:end].rstrip(",;:")))


def anchor_fields(frozen: VersionSection, section: Section, anchor: Anchor | None) -> dict:
    """The comment's anchor columns: the consulted passage and where it is in the current text."""
    if anchor is None:
        return {}
    prefix, suffix = default_context(frozen.body, anchor.start, anchor.end)
    found = locate(
        section.body, quote=anchor.quote, prefix=prefix, suffix=suffix, start=anchor.start
    )
    return {
        "anchor_quote": anchor.quote,
        "anchor_prefix": prefix,
        "anchor_suffix": suffix,
        "anchor_start": anchor.start,
        "anchor_end": anchor.end,
        "anchor_state": found.state,
        "current_start": found.start,
        "current_end": found.end,
        "anchored_revision": section.revision,
    }


def _moment(consultation: Consultation, now: dt.datetime, rng: random.Random) -> dt.datetime:
    end = min(now, consultation.closes_at)
    span = max(1.0, (end - consultation.opens_at).total_seconds())
    return consultation.opens_at + dt.timedelta(seconds=rng.uniform(0, span))


def _compose(kind: str, core: str, rng: random.Random) -> str:
    parts = [rng.choice(text.OPENERS[kind]), core, rng.choice(text.CLOSERS)]
    return " ".join(p for p in parts if p)


def make_comments(
    *,
    consultation: Consultation,
    frozen: list[VersionSection],
    sections: dict[int, Section],
    speakers: list[Speaker],
    count: int,
    rng: random.Random,
    now: dt.datetime,
    draft_share: float = 0.0,
    withdrawn_share: float = 0.0,
) -> list[Comment]:
    """`count` unsaved comments of all three types spread over sections and organisations."""
    weights = [KIND_WEIGHT.get(s.organisation.kind, 1.0) for s in speakers]
    with_text = [f for f in frozen if f.body]
    comments = []
    for _ in range(count):
        speaker = rng.choices(speakers, weights=weights)[0]
        kind = speaker.organisation.kind
        type_ = rng.choices(CommentType.values, weights=[25, 45, 30])[0]
        frozen_section = rng.choice(with_text)
        section = sections[frozen_section.section_key]
        fields = {"heading": frozen_section.heading.lower(), "number": frozen_section.number}
        anchor = None
        if type_ == CommentType.GENERAL:
            template = rng.choice(text.GENERAL)
            if rng.random() < 0.1:  # on the guideline as a whole
                section = frozen_section = None
                template = rng.choice(text.GENERAL_WHOLE)
        else:
            pool = text.TECHNICAL if type_ == CommentType.TECHNICAL else text.EDITORIAL
            template = rng.choice(pool)
            pick = sentence_anchor if type_ == CommentType.TECHNICAL else phrase_anchor
            anchor = pick(frozen_section.body, rng)
            fields["quote"] = anchor.quote
        body, proposal = (t.format(**fields) for t in template)
        roll = rng.random()
        if roll < draft_share:
            status, author, submitted_at = CommentStatus.DRAFT, speaker.drafter, None
        else:
            status = (
                CommentStatus.WITHDRAWN
                if roll < draft_share + withdrawn_share
                else CommentStatus.SUBMITTED
            )
            author, submitted_at = speaker.submitter, _moment(consultation, now, rng)
        comments.append(
            Comment(
                consultation=consultation,
                section=section,
                organisation=speaker.organisation,
                author=author,
                type=type_,
                body=_compose(kind, body, rng),
                proposed_change=proposal,
                status=status,
                submitted_at=submitted_at,
                paragraph=f"{frozen_section.number}" if frozen_section else "",
                **(anchor_fields(frozen_section, section, anchor) if anchor else {}),
            )
        )
    return comments


def make_campaign(
    *,
    consultation: Consultation,
    frozen: VersionSection,
    section: Section,
    speakers: list[Speaker],
    rng: random.Random,
    now: dt.datetime,
) -> list[Comment]:
    """Near-identical comments from different organisations on one passage (a campaign)."""
    start = frozen.body.index(text.CAMPAIGN_QUOTE)
    anchor = Anchor(text.CAMPAIGN_QUOTE, start, start + len(text.CAMPAIGN_QUOTE))
    comments = []
    for speaker in speakers:
        choice = {name: rng.choice(options) for name, options in text.CAMPAIGN_VARIANTS.items()}
        comments.append(
            Comment(
                consultation=consultation,
                section=section,
                organisation=speaker.organisation,
                author=speaker.submitter,
                type=CommentType.TECHNICAL,
                body=text.CAMPAIGN_BODY.format(**choice),
                proposed_change=text.CAMPAIGN_PROPOSAL,
                status=CommentStatus.SUBMITTED,
                submitted_at=_moment(consultation, now, rng),
                paragraph=frozen.number,
                **anchor_fields(frozen, section, anchor),
            )
        )
    return comments


def targeted_comment(
    *,
    consultation: Consultation,
    frozen: VersionSection,
    section: Section,
    speaker: Speaker,
    quote: str,
    proposal: str,
    submitted_at: dt.datetime,
) -> Comment:
    """A technical comment that asks for one specific change (later applied by a revision)."""
    start = frozen.body.index(quote)
    anchor = Anchor(quote, start, start + len(quote))
    return Comment(
        consultation=consultation,
        section=section,
        organisation=speaker.organisation,
        author=speaker.submitter,
        type=CommentType.TECHNICAL,
        body=(
            f"The passage \u201c{quote}\u201d leaves out something readers need. "
            "We propose the wording below, which several partners in our consultation supported."
        ),
        proposed_change=f"Replace with: \u201c{proposal}\u201d",
        status=CommentStatus.SUBMITTED,
        submitted_at=submitted_at,
        paragraph=frozen.number,
        **anchor_fields(frozen, section, anchor),
    )
