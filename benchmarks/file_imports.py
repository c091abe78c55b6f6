"""Benchmark cases of the Word (.docx) and OpenDocument (.ods) comment imports (issue 17).

The subject POSTs the file to /comments/import/; the floor reads the same file with the bare
library (python-docx's table cells, calamine's sheet rows) and bulk_creates the same rows (no
checks, no history). Both are rolled back after each round, alternated in the same minute.
"""

import io
import zipfile
from xml.sax.saxutils import escape

import docx
from django.db import connection
from django.test.client import encode_multipart
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from consultation.iso_template import ISO_COLUMNS

GOAL = ">= 50% of the floor's rows/s (bare library read + bulk_create)"
_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _cells(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    keys = [key for key, _ in ISO_COLUMNS]
    return [header for _, header in ISO_COLUMNS], [[row[key] for key in keys] for row in rows]


def docx_file(rows: list[dict]) -> bytes:
    """The rows as a Word table with the template's header row on top."""
    headers, body = _cells(rows)
    document = docx.Document()
    table = document.add_table(rows=1 + len(body), cols=len(headers))
    for row, values in zip(table.rows, [headers, *body], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _ods_row(values) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p>'
        "</table:table-cell>"
        for v in values
    )
    return f"<table:table-row>{cells}</table:table-row>"


def ods_file(rows: list[dict]) -> bytes:
    """The rows as an OpenDocument spreadsheet, as LibreOffice lays one out."""
    headers, body = _cells(rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="Comments">'
        + "".join(_ods_row(values) for values in [headers, *body])
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return out.getvalue()


def _read_bare(data: bytes, file_format: str) -> int:
    """The file's cells read with the bare library: the floor's parsing part."""
    if file_format == "docx":
        document = docx.Document(io.BytesIO(data))
        return sum(len([cell.text for cell in row.cells]) for row in document.tables[0].rows)
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        return len(workbook.get_sheet_by_index(0).to_python())


def file_import_case(runner, consultation: int, rows: list[dict], file_format: str, **kw) -> dict:
    """POST /comments/import/ of a .docx or .ods of the rows against the bare floor."""
    rolled_back, boundary, upload, rounds = (
        kw["rolled_back"],
        kw["boundary"],
        kw["upload"],
        kw["rounds"],
    )
    data = docx_file(rows) if file_format == "docx" else ods_file(rows)
    body = encode_multipart(
        boundary,
        {"consultation": str(consultation), "file": upload(f"comments.{file_format}", data)},
    )
    content_type = f"multipart/form-data; boundary={boundary}"
    url = "/api/v1/comments/import/"
    queries: list[int] = []

    def subject():
        with CaptureQueriesContext(connection) as ctx:
            response = runner.client.post(url, data=body, content_type=content_type)
        queries.append(len(ctx.captured_queries))
        if response.status_code != 201:
            raise RuntimeError(f"import answered {response.status_code}: {response.content!r:.300}")

    def floor():
        _read_bare(data, file_format)
        runner.bulk_insert(consultation, rows)

    s, f = runner.alternate(rolled_back(floor), rolled_back(subject), rounds, warmup=0)
    count = len(rows)
    rate, floor_rate = count / (s["p50"] / 1000), count / (f["p50"] / 1000)
    return {
        "case": f"ISO template import, {file_format}",
        "url": url,
        "queries": max(queries),
        "rounds": rounds,
        **s,
        "floor": "bare read + bulk_create",
        "floor_p50": f["p50"],
        "ratio": s["p50"] / f["p50"],
        "rows_per_s": rate,
        "floor_rows_per_s": floor_rate,
        "note": f"{count:,} rows, {len(data) / 1e6:.1f} MB; {rate:,.0f} rows/s = "
        f"{rate / floor_rate:.0%} of the floor ({floor_rate:,.0f} rows/s)",
    }
