"""Word comment files built with python-docx, in the shapes member bodies send them."""

import copy
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# The 2012-03 template's header row: footnote digits as plain text, line breaks, examples.
HEADER_2012 = [
    "MB/\nNC1",
    "Line number\n(e.g. 17)",
    "Clause/\nSubclause\n(e.g. 3.1)",
    "Paragraph/\nFigure/ Table/\nNote\n(e.g. Table 1)",
    "Type of comment2",
    "Comments",
    "Proposed change",
    "Observations of the secretariat",
]
# The 2001-09 form (ISO FORM 13B): another order of columns.
HEADER_2001 = [
    "MB1",
    "Clause No./\nSubclause No./\nAnnex\n(e.g. 3.1)",
    "Paragraph/\nFigure/Table/\nNote\n(e.g. Table 1)",
    "Type of comment2",
    "Comment (justification for change) by the MB",
    "Proposed change by the MB",
    "Secretariat observations on each comment submitted",
]
TITLE_BLOCK = [["Date:", "2026-11-02", "Document:", "ISO/DIS 99999"], ["Project:", "COP", "", ""]]


def fill(table, rows):
    """Write rows of text into a python-docx table, row by row."""
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = "" if value is None else str(value)


def _add_table(container, rows, **kwargs):
    width = max(len(row) for row in rows)
    table = container.add_table(rows=len(rows), cols=width, **kwargs)
    fill(table, [list(row) + [""] * (width - len(row)) for row in rows])
    return table


def template_2012(rows, *, header=HEADER_2012, header_in="page", first_page=None, edit=None):
    """A landscape 2012-03 template: title block and header row in the page header (or the
    header row on top of the body table, or none), data rows in the body. `first_page` fills the
    section's first-page header (unused unless edit() says so); `edit(document)` tweaks."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    page_header = section.header
    title = page_header.add_table(rows=2, cols=4, width=section.page_width)
    fill(title, TITLE_BLOCK)
    if first_page is not None:
        _add_table(section.first_page_header, first_page, width=section.page_width)
    if header_in == "page":
        _add_table(page_header, [header], width=section.page_width)
    if header_in == "body":
        document.add_paragraph("Template for comments and secretariat observations")
        _add_table(document, [header, *rows])
    elif rows:
        _add_table(document, rows)
    if edit:
        edit(document)
    return save(document)


def save(document, name="comments.docx"):
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def body_rows(document):
    """The <w:tr> elements of the document's first body table."""
    return document.tables[0]._tbl.findall(qn("w:tr"))


def flag_repeating_header(tr):
    """Mark a row as one Word repeats at the top of every page."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def add_ghost_column(tr):
    """Turn the row's first cell into a grid column with no cell in it (w:gridBefore)."""
    tr.remove(tr.findall(qn("w:tc"))[0])
    tr_pr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr_pr.insert(0, before)


def track_insertion(tr, column, text):
    """Append `text` to a cell as a tracked insertion (<w:ins><w:r><w:t>)."""
    paragraph = tr.findall(qn("w:tc"))[column].findall(qn("w:p"))[0]
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "Editor")
    run = copy.deepcopy(paragraph.findall(qn("w:r"))[0])
    run.findall(qn("w:t"))[0].text = text
    insertion.append(run)
    paragraph.append(insertion)
