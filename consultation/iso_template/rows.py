"""From a header and the rows under it to a ParsedSheet, the same way for every file format."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .columns import ISO_COLUMNS, ParsedRow, ParsedSheet, cell_text
from .headers import Header, check_header, header_key

_TITLES = dict(ISO_COLUMNS)


def refuse(message: str) -> ValidationError:
    """The upload is unfit as a whole: a 400 on the file field."""
    return ValidationError({"file": [message]})


def collect_rows(
    header: Header,
    rows: Iterable[tuple[int, list]],
    limits: dict[str, int],
    *,
    file_format: str,
    formula_rows: dict[int, set[str]] | None = None,
) -> ParsedSheet:
    """The data rows (row number, cells) under the header, blank rows skipped, capped in number.

    Columns the header does not map are watched: any that holds data is named in
    `unread_columns`, so that nothing a member body wrote disappears without a word.
    """
    check_header(header)
    formula_rows = formula_rows or {}
    mapping = header.mapping
    mapped = set(mapping.values())
    parsed = ParsedSheet(rows=[], labels=header.labels, header_row=header.row, format=file_format)
    filled: dict[int, int] = {}
    for row_number, row in rows:
        values = {
            key: cell_text(row[col]) if col < len(row) else "" for key, col in mapping.items()
        }
        for col, value in enumerate(row):
            if col not in mapped and value not in (None, "") and cell_text(value):
                filled[col] = filled.get(col, 0) + 1
        if not any(values.values()) and row_number not in formula_rows:
            continue
        if len(parsed.rows) >= limits["max_rows"]:
            raise refuse(
                _("The file has more than %(limits)s comment rows; split it into several files.")
                % {"limits": limits["max_rows"]}
            )
        parsed.rows.append(ParsedRow(row_number, values, formula_rows.get(row_number, set())))
    parsed.unread_columns = [_unread(header, col, count) for col, count in sorted(filled.items())]
    return parsed


def _unread(header: Header, col: int, count: int) -> dict:
    """How a column that holds data but is not read is reported."""
    label = header.cells[col] if col < len(header.cells) else ""
    key = header_key(label)
    if not label:
        reason = _("The column has no header, so its cells are not imported.")
    elif key in header.mapping:
        reason = _("A second %(get)s column; only the first one (%(cells)s) is imported.") % {
            "get": _TITLES.get(key, key),
            "cells": repr(header.cells[header.mapping[key]]),
        }
    else:
        reason = _("Not a column of the comment template, so its cells are not imported.")
    return {"column": label, "position": col + 1, "rows": count, "reason": reason}
