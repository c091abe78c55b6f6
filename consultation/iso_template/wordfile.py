"""Read the ISO comment template as a Word document (.docx): the header row and the comment rows.

In the 2012-03 template the column header row lives in the page header and the body table holds
only data rows; other files carry the header row in the body. Rows are walked cell by cell as
the XML holds them (python-docx's `row.cells` repeats a merged cell once per grid column), so
the header and the body are matched by their real cells and never shifted.
"""

import io

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

from .headers import Header, find_header, map_header, no_document_header_refusal
from .rows import collect_rows, refuse

_TC = qn("w:tc")
# Containers a row's cells may sit in (content controls, custom XML), walked through.
_CELL_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
_TRACKED = ".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo"
_TEXT, _TAB, _HYPHEN, _PARAGRAPH = qn("w:t"), qn("w:tab"), qn("w:noBreakHyphen"), qn("w:p")
_BREAKS = {qn("w:br"), qn("w:cr")}
_TR, _VAL, _TABS = qn("w:tr"), qn("w:val"), qn("w:tabs")
_VMERGE = f"{qn('w:tcPr')}/{qn('w:vMerge')}"
# A table with rows of fewer cells is a title block ("Date:", "Document:"), not comments.
_MIN_COLUMNS = 3
# A header label is short; a longer cell under "Comments" is a comment, not a header repeated.
_LABEL_CHARS = 80


def read_docx(data: bytes, limits: dict[str, int]):
    """The comment rows of a Word template; ValidationError({"file": ...}) when unfit.

    Call only on bytes already checked as a zip (entries and expanded size).
    """
    try:
        document = docx.Document(io.BytesIO(data))
        candidates = _header_tables(document)
        body = [table._tbl for table in document.tables]
    except Exception as exc:  # python-docx and lxml raise many kinds; all mean "unreadable".
        raise refuse(
            _("The Word document cannot be read; open it in Word, save it as .docx and retry.")
        ) from exc
    for table, in_body in candidates + [(tbl, True) for tbl in body]:
        rows = _table_rows(table)
        header = find_header(iter(rows))
        if header is None:
            continue
        if in_body:
            following = body[body.index(table) + 1 :]
            data_rows = rows[header.row :]
        else:
            following, data_rows = body, []
        return collect_rows(
            header,
            _numbered(header, data_rows, following),
            limits,
            file_format="docx",
        )
    raise refuse(no_document_header_refusal())


def _header_tables(document) -> list[tuple[object, bool]]:
    """Tables of the page headers Word shows: the default one of each section, the first-page
    one only where the section uses it (the template also carries an unused one)."""
    tables = []
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            if not header.is_linked_to_previous:  # a linked header would be created on access
                tables.extend((table._tbl, False) for table in header.tables)
    return tables


def _numbered(header: Header, first: list[list[str]], tables: list):
    """(row number, cells) of the data rows: the header's row is row `header.row`, and the
    numbering runs on through the tables that follow; repeated header rows are skipped."""
    number = header.row
    width = len(header.cells)
    for rows in [first, *(_table_rows(table) for table in tables)]:
        if rows and rows is not first and max(len(row) for row in rows) < _MIN_COLUMNS:
            continue
        for row in rows:
            number += 1
            if not any(row):
                continue
            if _repeats(header, row):
                continue  # the header again, at the top of the next table or page
            if len(row) != width:
                raise refuse(
                    _(
                        "The header row has %(width)s columns but row %(number)s of the comment "
                        "table has %(n_row)s; the columns cannot be matched. Give every row of "
                        "the table the header's columns (no merged or split cells) and retry."
                    )
                    % {"width": width, "number": number, "n_row": len(row)}
                )
            yield number, row


def _repeats(header: Header, row: list[str]) -> bool:
    """True for a row that is the header again (its comment cell is a short label first)."""
    label = row[header.mapping["comment"]] if header.mapping["comment"] < len(row) else ""
    return len(label) <= _LABEL_CHARS and map_header(row) == header.mapping


def _table_rows(table) -> list[list[str]]:
    """Every row of a table as the text of its real cells; a vertically merged cell repeats
    the text of the cell it continues, as Word shows it."""
    if table.xpath(_TRACKED):
        raise refuse(
            _(
                "The document has tracked changes in its comment table; accept or reject the "
                "tracked changes first, then save it and retry."
            )
        )
    rows: list[list[str]] = []
    for tr in table.iterchildren(_TR):
        cells = []
        for index, tc in enumerate(_real_cells(tr)):
            merge = tc.find(_VMERGE)
            continues = merge is not None and merge.get(_VAL, "continue") == "continue"
            above = rows[-1] if rows else []
            cells.append(above[index] if continues and index < len(above) else _cell_text(tc))
        rows.append(cells)
    return rows


def _real_cells(element):
    """The <w:tc> of a row in order, each once, including those inside content controls."""
    for child in element.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in _CELL_WRAPPERS:
            yield from _real_cells(child)


def _cell_text(tc) -> str:
    """A cell's paragraphs joined by line breaks, with its tabs and breaks kept."""
    lines = []
    for paragraph in tc.iter(_PARAGRAPH):
        parts = []
        for el in paragraph.iter():
            if el.tag == _TEXT:
                parts.append(el.text or "")
            elif el.tag == _TAB and el.getparent().tag != _TABS:
                parts.append("\t")
            elif el.tag in _BREAKS:
                parts.append("\n")
            elif el.tag == _HYPHEN:
                parts.append("-")
        lines.append("".join(parts))
    return "\n".join(lines).strip()
