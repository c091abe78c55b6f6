"""The ISO/IEC comment template: columns and header aliases, and a guarded reader of uploads."""

from .columns import (
    ISO_COLUMNS,
    REQUIRED_COLUMNS,
    TYPE_CODES,
    ParsedRow,
    ParsedSheet,
    cell_text,
    clause_sort_key,
    csv_safe,
    normalise_clause,
    normalise_header,
    parse_comment_type,
    strip_controls,
)
from .headers import header_key
from .reader import import_limits, read_comment_sheet

__all__ = [
    "ISO_COLUMNS",
    "REQUIRED_COLUMNS",
    "TYPE_CODES",
    "ParsedRow",
    "ParsedSheet",
    "cell_text",
    "clause_sort_key",
    "csv_safe",
    "header_key",
    "import_limits",
    "normalise_clause",
    "normalise_header",
    "parse_comment_type",
    "read_comment_sheet",
    "strip_controls",
]
