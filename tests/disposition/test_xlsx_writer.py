"""reviews.xlsx: the streaming writer's cells read back as exactly the text that went in."""

import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from reviews.xlsx import CELL_MAX_CHARS, HEADER, NUMBER, TEXT, WRAPPED_TEXT, XlsxWriter

TRICKY = [
    ('=HYPERLINK("http://example.org","x")', '=HYPERLINK("http://example.org","x")'),
    ("+1 and -2", "+1 and -2"),
    ("@SUM(A1)", "@SUM(A1)"),
    ("#DIV/0!", "#DIV/0!"),
    ("<b>not markup</b> & more", "<b>not markup</b> & more"),
    ("bell\x07 and vertical\x0b tab", "bell and vertical tab"),
    ("line one\nline two", "line one\nline two"),
    ("  spaces kept  ", "  spaces kept  "),
    ("x" * (CELL_MAX_CHARS + 10), "x" * (CELL_MAX_CHARS - 1) + "\u2026"),
]


def _build(rows):
    output = io.BytesIO()
    writer = XlsxWriter(output, sheet_name='Sheet "1"', widths=[30, 12], title="Child <safety>")
    writer.append(["Text", "Number"], [HEADER, HEADER])
    for text, number in rows:
        writer.append([text, number], [WRAPPED_TEXT, NUMBER])
    writer.close()
    return output.getvalue()


def test_openpyxl_reads_every_cell_back_as_text():
    data = _build([(given, n) for n, (given, _) in enumerate(TRICKY)])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == 'Sheet "1"'
    for index, (_given, expected) in enumerate(TRICKY, start=2):
        cell = sheet.cell(row=index, column=1)
        assert (cell.value, cell.data_type) == (expected, "s")
        assert sheet.cell(row=index, column=2).value == index - 2
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30


def test_calamine_reads_the_same_file():
    """calamine reads _xHHHH_ escapes as Excel does, so it sees what Excel would show."""
    data = _build([("=1+1", 3), (None, None), ("", 2.5), ("literal _x0041_ stays", 1)])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Text", "Number"]
    assert rows[1] == ["=1+1", 3]
    assert rows[3][1] == 2.5
    assert rows[4][0] == "literal _x0041_ stays"


@pytest.mark.parametrize("style", [TEXT, WRAPPED_TEXT])
def test_text_styles_keep_a_quote_prefix(style):
    output = io.BytesIO()
    writer = XlsxWriter(output, sheet_name="S", widths=[10])
    writer.append(["=A1"], [style])
    writer.close()
    cell = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active["A1"]
    assert cell.quotePrefix and cell.data_type == "s" and cell.value == "=A1"
