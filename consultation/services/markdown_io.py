"""Markdown in and out: a file's ATX headings become the section tree, a version becomes a file.

The two directions are inverse for any tree this app can hold (at most six levels, like
Markdown's headings): export escapes body lines that would read as headings by adding one
backslash, and import removes one. Lines inside fenced code blocks are left alone both ways.
Bodies lose leading and trailing blank lines on the way in (they separate blocks in Markdown).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from consultation.models import Guideline, Section
from consultation.models.documents import SECTION_BODY_MAX_CHARS
from consultation.rules import guideline_not_empty_refusal

from .documents import HEADING_MAX_CHARS
from .structure import MAX_DEPTH, number_of, sort_key_of

MARKDOWN_MAX_BYTES = 4 * 1024 * 1024  # a whole guideline; a section body alone caps at 200,000
MARKDOWN_MAX_SECTIONS = 2000

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ESCAPED_HEADING = re.compile(r"^( {0,3})(\\+)(#{1,6}(?:[ \t]|$))")
_NEEDS_ESCAPE = re.compile(r"^( {0,3})(\\*)(#{1,6}(?:[ \t]|$))")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")  # e.g. the title line export writes
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class ParsedSection:
    """One heading of an imported file and the text under it."""

    level: int
    heading: str
    line: int
    body_lines: list[str] = field(default_factory=list)
    children: list["ParsedSection"] = field(default_factory=list)

    @property
    def body(self) -> str:
        lines = self.body_lines
        start, end = 0, len(lines)
        while start < end and not lines[start].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        return "\n".join(lines[start:end])


class _Fences:
    """Tracks whether a line sits inside a fenced code block."""

    def __init__(self):
        self.marker = None

    def inside(self, line: str) -> bool:
        match = _FENCE.match(line)
        if self.marker is None:
            if match:
                self.marker = match.group(1)
                return True
            return False
        if (
            match
            and match.group(1)[0] == self.marker[0]
            and len(match.group(1)) >= len(self.marker)
        ):
            self.marker = None
        return True


def _error(message: str):
    return ValidationError({"file": [message]})


def parse_markdown(text: str) -> list[ParsedSection]:
    """The top-level sections of a Markdown text; 400 {"file": [...]} if it cannot be a tree."""
    roots: list[ParsedSection] = []
    stack: list[ParsedSection] = []
    fences = _Fences()
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        in_code = fences.inside(line)
        match = None if in_code else _HEADING.match(line)
        if match is None:
            if not stack:
                if line.strip() and not _COMMENT.match(line):
                    raise _error(
                        gettext(
                            "Line %(number)s: text before the first heading; start the file with "
                            "a heading such as '# Introduction'."
                        )
                        % {"number": number}
                    )
                continue
            if not in_code:
                line = _ESCAPED_HEADING.sub(lambda m: m[1] + m[2][1:] + m[3], line)
            stack[-1].body_lines.append(line)
            continue
        heading = (match.group(2) or "").strip()
        if not heading:
            raise _error(gettext("Line %(number)s: a heading needs text.") % {"number": number})
        if len(heading) > HEADING_MAX_CHARS:
            raise _error(
                gettext("Line %(number)s: keep headings to %(limit)s characters.")
                % {"number": number, "limit": HEADING_MAX_CHARS}
            )
        count += 1
        if count > MARKDOWN_MAX_SECTIONS:
            raise _error(
                gettext("A file holds at most %(MARKDOWN_MAX_SECTIONS)s sections.")
                % {"MARKDOWN_MAX_SECTIONS": MARKDOWN_MAX_SECTIONS}
            )
        node = ParsedSection(level=len(match.group(1)), heading=heading, line=number)
        # The parent is the nearest earlier heading of a higher level ("# A" then "### B"
        # makes B a child of A: levels may skip).
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    if not roots:
        raise _error(gettext("The file has no headings; each '#' heading becomes a section."))
    for node in _walk(roots):
        if len(node.body) > SECTION_BODY_MAX_CHARS:
            raise _error(
                gettext(
                    "Line %(line)s: the text under '%(heading)s' has %(length)s characters; a "
                    "section holds at most %(limit)s."
                )
                % {
                    "line": node.line,
                    "heading": node.heading[:60],
                    "length": format(len(node.body), ","),
                    "limit": format(SECTION_BODY_MAX_CHARS, ","),
                }
            )
    return roots


def _walk(nodes: list[ParsedSection]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def render_markdown(title: str, rows: list[tuple[str, str, int]]) -> str:
    """Markdown of (heading, body, depth) rows in document order, headed by an HTML comment."""
    out = [f"<!-- {title} -->", ""]
    for heading, body, depth in rows:
        out += ["#" * min(depth, MAX_DEPTH) + " " + heading.replace("\n", " "), ""]
        if body:
            fences = _Fences()
            for line in body.splitlines():
                if not fences.inside(line):
                    line = _NEEDS_ESCAPE.sub(lambda m: m[1] + "\\" + m[2] + m[3], line)
                out.append(line)
            out.append("")
    return "\n".join(out)


def decode_markdown(raw: bytes) -> str:
    """UTF-8 text of an uploaded file (a BOM is dropped); 400 if too big or not UTF-8."""
    if len(raw) > MARKDOWN_MAX_BYTES:
        raise _error(
            gettext("The file is over %(value)s MB.")
            % {"value": MARKDOWN_MAX_BYTES // (1024 * 1024)}
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(
            gettext("The file is not UTF-8 text (byte %(start)s); save it as UTF-8.")
            % {"start": exc.start}
        ) from exc


@transaction.atomic
def guideline_import_markdown(
    *, guideline: Guideline, user: User, text: str, change_reason: str = ""
) -> list[Section]:
    """Create a guideline's whole section tree from Markdown, all or nothing.

    Only into a guideline without sections (409 guideline_not_empty otherwise): merging into
    reviewed text would hide what changed. Each section gets revision 1 and one history row.
    """
    if len(text) > MARKDOWN_MAX_BYTES:
        raise _error(
            gettext("The text is over %(value)s MB.")
            % {"value": MARKDOWN_MAX_BYTES // (1024 * 1024)}
        )
    roots = parse_markdown(text)
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    refusal = guideline_not_empty_refusal(guideline)
    if refusal is not None:
        raise refusal
    reason = (change_reason or "").strip()[:100] or "Imported from Markdown"
    created: list[Section] = []
    # One bulk insert per tree level: parents get their ids before their children need them.
    level: list[tuple[ParsedSection, Section | None, list[int]]] = [
        (node, None, [pos]) for pos, node in enumerate(roots, start=1)
    ]
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            node = level[0][0]
            raise _error(
                gettext("Line %(line)s: sections nest at most %(limit)s levels deep.")
                % {"line": node.line, "limit": MAX_DEPTH}
            )
        objs = [
            Section(
                guideline=guideline,
                parent=parent,
                order=path[-1],
                number=number_of(path),
                sort_key=sort_key_of(path),
                heading=node.heading,
                body=node.body,
                revision=1,
                updated_by=user,
            )
            for node, parent, path in level
        ]
        objs = bulk_create_with_history(
            objs, Section, batch_size=500, default_user=user, default_change_reason=reason
        )
        created += objs
        level = [
            (child, obj, [*path, pos])
            for (node, _, path), obj in zip(level, objs, strict=True)
            for pos, child in enumerate(node.children, start=1)
        ]
        depth += 1
    return created
