"""Hostile files for the import's size limits, built in the test: a forged-size zip bomb."""

import io
import struct
import zipfile

from .conftest import HEADER, xlsx_file

SHEET = "xl/worksheets/sheet1.xml"
_ROW = b'<row><c t="inlineStr"><is><t>Kenya</t></is></c><c t="n"><v>12</v></c></row>'


def forged_bomb(real_size: int, *, declared: int = 4096) -> bytes:
    """A workbook whose sheet inflates to about `real_size` bytes; its headers claim `declared`.

    The sheet is written in pieces (the test process never holds it), then the uncompressed
    size in its local header and its central-directory record is overwritten.
    """
    good = zipfile.ZipFile(io.BytesIO(xlsx_file([], header=HEADER).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in good.namelist():
            if name != SHEET:
                archive.writestr(name, good.read(name))
        with archive.open(SHEET, "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = _ROW * (1024 * 1024 // len(_ROW))
            for _ in range(real_size // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    data = bytearray(buffer.getvalue())
    _forge_size(data, SHEET, declared)
    return bytes(data)


def _forge_size(data: bytearray, name: str, size: int) -> None:
    """Overwrite the uncompressed size of part `name` in both of its headers."""
    encoded = name.encode()
    (directory_offset,) = struct.unpack_from("<L", data, len(data) - 22 + 16)
    position = directory_offset
    while data[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, position + 28)
        if data[position + 46 : position + 46 + name_length] == encoded:
            struct.pack_into("<L", data, position + 24, size)
            (local,) = struct.unpack_from("<L", data, position + 42)
            struct.pack_into("<L", data, local + 22, size)
            return
        position += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"{name} not in the archive")
