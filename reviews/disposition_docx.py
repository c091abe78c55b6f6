"""The disposition of comments as a Word document in the ISO/IEC 2012-03 template layout.

Landscape; the title block (Date, Document, Project) and the column header row sit in the page
header, so Word repeats them on every page, and the body holds one table row per comment in
clause order. Every cell is plain text runs (never a field or a formula), so nothing in a
comment can run when the file is opened. The body rows are written as XML in chunks rather
than through python-docx's per-cell API, which is what makes 10,000 rows affordable. The file
reads back through the comment import (consultation.iso_template).
"""

import re
import tempfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

import docx
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, Twips

from consultation.models import Decision, Guideline

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The template's eight columns and their share of the page width (in twentieths of a point).
TEMPLATE_COLUMNS = (
    ("MB/NC", 1400),
    ("Line number", 1000),
    ("Clause/Subclause", 1200),
    ("Paragraph/Figure/Table/Note", 1400),
    ("Type of comment", 900),
    ("Comments", 3900),
    ("Proposed change", 3400),
    ("Observations of the secretariat", 3400),
)
_CHUNK = 500
# Characters XML 1.0 cannot carry at all (a document holding one would not open).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DECISIONS = dict(Decision.choices)


def disposition_docx(guideline: Guideline, rows: Iterable[dict], output=None):
    """The disposition written into `output` (a binary file; by default a temporary file),
    rewound and returned; the caller closes it."""
    if output is None:
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    header = section.header
    title = header.add_table(rows=3, cols=2, width=section.page_width)
    for row, (label, value) in zip(
        title.rows,
        [
            ("Date:", f"{timezone.localdate():%Y-%m-%d}"),
            ("Document:", guideline.title),
            ("Project:", "Disposition of comments"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    columns = header.add_table(rows=1, cols=len(TEMPLATE_COLUMNS), width=section.page_width)
    _grid(columns._tbl)
    for cell, (label, _width) in zip(columns.rows[0].cells, TEMPLATE_COLUMNS, strict=True):
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    body = document.add_table(rows=0, cols=len(TEMPLATE_COLUMNS))
    body.style = "Table Grid"
    _grid(body._tbl)
    chunk: list[str] = []
    for row in rows:
        chunk.append(_row_xml(row))
        if len(chunk) >= _CHUNK:
            _append(body._tbl, chunk)
            chunk = []
    _append(body._tbl, chunk)
    document.save(output)
    output.seek(0)
    return output


def _grid(tbl) -> None:
    """Column widths of the template on a table's grid."""
    for col, (_label, width) in zip(tbl.tblGrid.gridCol_lst, TEMPLATE_COLUMNS, strict=True):
        col.w = Twips(width)


def _append(tbl, rows_xml: list[str]) -> None:
    if not rows_xml:
        return
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows_xml)}</w:tbl>")
    for tr in list(parsed):
        tbl.append(tr)


def observations(row: dict) -> str:
    """Observations of the secretariat: the decision on the first line, the rationale below."""
    decision = str(_DECISIONS.get(row["decision"], ""))
    return "\n".join(part for part in (decision, row["rationale"] or "") if part)


def _row_xml(row: dict) -> str:
    cells = (
        row["external_ref"] or row["organisation"],
        row["line"],
        row["clause"],
        row["paragraph"],
        row["type"],
        row["comment"],
        row["proposed_change"],
        observations(row),
    )
    return "<w:tr>" + "".join(_cell_xml(value) for value in cells) + "</w:tr>"


def _cell_xml(value) -> str:
    """A cell of plain text: one paragraph per line, tabs as tabs."""
    text = _NOT_XML_RE.sub("", "" if value is None else str(value))
    paragraphs = []
    for line in text.split("\n"):
        runs = "<w:tab/>".join(
            f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in line.split("\t")
        )
        paragraphs.append(f"<w:p><w:r>{runs}</w:r></w:p>")
    return "<w:tc>" + "".join(paragraphs) + "</w:tc>"
