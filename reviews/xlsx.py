"""A small streaming xlsx writer: one sheet, inline strings, a frozen bold header.

openpyxl's write-only mode measured about 1,300 rows/s for the disposition (per-cell style
objects and a pure-Python XML serialiser); the export goal is 20,000 rows/s, so the sheet XML
is written here directly. Every text is an inline string (t="inlineStr"), so no cell can ever
be read as a formula or an error value, whatever it starts with; text styles also carry
quotePrefix, so a cell stays text even after a user edits it in Excel.
"""

import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

CELL_MAX_CHARS = 32_767  # Excel's limit for the text of one cell
HEADER, WRAPPED_TEXT, TEXT, NUMBER = 1, 2, 3, 4  # indexes into cellXfs below

_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel reads "_x0041_" in a string as an escaped character; escape the underscore itself.
_EXCEL_ESCAPE_RE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NEEDS_CLEANING_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CT_PARTS = [
    ("/xl/workbook.xml", f"{_OFFICE}.sheet.main+xml"),
    ("/xl/worksheets/sheet1.xml", f"{_OFFICE}.worksheet+xml"),
    ("/xl/styles.xml", f"{_OFFICE}.styles+xml"),
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
]
_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in _CT_PARTS)
    + "</Types>"
)
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_CORE_REL}" Target="docProps/core.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_XF = 'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"'
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    f"<xf {_XF} quotePrefix=\"1\">"
    '<alignment vertical="top" wrapText="1"/></xf>'
    f"<xf {_XF} quotePrefix=\"1\">"
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)  # fmt: skip


def clean_text(value: str) -> str:
    """Text an xlsx cell can hold: no XML-illegal characters, Excel escapes neutralised,
    at most 32,767 characters."""
    value = _ILLEGAL_XML_RE.sub("", value)
    value = _EXCEL_ESCAPE_RE.sub(r"_x005F_\1", value)
    if len(value) > CELL_MAX_CHARS:
        value = value[: CELL_MAX_CHARS - 1] + "\u2026"
    return value


class XlsxWriter:
    """Write one sheet row by row into a binary file object; call close() to finish the zip."""

    def __init__(self, fileobj, *, sheet_name: str, widths: list[int], title: str = ""):
        self._zip = zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._letters = [get_column_letter(i) for i in range(1, len(widths) + 1)]
        self._row = 0
        self._pending: list[str] = []
        self._write_package(sheet_name, title)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        self._emit(
            _HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        )

    def _write_package(self, sheet_name: str, title: str) -> None:
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr(
            "docProps/core.xml",
            _HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(clean_text(title))}</dc:title></cp:coreProperties>",
        )
        self._zip.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{escape(sheet_name, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)

    def _emit(self, text: str) -> None:
        self._sheet.write(text.encode("utf-8"))

    def append(self, values: Iterable, styles: list[int]) -> None:
        """One row; str values become text cells, int/float numbers, None/"" empty cells."""
        self._row += 1
        number = str(self._row)
        cells = []
        add = cells.append
        for letter, value, style in zip(self._letters, values, styles, strict=True):
            if value is None or value == "":
                continue
            if (
                value.__class__ is str
                or isinstance(value, bool)
                or not isinstance(value, int | float)
            ):
                text = value if value.__class__ is str else str(value)
                # The slow cleaning only for the rare text that needs it.
                if len(text) > CELL_MAX_CHARS or _NEEDS_CLEANING_RE.search(text):
                    text = clean_text(text)
                if "&" in text or "<" in text or ">" in text:
                    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                add(
                    f'<c r="{letter}{number}" s="{style}" t="inlineStr">'
                    f'<is><t xml:space="preserve">{text}</t></is></c>'
                )
            else:
                add(f'<c r="{letter}{number}" s="{style}"><v>{value!r}</v></c>')
        self._pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self._pending) >= 500:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._emit("".join(self._pending))
            self._pending.clear()

    def close(self) -> None:
        """Finish the sheet and the zip (the file object stays open)."""
        self._flush()
        self._emit("</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()
