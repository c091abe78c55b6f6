"""OpenDocument spreadsheets (.ods): how large a grid their sheets unfold to, and where a
sheet's formula cells are.

ODF repeats a row or a cell by a number (`number-rows-repeated="1000000"`): a file of one
kilobyte can unfold into a grid of billions of cells, which calamine would build in memory, so
every sheet's grid is measured first, streaming content.xml. calamine reads an .ods sheet's
cells (and the cached value of a formula, hiding the formula); the import refuses formula
cells, so their places are found in content.xml too, walked only when it holds a formula.
"""

import zipfile

from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .rows import refuse

ODS_MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_FORMULA = _TABLE + "formula"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
# A sheet of ODF may repeat an empty row or cell a million times; formula cells past this are
# not in a comment file's columns.
_MAX_COLUMNS = 16_384


_DAMAGED = gettext_lazy("The spreadsheet's structure is damaged; save it again and retry.")


def _repeat(element, name: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + name, "1")))
    except ValueError:
        return 1


def _filled(cell) -> bool:
    return cell.get(_OFFICE + "value-type") is not None or len(cell) > 0


def check_ods_extent(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Refuse a workbook whose sheets, once their repeated rows and cells are unfolded, hold a
    grid of more than `max_cells` cells (counted up to the last filled row and column)."""
    try:
        with archive.open("content.xml") as part:
            row = row_repeat = column = width = row_width = 0
            for event, element in iterparse(part, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _TABLE + "table":
                        row = width = 0
                    elif tag == _TABLE + "table-row":
                        row_repeat, column, row_width = (
                            _repeat(element, "number-rows-repeated"),
                            0,
                            0,
                        )
                    continue
                if tag in _CELLS:
                    repeat = _repeat(element, "number-columns-repeated")
                    if _filled(element):
                        row_width = column + repeat
                    column += repeat
                    element.clear()
                elif tag == _TABLE + "table-row":
                    if row_width:
                        width = max(width, row_width)
                        if (row + row_repeat) * width > max_cells:
                            raise refuse(
                                _(
                                    "A sheet of the spreadsheet repeats its rows or cells into "
                                    "more than %(cells)s cells; delete the repeated rows and "
                                    "columns beyond the comments, save it again and retry."
                                )
                                % {"cells": f"{max_cells:,}"}
                            )
                    row += row_repeat
                    element.clear()
    except (KeyError, ParseError, zipfile.BadZipFile, OSError) as exc:
        raise refuse(_DAMAGED) from exc


def _mentions_formula(archive: zipfile.ZipFile) -> bool:
    """True when content.xml holds a formula attribute, read a chunk at a time."""
    tail = b""
    with archive.open("content.xml") as part:
        while chunk := part.read(1 << 20):
            if b"formula=" in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def ods_formula_cells(archive: zipfile.ZipFile, sheet_name: str) -> set[tuple[int, int]]:
    """(row number, 0-based column) of every formula cell of the named sheet."""
    try:
        if not _mentions_formula(archive):
            return set()
        found: set[tuple[int, int]] = set()
        with archive.open("content.xml") as part:
            in_sheet, row, row_repeat, column = False, 0, 1, 0
            for event, element in iterparse(part, events=("start", "end")):
                tag = element.tag
                if tag == _TABLE + "table":
                    in_sheet = event == "start" and element.get(_TABLE + "name") == sheet_name
                    row, row_repeat = 0, 1
                elif not in_sheet or event != "start":
                    if event == "end" and tag in (*_CELLS, _TABLE + "table-row"):
                        element.clear()
                    continue
                elif tag == _TABLE + "table-row":
                    row += row_repeat if row else 1
                    row_repeat, column = _repeat(element, "number-rows-repeated"), 0
                elif tag in _CELLS:
                    repeat = _repeat(element, "number-columns-repeated")
                    if element.get(_FORMULA) is not None:
                        for offset in range(min(repeat, _MAX_COLUMNS)):
                            found.add((row, column + offset))
                    column += repeat
    except (KeyError, ParseError, zipfile.BadZipFile, OSError) as exc:
        raise refuse(_DAMAGED) from exc
    return found
