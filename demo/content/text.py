"""Helpers to write demo prose comfortably in source files and shape it as a section tree."""

import textwrap
from dataclasses import dataclass, field


def prose(source: str) -> str:
    """Join wrapped lines into paragraphs; paragraphs are separated by one blank line."""
    paragraphs = textwrap.dedent(source).strip().split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


@dataclass(frozen=True)
class SectionText:
    """One section of demo text with its subsections, in document order."""

    heading: str
    body: str
    children: tuple["SectionText", ...] = field(default_factory=tuple)


def section(heading: str, body: str, *children: SectionText) -> SectionText:
    """Build a section from a heading, wrapped prose and its subsections."""
    return SectionText(heading=heading, body=prose(body), children=children)


@dataclass(frozen=True)
class Revision:
    """An editor's change to a section: replace `old` by `new` in the body, with a reason."""

    number: str
    old: str
    new: str
    reason: str
    editor: str = ""


@dataclass(frozen=True)
class GuidelineText:
    """A whole guideline set: its metadata, section tree and the revisions made before Draft 2."""

    slug: str
    title: str
    audience: str
    editors: tuple[str, ...]
    sections: tuple[SectionText, ...]
    revisions: tuple[Revision, ...] = ()
