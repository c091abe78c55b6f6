"""OpenDocument spreadsheets built in the test, as LibreOffice writes them: repeated empty
cells and rows, one paragraph per line of a cell, covered cells of a merge, cached values of
formulas."""

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from django.core.files.uploadedfile import SimpleUploadedFile

MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{media}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


class Formula:
    """A formula cell with the value a spreadsheet cached for it."""

    def __init__(self, formula: str, cached: str):
        self.formula, self.cached = formula, cached


def cell_xml(value) -> str:
    if isinstance(value, Formula):
        return (
            f"<table:table-cell table:formula={quoteattr(value.formula)} "
            f'office:value-type="string" office:string-value={quoteattr(value.cached)}>'
            f"<text:p>{escape(value.cached)}</text:p></table:table-cell>"
        )
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{float(value)}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def row_xml(values) -> str:
    # LibreOffice ends every row with the empty rest of the sheet as one repeated cell.
    cells = "".join(cell_xml(value) for value in values)
    rest = '<table:table-cell table:number-columns-repeated="1000"/>'
    return f"<table:table-row>{cells}{rest}</table:table-row>"


def ods_bytes(rows, *, sheet="Comments", media=MEDIA_TYPE, extra_parts=(), content=None) -> bytes:
    """The .ods file: a sheet of `rows` (lists of cell values, or raw row XML strings)."""
    body = "".join(row if isinstance(row, str) else row_xml(row) for row in rows)
    xml = content or (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}><office:body>'
        f"<office:spreadsheet><table:table table:name={quoteattr(sheet)}>{body}"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), media)  # first and stored, as ODF says
        archive.writestr("content.xml", xml, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST.format(media=media))
        for name, data in extra_parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def ods_file(rows, *, name="comments.ods", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ods_bytes(rows, **kwargs))
