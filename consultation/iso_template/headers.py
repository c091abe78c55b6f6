"""Finding the template's header row and what each of its cells means.

A header cell is matched by meaning, not spelling: examples in parentheses ("Line number
(e.g. 17)"), footnote digits ("MB/NC1") and line breaks are dropped first, then the known
spellings are looked up, then the words that say what the column holds.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from .columns import HEADER_ALIASES, ISO_COLUMNS, REQUIRED_COLUMNS, cell_text, normalise_header

HEADER_SCAN_ROWS = 30
EXPECTED_HEADERS = ", ".join(header for _, header in ISO_COLUMNS)


def no_header_refusal() -> str:
    """Why a workbook or CSV file was refused for having no header row, and what to send."""
    return gettext(
        "No header row found. Use the ISO comment template: a header row (within the first "
        "%(rows)s rows) with at least the columns MB/NC, Type of comment and Comments, in English "
        "or French. Expected headers: %(headers)s."
    ) % {"rows": HEADER_SCAN_ROWS, "headers": EXPECTED_HEADERS}


def no_document_header_refusal() -> str:
    """Why a Word document was refused for having no header row, and what to send."""
    return gettext(
        "No header row found in the page header or the tables. Use the ISO comment template: a "
        "header row (within the first %(rows)s rows) with at least the columns MB/NC, Type of "
        "comment and Comments, in English or French. Expected headers: %(headers)s."
    ) % {"rows": HEADER_SCAN_ROWS, "headers": EXPECTED_HEADERS}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say what a column holds, tried in this order: "Type of comment" is the type, not
# the comment; "Proposed change to the clause" is the change, not the clause.
_MEANINGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("type", _words("type types")),
    (
        "proposed_change",
        _words(
            "proposed proposal proposals proposition propose proposes proposee proposees "
            "modification modifications change changes"
        ),
    ),
    ("line", _words("line lines ligne lignes")),
    ("clause", _words("clause clauses subclause subclauses article articles section")),
    (
        "paragraph",
        _words(
            "paragraph paragraphs figure figures table tables note notes paragraphe alinea tableau"
        ),
    ),
    ("comment", _words("comment comments commentaire commentaires justification")),
    (
        "organisation",
        _words("mb nc member members body country organisation organization pays organisme"),
    ),
)
# Words that make a header something else: the review's own columns (a disposition read back)
# and the identifiers and titles of an OSD export.
_OTHER_WORDS = _words(
    "observation observations secretariat secretariats decision response status date title "
    "titre id resolved revision user name"
)
# A comment column is never a number of a comment ("Comment number", "Comment ID").
_NOT_COMMENT = _words("number numero nb no ref reference")
# Longer cells are sentences (an instruction row, a title), not headers.
_MAX_HEADER_WORDS = 8


def header_key(value) -> str | None:
    """The template key a header cell means ('Clause/ Subclause (e.g. 3.1)' -> 'clause')."""
    text = normalise_header(value)
    if not text:
        return None
    if text in HEADER_ALIASES:
        return HEADER_ALIASES[text]
    words = set(text.split())
    if len(words) > _MAX_HEADER_WORDS or words & _OTHER_WORDS:
        return None
    for key, meaning in _MEANINGS:
        if words & meaning and not (key == "comment" and words & _NOT_COMMENT):
            return key
    return None


def map_header(row: list) -> dict[str, int]:
    """Template keys to column indexes for a candidate header row (first match wins)."""
    mapping: dict[str, int] = {}
    for index, value in enumerate(row):
        key = header_key(value)
        if key and key not in mapping:
            mapping[key] = index
    return mapping


@dataclass
class Header:
    """The header row: its row number in the file, its cells as written and what they mean."""

    row: int
    cells: list[str]
    mapping: dict[str, int]

    @property
    def labels(self) -> dict[str, str]:
        return {key: self.cells[col] for key, col in self.mapping.items()}


def find_header(rows: Iterator[list], *, scan: int = HEADER_SCAN_ROWS) -> Header | None:
    """The first row, of the first `scan` taken from `rows`, that names three template columns.

    The iterator is left just after that row, so the caller reads the data rows from it.
    """
    for index in range(scan):
        row = next(rows, None)
        if row is None:
            return None
        mapping = map_header(row)
        if len(mapping) >= 3:
            return Header(index + 1, [cell_text(value) for value in row], mapping)
    return None


def check_header(header: Header) -> None:
    """Refuse a header row that lacks a required column, naming the cells not recognised."""
    missing = [
        name for key, name in ISO_COLUMNS if key in REQUIRED_COLUMNS and key not in header.mapping
    ]
    if not missing:
        return
    known = set(header.mapping.values())
    unknown = [cell for index, cell in enumerate(header.cells) if cell and index not in known]
    if unknown:
        message = ngettext(
            "The header row (row %(row)s) has no %(missing)s column; its cells %(cells)s were not "
            "recognised. Expected headers: %(headers)s.",
            "The header row (row %(row)s) has none of the columns %(missing)s; its cells "
            "%(cells)s were not recognised. Expected headers: %(headers)s.",
            len(missing),
        )
    else:
        message = ngettext(
            "The header row (row %(row)s) has no %(missing)s column; no other cell of it is a "
            "template header. Expected headers: %(headers)s.",
            "The header row (row %(row)s) has none of the columns %(missing)s; no other cell of "
            "it is a template header. Expected headers: %(headers)s.",
            len(missing),
        )
    raise ValidationError(
        {
            "file": [
                message
                % {
                    "row": header.row,
                    "missing": ", ".join(missing),
                    "cells": ", ".join(repr(cell) for cell in unknown),
                    "headers": EXPECTED_HEADERS,
                }
            ]
        }
    )
