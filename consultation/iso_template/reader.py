"""Read a filled-in ISO comment template (xlsx, ods, docx or csv) defensively, without the
database.

The upload is untrusted: its kind is decided by its bytes, not its name; a workbook or a
document is checked as a zip (entries, the size it really inflates to) before a parser sees it;
formula cells are found in the sheet XML so that the import can refuse them; sizes, rows and
cell text are capped and cleaned.
"""

import csv
import io
import re
import zipfile
from posixpath import join, normpath

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .columns import ParsedSheet, cell_text
from .headers import Header, find_header, no_header_refusal
from .inflation import DamagedZip, measure_expansion
from .opendocument import ODS_MEDIA_TYPE, check_ods_extent, ods_formula_cells
from .rows import collect_rows, refuse
from .wordfile import read_docx

MAX_ZIP_ENTRIES = 2_000
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
# A cell element with its attributes and content; attributes may not end the tag with "/>".
_CELL_RE = re.compile(rb"<(?:\w+:)?c\b((?:[^>/]|/(?!>))*)>(.*?)</(?:\w+:)?c>", re.S)
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


#: What the messages call each kind of zip file.
_NOUNS = {"document": gettext_lazy("document"), "workbook": gettext_lazy("workbook")}


def import_limits() -> dict[str, int]:
    """The caps of the import, overridable in settings (the benchmark raises them)."""
    upload_cap = getattr(settings, "UPLOAD_MAX_BYTES", None) or 10 * 1024 * 1024
    return {
        "max_bytes": getattr(settings, "COMMENT_IMPORT_MAX_BYTES", upload_cap),
        "max_rows": getattr(settings, "COMMENT_IMPORT_MAX_ROWS", 100_000),
        "max_expanded_bytes": getattr(
            settings, "COMMENT_IMPORT_MAX_EXPANDED_BYTES", 200 * 1024 * 1024
        ),
        # The grid an .ods sheet may unfold to (rows x columns, repeated rows counted).
        "max_cells": getattr(settings, "COMMENT_IMPORT_MAX_CELLS", 4_000_000),
    }


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
    """Parse an uploaded xlsx, ods, docx or csv template into rows; ValidationError({"file": ...})
    if unfit."""
    limits = import_limits()
    if upload.size is not None and upload.size > limits["max_bytes"]:
        raise refuse(
            _(
                "The file is %(megabytes)s; the limit is %(megabytes2)s. Split the comments into "
                "several files."
            )
            % {"megabytes": _megabytes(upload.size), "megabytes2": _megabytes(limits["max_bytes"])}
        )
    upload.seek(0)
    data = upload.read(limits["max_bytes"] + 1)
    if len(data) > limits["max_bytes"]:
        raise refuse(
            _("The file is larger than %(megabytes)s.")
            % {"megabytes": _megabytes(limits["max_bytes"])}
        )
    if not data.strip():
        raise refuse(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            _(
                "This is an old Word .doc or Excel .xls file; save it as .docx / .xlsx (or as CSV "
                "UTF-8) and retry."
            )
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise refuse(_("This is an RTF document; save it as .docx / .xlsx and retry."))
    return _read_csv(data, limits)


# --- zip containers: xlsx and docx ----------------------------------------------------------


def _read_zip(data: bytes, limits: dict[str, int]) -> ParsedSheet:
    """An xlsx workbook or a docx document, told apart by their parts, checked as zips first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise refuse(_("The file looks like a zip archive but cannot be opened.")) from exc
    names = {entry.filename for entry in entries}
    opendocument = _opendocument_type(archive, names)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        noun = "document"
    elif ("[Content_Types].xml" in names and "xl/workbook.xml" in names) or (
        opendocument == ODS_MEDIA_TYPE and "content.xml" in names
    ):
        noun = "workbook"
    elif opendocument:
        raise refuse(
            _(
                "This is an OpenDocument file but not a spreadsheet; save the comments as .ods, "
                ".xlsx or .docx and retry."
            )
        )
    else:
        raise refuse(
            _(
                "The file is a zip archive, not an xlsx or ods workbook or a docx document; send "
                "xlsx, ods, docx or csv."
            )
        )
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse(
            _("The %(noun)s has %(count)s parts; a comment template has far fewer.")
            % {"noun": _NOUNS[noun], "count": len(entries)}
        )
    check_expansion(data, entries, limits, noun)
    if noun == "document":
        return read_docx(data, limits)
    if opendocument:
        check_ods_extent(archive, limits["max_cells"])
        return _read_workbook(data, archive, limits, "ods")
    return _read_workbook(data, archive, limits, "xlsx")


def _opendocument_type(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The media type an OpenDocument file states in its first part ('' for other zips)."""
    if "mimetype" not in names:
        return ""
    try:
        with archive.open("mimetype") as part:
            return part.read(100).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return ""


def check_expansion(
    data: bytes, entries: list[zipfile.ZipInfo], limits: dict[str, int], noun: str
) -> None:
    """Refuse a zip bomb (a few kilobytes that expand to gigabytes, whatever its headers
    declare) before any parser runs, by inflating it a few chunks of memory at a time."""
    app = _("a spreadsheet") if noun == "workbook" else "Word"
    try:
        expansion = measure_expansion(data, entries, limits["max_expanded_bytes"])
    except DamagedZip as exc:
        raise refuse(
            _(
                "The %(noun)s's zip archive is damaged (%(exc)s); open it in %(app)s, save it "
                "again and retry."
            )
            % {"noun": _NOUNS[noun], "exc": exc, "app": app}
        ) from exc
    if expansion.over_cap:
        declared = sum(entry.file_size for entry in entries)
        raise refuse(
            _(
                "Unzipped, the %(noun)s holds more than %(limit)s, the limit (reading stopped "
                "there); the file is %(size)s and its zip headers claim %(declared)s. Split the "
                "comments into several files."
            )
            % {
                "noun": _NOUNS[noun],
                "limit": _size(limits["max_expanded_bytes"]),
                "size": _size(len(data)),
                "declared": _size(declared),
            }
        )
    if expansion.mismatch:
        name, declared, real = expansion.mismatch
        raise refuse(
            _(
                "The %(noun)s's zip headers are false: its part %(name)s claims %(declared)s but "
                "holds %(size)s. Open it in %(app)s, save it again and retry."
            )
            % {
                "noun": _NOUNS[noun],
                "name": name,
                "declared": _size(declared),
                "size": _size(real),
                "app": app,
            }
        )


def _read_workbook(
    data: bytes, archive: zipfile.ZipFile, limits: dict[str, int], file_format: str
) -> ParsedSheet:
    """An xlsx or ods workbook through calamine: the first visible sheet with a header."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several kinds; all mean "unreadable workbook".
        raise refuse(
            _("The workbook cannot be read; open it in a spreadsheet and save it again.")
        ) from exc
    with workbook:
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            try:
                sheet = workbook.get_sheet_by_index(index)
                parsed = _read_sheet(sheet, archive, meta.name, limits, file_format)
            except ValidationError:
                raise
            except Exception as exc:
                raise refuse(
                    _("The sheet %(name)s cannot be read.") % {"name": repr(meta.name)}
                ) from exc
            if parsed is not None:
                return parsed
    raise refuse(no_header_refusal())


def _read_sheet(sheet, archive, sheet_name, limits, file_format) -> ParsedSheet | None:
    """Rows of one sheet, or None when it has no template header."""
    rows = iter(sheet.iter_rows())  # from the sheet's first row, so row numbers are absolute
    col_offset = sheet.start[1] if sheet.start else 0  # ...but columns from the first used one
    header = find_header(rows)
    if header is None:
        return None
    if file_format == "ods":
        formulas = ods_formula_cells(archive, sheet_name)
    else:
        formulas = _formula_cells(archive, sheet_name)
    by_column = {col + col_offset: key for key, col in header.mapping.items()}
    formula_rows: dict[int, set[str]] = {}
    for row_number, column in formulas:
        if column in by_column and row_number > header.row:
            formula_rows.setdefault(row_number, set()).add(by_column[column])
    return collect_rows(
        header,
        enumerate(rows, start=header.row + 1),
        limits,
        file_format=file_format,
        formula_rows=formula_rows,
    )


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
        raise refuse(_("The workbook's structure is damaged; save it again and retry.")) from exc
    if not _FORMULA_RE.search(xml):
        return set()
    found = set()
    for match in _CELL_RE.finditer(xml):
        if not _FORMULA_RE.search(match.group(2)):
            continue
        ref = _REF_RE.search(match.group(1))
        if ref is None:
            raise refuse(_("The workbook contains formulas; paste the values as text and retry."))
        found.add((int(ref.group(2)), _column_index(ref.group(1).decode())))
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


# --- csv ------------------------------------------------------------------------------------


def _read_csv(data: bytes, limits: dict[str, int]) -> ParsedSheet:
    # The text is decoded as it is read, never held whole (a str of the file, and a StringIO of
    # it, would cost several times its bytes); NUL is UTF-8's byte 0 alone, looked for first.
    if b"\x00" in data:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise refuse(_NOT_UTF8) from exc
        raise refuse(_("The file is neither an xlsx workbook nor a CSV text file."))
    try:
        delimiter, header = _sniff_csv(data)
    except csv.Error as exc:
        raise refuse(_("The CSV file cannot be read: %(exc)s.") % {"exc": exc}) from exc
    except UnicodeDecodeError as exc:
        raise refuse(_NOT_UTF8) from exc
    # Count before keeping: a file past the row cap is refused having held none of its rows.
    columns = list(header.mapping.values())
    filled = sum(
        any(col < len(row) and cell_text(row[col]) for col in columns)
        for _number, row in _csv_rows(data, delimiter, header.row)
    )
    if filled > limits["max_rows"]:
        raise refuse(
            _("The file has more than %(limits)s comment rows; split it into several files.")
            % {"limits": limits["max_rows"]}
        )
    return collect_rows(header, _csv_rows(data, delimiter, header.row), limits, file_format="csv")


_NOT_UTF8 = gettext_lazy(
    "The file is neither an xlsx workbook nor a UTF-8 CSV file. In a spreadsheet, save it as "
    ".xlsx or as 'CSV UTF-8'."
)


def _csv_reader(data: bytes, delimiter: str):
    return csv.reader(
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""), delimiter=delimiter
    )


def _csv_rows(data: bytes, delimiter: str, header_row: int):
    """(row number, cells) of every row below the header row, decoded as they are read."""
    reader = _csv_reader(data, delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > header_row:
                yield number, row
    except UnicodeDecodeError as exc:
        raise refuse(_NOT_UTF8) from exc
    except csv.Error as exc:
        raise refuse(
            _("The CSV file cannot be read after row %(line_num)s: %(exc)s.")
            % {"line_num": reader.line_num, "exc": exc}
        ) from exc


def _sniff_csv(data: bytes) -> tuple[str, Header]:
    """The delimiter (comma, semicolon or tab) under which a template header appears."""
    best = None
    for delimiter in (",", ";", "\t"):
        header = find_header(_csv_reader(data, delimiter))
        if header is not None and (best is None or len(header.mapping) > len(best[1].mapping)):
            best = (delimiter, header)
    if best is None:
        raise refuse(no_header_refusal())
    return best
