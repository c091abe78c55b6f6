"""Read a filled-in ISO comment template (xlsx or csv) defensively, without touching the database.

The upload is untrusted: its kind is decided by its bytes, not its name; a workbook is checked as
a zip (entries, the size it really inflates to) before the parser sees it; formula cells are
found in the sheet XML so that the import can refuse them; sizes, rows and cell text are capped
and cleaned.
"""

import csv
import io
import re
import zipfile
from itertools import islice
from posixpath import join, normpath

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .columns import ParsedRow, ParsedSheet, cell_text, is_header, map_header
from .inflation import DamagedZip, measure_expansion

HEADER_SCAN_ROWS = 30
MAX_ZIP_ENTRIES = 2_000
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A cell element with its attributes and content; attributes may not end the tag with "/>".
_CELL_RE = re.compile(rb"<(?:\w+:)?c\b((?:[^>/]|/(?!>))*)>(.*?)</(?:\w+:)?c>", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_HEADER_HELP = (
    "Use the ISO comment template: a header row (within the first 30 rows) with at least the "
    "columns MB/NC, Type of comment and Comments, in English or French."
)


def import_limits() -> dict[str, int]:
    """The caps of the import, overridable in settings (the benchmark raises them)."""
    upload_cap = getattr(settings, "UPLOAD_MAX_BYTES", None) or 10 * 1024 * 1024
    return {
        "max_bytes": getattr(settings, "COMMENT_IMPORT_MAX_BYTES", upload_cap),
        "max_rows": getattr(settings, "COMMENT_IMPORT_MAX_ROWS", 100_000),
        "max_expanded_bytes": getattr(
            settings, "COMMENT_IMPORT_MAX_EXPANDED_BYTES", 200 * 1024 * 1024
        ),
    }


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _size(size: int) -> str:
    """A size in the unit that shows it: bytes, kB or MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB"
    return _megabytes(size)


def read_comment_sheet(upload) -> ParsedSheet:
    """Parse an uploaded xlsx or csv template into rows; ValidationError({"file": ...}) if unfit."""
    limits = import_limits()
    if upload.size is not None and upload.size > limits["max_bytes"]:
        raise _refuse(
            f"The file is {_megabytes(upload.size)}; the limit is "
            f"{_megabytes(limits['max_bytes'])}. Split the comments into several files."
        )
    upload.seek(0)
    data = upload.read(limits["max_bytes"] + 1)
    if len(data) > limits["max_bytes"]:
        raise _refuse(f"The file is larger than {_megabytes(limits['max_bytes'])}.")
    if not data.strip():
        raise _refuse("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            "This is an old Excel .xls workbook; save it as .xlsx or as CSV UTF-8 and retry."
        )
    return _read_csv(data, limits)


# --- xlsx -----------------------------------------------------------------------------------


def _read_xlsx(data: bytes, limits: dict[str, int]) -> ParsedSheet:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _refuse("The file looks like a zip archive but cannot be opened.") from exc
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse("The file is a zip archive, not an xlsx workbook; send xlsx or csv.")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _refuse(f"The workbook has {len(entries)} parts; a comment template has far fewer.")
    # A zip bomb: a few kilobytes that expand to gigabytes, whatever its headers declare.
    # Refused before any parser runs, by inflating it (a few chunks of memory at a time).
    try:
        expansion = measure_expansion(data, entries, limits["max_expanded_bytes"])
    except DamagedZip as exc:
        raise _refuse(
            f"The workbook's zip archive is damaged ({exc}); open it in a spreadsheet, save it "
            "again and retry."
        ) from exc
    if expansion.over_cap:
        declared = sum(entry.file_size for entry in entries)
        raise _refuse(
            f"Unzipped, the workbook holds more than {_size(limits['max_expanded_bytes'])}, the "
            f"limit (reading stopped there); the file is {_size(len(data))} and its zip headers "
            f"claim {_size(declared)}. Split the comments into several files."
        )
    if expansion.mismatch:
        name, declared, real = expansion.mismatch
        raise _refuse(
            f"The workbook's zip headers are false: its part {name} claims {_size(declared)} "
            f"but holds {_size(real)}. Open it in a spreadsheet, save it again and retry."
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several kinds; all mean "unreadable workbook".
        raise _refuse(
            "The workbook cannot be read; open it in a spreadsheet and save it again."
        ) from exc
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            try:
                sheet = workbook.get_sheet_by_index(index)
                parsed = _read_sheet(sheet, archive, meta.name, limits)
            except ValidationError:
                raise
            except Exception as exc:
                raise _refuse(f"The sheet {meta.name!r} cannot be read.") from exc
            if parsed is not None:
                return parsed
    raise _refuse(f"No header row found. {_HEADER_HELP}")


def _read_sheet(sheet, archive, sheet_name, limits) -> ParsedSheet | None:
    """Rows of one sheet, or None when it has no template header."""
    rows = sheet.iter_rows()  # yields from the sheet's first row, so row numbers are absolute
    col_offset = sheet.start[1] if sheet.start else 0  # ...but columns from the first used one
    header = None
    for index, row in enumerate(islice(rows, HEADER_SCAN_ROWS)):
        mapping = map_header(row)
        if is_header(mapping):
            header = (index, mapping, row)
            break
    if header is None:
        return None
    header_index, mapping, header_cells = header
    parsed = ParsedSheet(
        rows=[],
        labels={key: cell_text(header_cells[col]) for key, col in mapping.items()},
        header_row=header_index + 1,
    )
    formulas = _formula_cells(archive, sheet_name)
    by_column = {col + col_offset: key for key, col in mapping.items()}
    formula_rows: dict[int, set[str]] = {}
    for row_number, column in formulas:
        if column in by_column and row_number > header_index + 1:
            formula_rows.setdefault(row_number, set()).add(by_column[column])
    for index, row in enumerate(rows, start=header_index + 1):
        values = {
            key: cell_text(row[col]) if col < len(row) else "" for key, col in mapping.items()
        }
        row_number = index + 1
        if not any(values.values()) and row_number not in formula_rows:
            continue
        if len(parsed.rows) >= limits["max_rows"]:
            raise _refuse(
                f"The file has more than {limits['max_rows']} comment rows; split it into "
                "several files."
            )
        parsed.rows.append(ParsedRow(row_number, values, formula_rows.get(row_number, set())))
    return parsed


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip path of the named worksheet, from workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(
        (
            el.get(_REL_NS)
            for el in workbook.iter()
            if el.tag.endswith("}sheet") and el.get("name") == sheet_name
        ),
        None,
    )
    if rel_id is None:
        return None
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for el in rels.iter():
        if el.tag.endswith("}Relationship") and el.get("Id") == rel_id:
            target = el.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return None


def _formula_cells(archive: zipfile.ZipFile, sheet_name: str) -> set[tuple[int, int]]:
    """(row number, 0-based column) of every formula cell of the sheet.

    calamine reads the cached value of a formula and hides the formula itself, so the sheet XML
    is searched for <f> elements; a quick substring test keeps the common case (none) cheap.
    """
    try:
        path = _sheet_path(archive, sheet_name)
        xml = archive.read(path) if path else b""
    except (KeyError, ValueError, ElementTree.ParseError) as exc:
        raise _refuse("The workbook's structure is damaged; save it again and retry.") from exc
    if not _FORMULA_RE.search(xml):
        return set()
    found = set()
    for match in _CELL_RE.finditer(xml):
        if not _FORMULA_RE.search(match.group(2)):
            continue
        ref = _REF_RE.search(match.group(1))
        if ref is None:
            raise _refuse("The workbook contains formulas; paste the values as text and retry.")
        found.add((int(ref.group(2)), _column_index(ref.group(1).decode())))
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


# --- csv ------------------------------------------------------------------------------------


_NOT_UTF8 = (
    "The file is neither an xlsx workbook nor a UTF-8 CSV file. In a spreadsheet, save it as "
    ".xlsx or as 'CSV UTF-8'."
)


def _read_csv(data: bytes, limits: dict[str, int]) -> ParsedSheet:
    # The text is decoded as it is read, never held whole (a str of the file would cost up to
    # four times its bytes); NUL, which UTF-8 encodes as the byte 0 alone, is looked for first.
    if b"\x00" in data:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse(_NOT_UTF8) from exc
        raise _refuse("The file is neither an xlsx workbook nor a CSV text file.")
    delimiter, header_index, mapping, header_cells = _sniff_csv(data)
    parsed = ParsedSheet(
        rows=[],
        labels={key: cell_text(header_cells[col]) for key, col in mapping.items()},
        header_row=header_index + 1,
    )
    # Count before keeping: a file past the row cap is refused having held none of its rows.
    filled = 0
    for _number, row in _csv_rows(data, delimiter, header_index):
        filled += any(col < len(row) and cell_text(row[col]) for col in mapping.values())
        if filled > limits["max_rows"]:
            raise _refuse(
                f"The file has more than {limits['max_rows']} comment rows; split it into "
                "several files."
            )
    for number, row in _csv_rows(data, delimiter, header_index):
        values = {
            key: cell_text(row[col]) if col < len(row) else "" for key, col in mapping.items()
        }
        if any(values.values()):
            parsed.rows.append(ParsedRow(number, values))
    return parsed


def _csv_rows(data: bytes, delimiter: str, header_index: int = -1):
    """(row number, cells) of every row below the header, decoded as they are read."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    index = 0
    try:
        for index, row in enumerate(reader):
            if index > header_index:
                yield index + 1, row
    except UnicodeDecodeError as exc:
        raise _refuse(_NOT_UTF8) from exc
    except csv.Error as exc:
        raise _refuse(f"The CSV file cannot be read after row {index + 1}: {exc}.") from exc


def _sniff_csv(data: bytes):
    """The delimiter (comma, semicolon or tab) under which a template header appears."""
    best = None
    for delimiter in (",", ";", "\t"):
        rows = islice(_csv_rows(data, delimiter), HEADER_SCAN_ROWS)
        for index, (_number, row) in enumerate(rows):
            mapping = map_header(row)
            if is_header(mapping):
                if best is None or len(mapping) > len(best[2]):
                    best = (delimiter, index, mapping, row)
                break
    if best is None:
        raise _refuse(f"No header row found. {_HEADER_HELP}")
    return best
