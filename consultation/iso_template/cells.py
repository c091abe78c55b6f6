"""Cells as people write them: MB/NC with comment numbers, combined types, free-text clauses."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from consultation.models import CommentType

from .columns import GENERAL_CLAUSES, _fold, parse_comment_type

# The ISO/CS editing unit writes "**" for the secretariat in the MB/NC column.
SECRETARIAT_MARK = "**"
# A body and its own comment number: "US 001", "FR-007", "DK1-006", "**-001", "JRC (EC)-021".
_NUMBERED_RE = re.compile(r"^(?P<body>.*?\S)\s*[-\u2010-\u2015_/#.: ]\s*(?P<number>\d{1,6})$")
# A country code with a digit of its own ("DK1": the first set of comments from Denmark).
_CODE_WITH_DIGITS_RE = re.compile(r"^(?P<code>[A-Za-z]{2,3})\d{1,2}$")
# The most substantive type wins when a cell names several ("Ed/te" is technical).
_TYPE_WEIGHT = {CommentType.TECHNICAL: 3, CommentType.GENERAL: 2, CommentType.EDITORIAL: 1}
_TYPE_SEPARATORS_RE = re.compile(r"\s*(?:[/,;&+|]|\band\b|\bet\b)\s*", re.I)
# Clause numbers inside free text: "3.1", "03.1", "3,2" (a decimal comma), "A.1", "Annex B".
_CLAUSE_TOKEN_RE = re.compile(
    r"(?<![\w.])(?:annexe?\s+(?P<annex>[A-Z](?:[.,]\d+)*)"
    r"|(?P<number>(?:[A-Z]?\d+|[A-Z](?=[.,]\d))(?:[.,]\d+)*))(?!\w)",
    re.I,
)


@dataclass(frozen=True)
class MemberBody:
    """An MB/NC cell read: who (as written), the member body's own number, and the reference
    kept on the comment ("FR-007"), or '' when the cell carries no number."""

    body: str
    number: str
    reference: str


def parse_member_body(text: str) -> MemberBody:
    """'FR-007' -> FR, 007; 'CN-001\\n-002' -> CN, 001 (the second line is the collation's
    own renumbering); 'AFNOR' -> AFNOR; '**-001' -> **, 001 (the secretariat)."""
    first = text.strip().split("\n", 1)[0].strip()
    match = _NUMBERED_RE.match(first)
    if not match:
        return MemberBody(first, "", "")
    body = match["body"].strip()
    if code := _CODE_WITH_DIGITS_RE.match(body):
        body = code["code"]
    return MemberBody(body, match["number"], first)


def read_comment_type(text: str) -> tuple[str | None, str]:
    """The type a cell names and a warning for the row ('' when none).

    One type: that type. Several ("Ed/te", "te/ed"): the most substantive (technical, then
    general, then editorial), with a warning that keeps the cell's own words. Empty: general,
    with a warning. Unreadable: None.
    """
    if not text.strip():
        return str(CommentType.GENERAL), (
            _("No type of comment; imported as general (ge). Correct it if it is te or ed.")
        )
    single = parse_comment_type(text)
    if single:
        return single, ""
    parts = [part for part in _TYPE_SEPARATORS_RE.split(text.strip()) if part]
    types = [parse_comment_type(part) for part in parts]
    if len(parts) < 2 or None in types:
        return None, ""
    chosen = max(types, key=lambda value: _TYPE_WEIGHT[value])
    if len(set(types)) == 1:
        return chosen, ""
    return chosen, (
        _("%(strip)s names several types; imported as %(label)s, the most substantive of them.")
        % {"strip": repr(text.strip()), "label": CommentType(chosen).label}
    )


def names_whole_document(text: str) -> bool:
    """True for a clause cell that means the whole document ('General', 'Whole document')."""
    return _fold(text).rstrip(".").strip() in GENERAL_CLAUSES


def clause_candidates(text: str) -> list[str]:
    """The clause numbers a free-text cell names, in order, as comparable keys:
    'Clause 03.1, 3,2 and 3.3' -> ['3.1', '3.2', '3.3']; 'Annex A.1' -> ['a.1', 'a']."""
    found: list[str] = []
    for match in _CLAUSE_TOKEN_RE.finditer(text):
        token = match["annex"] or match["number"]
        parts = [
            (part.lstrip("0") or "0") if part.isdigit() else part
            for part in re.split(r"[.,]", token)
        ]
        key = _fold(".".join(parts))
        if key not in found:
            found.append(key)
        if match["annex"] and len(parts) > 1 and _fold(parts[0]) not in found:
            found.append(_fold(parts[0]))  # "Annex A.1" falls back to the annex itself
    return found
