"""The ISO/IEC comment template: its columns, header aliases (English and French) and cell text.

Shared by the import (consultation.services.imports reads sheets laid out this way) and the
disposition export (reviews.disposition writes them), so both speak the same columns.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from consultation.models import CommentType

# The template's columns in the order of the template, with the English header we write.
ISO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("organisation", "MB/NC"),
    ("line", "Line number"),
    ("clause", "Clause/Subclause"),
    ("paragraph", "Paragraph/Figure/Table"),
    ("type", "Type of comment"),
    ("comment", "Comments"),
    ("proposed_change", "Proposed change"),
)
REQUIRED_COLUMNS = ("organisation", "type", "comment")

# Header spellings seen in filled-in templates, after normalise_header() (lower case, no
# accents, no footnote digits, punctuation as spaces).
_ALIASES = {
    "organisation": [
        "mb nc",
        "mb",
        "nc",
        "cn",
        "member body",
        "national committee",
        "organisation",
        "organization",
        "org",
        "country",
        "pays",
        "organisme",
        "comite national",
        "comite membre",
        "membre",
        "mb nc organisation",
        # An OSD export names the commenter's account, which the editor maps to a body.
        "user name",
    ],
    "line": [
        "line number",
        "line",
        "line no",
        "line nr",
        "lines",
        "ligne",
        "lignes",
        "numero de ligne",
        "no de ligne",
        "n de ligne",
        "n ligne",
        "no ligne",
    ],
    "clause": [
        "clause subclause",
        "clause sub clause",
        "clause",
        "subclause",
        "clause no",
        "clause number",
        "section",
        "section number",
        "article paragraphe",
        "article",
        "article sous article",
        "article no",
        "numero d article",
    ],
    "paragraph": [
        "paragraph figure table",
        "paragraph figure table note",
        "paragraph",
        "figure table",
        "paragraphe figure tableau",
        "alinea figure tableau",
        "paragraphe",
        "alinea",
        "paragraphe figure tableau note",
        "alinea figure tableau note",
    ],
    "type": [
        "type of comment",
        "type of comments",
        "comment type",
        "type",
        "type de commentaire",
        "type de commentaires",
        "type de observation",
    ],
    "comment": [
        "comments",
        "comment",
        "commentaires",
        "commentaire",
        "comments justification",
        "commentaires justification",
        "comment motivation",
    ],
    "proposed_change": [
        "proposed change",
        "proposed changes",
        "proposed modification",
        "proposed text",
        "modifications proposees",
        "modification proposee",
        "changement propose",
        "changements proposes",
        "proposition de modification",
        "proposal on text",
    ],
    # A collated or resolved file: the disposition (decision, then rationale) and the numbers
    # that tie a row to a comment already in Concord.
    "decision": ["decision", "resolution status", "resolution", "status of resolution"],
    "observations": [
        "observations of the secretariat",
        "observations of the secretariat on each comment submitted",
        "secretariat observations",
        "secretariat observations on each comment submitted",
        "observations",
        "observations du secretariat",
        "motivation",
        "justification",
    ],
    "reference": ["mb nc comment number", "member body comment number"],
    "comment_id": ["comment id", "comment number", "comment nb", "comment no", "id"],
}
# Columns of a resolved file, read as a disposition (consultation.iso_template.observations).
DISPOSITION_COLUMNS = ("decision", "observations")
HEADER_ALIASES: dict[str, str] = {
    alias: key for key, aliases in _ALIASES.items() for alias in aliases
}

# ge/te/ed and their spelled-out forms, English and French, after _fold().
_TYPE_WORDS = {
    CommentType.GENERAL: ["ge", "gen", "general", "g", "generale", "generaux"],
    CommentType.TECHNICAL: ["te", "tech", "technical", "t", "technique", "techniques"],
    CommentType.EDITORIAL: [
        "ed",
        "edit",
        "editorial",
        "e",
        "redactionnel",
        "redactionnelle",
        "redaction",
        "editoriale",
    ],
}
TYPE_ALIASES: dict[str, str] = {
    word: str(value) for value, words in _TYPE_WORDS.items() for word in words
}
TYPE_CODES: dict[str, str] = {
    CommentType.GENERAL: "ge",
    CommentType.TECHNICAL: "te",
    CommentType.EDITORIAL: "ed",
}

# C0 and C1 controls except tab and newline, and the bidirectional overrides that can make a
# cell read differently from what it holds ("Trojan source").
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Words a clause cell may carry around the number ("Clause 4.2", "§ 4.2", "Article 4.2.").
_CLAUSE_NOISE_RE = re.compile(r"^(?:§|clause|subclause|section|article|art\.?|sub-clause)\s*", re.I)
# Clause cells that mean "the whole document", for general comments.
GENERAL_CLAUSES = {
    "",
    "-",
    "\u2014",
    "\u2013",
    "general",
    "generale",
    "general comment",
    "all",
    "document",
    "whole document",
    "the whole document",
    "entire document",
    "throughout",
    "ensemble",
    "ensemble du document",
    "global",
    "n/a",
    "na",
}


# What a header says in parentheses is an example or an aside, not its meaning; so is a
# trailing "e.g. 17" written without them.
_EXAMPLE_RE = re.compile(r"\([^)]*\)?|\be\.\s?g\..*$", re.S)


def _fold(text: str) -> str:
    """Lower case without accents, for matching words typed in either language."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def normalise_header(value) -> str:
    """A header cell as a comparable key: 'MB/NC¹' -> 'mb nc', 'Modifications proposées' ->
    'modifications proposees'."""
    text = _fold(cell_text(value))
    text = _EXAMPLE_RE.sub(" ", text)  # "Line number (e.g. 17)", "Clause (ex. 3.1"
    text = re.sub(r"\d+", " ", text)  # footnote marks of the template (MB/NC¹, Type²)
    text = re.sub(r"[^a-z]+", " ", text)
    return " ".join(text.split())


def cell_text(value) -> str:
    """A cell as clean text: numbers without a spurious '.0', no control characters, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text).strip()


def strip_controls(text: str) -> str:
    """Remove control and bidi-override characters (keeps tab and newline)."""
    return _CONTROL_RE.sub("", text)


def parse_comment_type(text: str) -> str | None:
    """'te', 'Technical', 'technique', 'TE.' -> 'technical'; None when unknown."""
    key = re.sub(r"[^a-z]+", "", _fold(text))
    return TYPE_ALIASES.get(key)


def normalise_clause(text: str) -> str:
    """'Clause 4.2.' -> '4.2'; '' for a clause that means the whole document."""
    text = _CLAUSE_NOISE_RE.sub("", text.strip()).strip().rstrip(".").strip()
    return "" if _fold(text) in GENERAL_CLAUSES else _fold(text)


def clause_sort_key(number: str) -> tuple:
    """Natural order of clause numbers: '2.9' < '2.10' < 'A.1'; unnumbered first."""
    if not number:
        return ((0, 0, ""),)
    parts = []
    for piece in re.split(r"[.\s]+", number.strip()):
        if piece.isdigit():
            parts.append((1, int(piece), ""))
        elif piece:
            parts.append((2, 0, piece.casefold()))
    return tuple(parts)


def csv_safe(value):
    """Neutralise a text cell that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


@dataclass
class ParsedRow:
    """One data row of a template: its spreadsheet row number and its cells by template key."""

    row: int
    values: dict[str, str]
    # Template keys whose cell held a formula in the workbook (refused by the import).
    formulas: set[str] = field(default_factory=set)


@dataclass
class ParsedSheet:
    """The data rows of a template and the header labels as the file wrote them."""

    rows: list[ParsedRow]
    labels: dict[str, str]
    header_row: int
    # "xlsx", "csv" or "docx": what the bytes turned out to be.
    format: str = ""
    # Columns that hold data but are not read: {"column", "position", "rows", "reason"}.
    unread_columns: list[dict] = field(default_factory=list)
