"""Measure how far an uploaded zip really expands, by inflating it, never trusting its headers.

A zip's headers state each part's size, and a forged one states 4 kB for a part that inflates
to gigabytes; a parser that believes them (calamine does) fills memory. Here every part is
inflated in small pieces and the bytes that come out are counted, per part and in total,
stopping at the cap: memory stays a few chunks whatever the file claims.
"""

import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # the fixed 30 bytes before a part's name
_LOCAL_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Expansion:
    """What inflating stopped on: the real total so far, over the cap or not, a lying part."""

    inflated: int
    over_cap: bool = False
    # (part name, size its headers state, size it really inflates to), when they differ.
    mismatch: tuple[str, int, int] | None = None


class DamagedZip(Exception):
    """A part that cannot be inflated: unknown method, encrypted, truncated or corrupt."""


def measure_expansion(data: bytes, entries: list[zipfile.ZipInfo], cap: int) -> Expansion:
    """Inflate every part of the archive in `data`, counting real bytes; stop past `cap`."""
    view = memoryview(data)
    total = 0
    for entry in entries:
        left = cap - total
        size = _inflated_size(view, entry, limit=left + 1)
        total += size
        if size > left:
            return Expansion(inflated=total, over_cap=True)
        if size != entry.file_size:
            return Expansion(inflated=total, mismatch=(entry.filename, entry.file_size, size))
    return Expansion(inflated=total)


def _inflated_size(view: memoryview, entry: zipfile.ZipInfo, *, limit: int) -> int:
    """The bytes the part inflates to, or a figure past `limit` once it gets there."""
    if entry.flag_bits & 0x1:
        raise DamagedZip(_("%(filename)s is encrypted") % {"filename": entry.filename})
    raw = _raw_bytes(view, entry)
    if entry.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise DamagedZip(
            _("%(filename)s uses compression method %(compress_type)s")
            % {"filename": entry.filename, "compress_type": entry.compress_type}
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = offset = 0
    try:
        while not inflater.eof:
            # max_length bounds each piece; input the inflater could not use yet waits in
            # unconsumed_tail, so a small chunk of input never becomes a huge output.
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            else:
                piece = raw[offset : offset + _CHUNK]
                offset += len(piece)
            out = len(inflater.decompress(piece, _CHUNK))
            size += out
            if size >= limit:
                return size
            if not piece and not out:
                raise DamagedZip(_("%(filename)s is truncated") % {"filename": entry.filename})
    except zlib.error as exc:
        raise DamagedZip(f"{entry.filename}: {exc}") from exc
    return size


def _raw_bytes(view: memoryview, entry: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a part, found through its local header as every reader does."""
    header = view[entry.header_offset : entry.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise DamagedZip(_("%(filename)s lies outside the file") % {"filename": entry.filename})
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise DamagedZip(_("%(filename)s has no local header") % {"filename": entry.filename})
    name_length, extra_length = fields[-2], fields[-1]
    start = entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    raw = view[start : start + entry.compress_size]
    if len(raw) < entry.compress_size:
        raise DamagedZip(_("%(filename)s is truncated") % {"filename": entry.filename})
    return raw
