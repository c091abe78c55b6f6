"""The disposition of comments: every submitted comment of a guideline in the ISO template
columns plus what was decided, and writers that stream it as JSON, CSV or xlsx.

Rows come from one server-side cursor (`.iterator()`), sorted by clause in natural order
(2.9 before 2.10) by the database: the clause numbers of the consulted versions are ranked in
Python once (a few hundred) and the ranks go into the ORDER BY as a CASE. Nothing is loaded
whole: CSV and JSON are generators, the xlsx is written row by row (reviews.xlsx) into a
temporary file.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator

import orjson
from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.errors import ExportTooLarge
from consultation.iso_template import ISO_COLUMNS, TYPE_CODES, clause_sort_key, csv_safe
from consultation.models import Comment, CommentStatus, Guideline, VersionSection
from consultation.selectors.comments import comments_visibility_q
from reviews.xlsx import HEADER, NUMBER, TEXT, WRAPPED_TEXT, XlsxWriter

from .disposition_docx import DOCX_MEDIA_TYPE, disposition_docx

# (key, header, width in characters, wrapped) in the order of the template, then the review.
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    *(
        (key, header, width, wrap)
        for (key, header), (width, wrap) in zip(
            ISO_COLUMNS,
            [
                (24, False),
                (10, False),
                (14, False),
                (18, False),
                (10, False),
                (60, True),
                (50, True),
            ],
            strict=True,
        )
    ),
    ("decision", "Decision", 18, False),
    ("rationale", "Observations of the secretariat", 50, True),
    ("revision", "Applied revision", 10, False),
    ("resolved_by", "Resolved by", 16, False),
    ("response", "Response of the MB/NC", 14, False),
    ("response_note", "Response note", 40, True),
    ("late", "Received late", 16, True),
    ("id", "Comment ID", 10, False),
    # The member body's own number from an imported file ("FR-007").
    ("external_ref", "MB/NC comment number", 14, False),
)
KEYS = tuple(column[0] for column in COLUMNS)
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FETCH = (
    "id",
    "consultation__version_id",
    "section_id",
    "section__number",
    "organisation__name",
    "line",
    "paragraph",
    "type",
    "body",
    "proposed_change",
    "decision",
    "rationale",
    "resolved_revision",
    "response",
    "response_note",
    "resolved_by__username",
    "external_ref",
    "late",
    "author__username",
)
_CHUNK = 2_000


def disposition_rows(*, guideline: Guideline, user) -> Iterator[dict]:
    """Every submitted comment of the guideline's consultations that the user may read, as
    dicts keyed by KEYS, sorted by clause (natural order), organisation and id. Two queries."""
    frozen = list(
        VersionSection.objects.filter(version__consultations__guideline=guideline)
        .values_list("version_id", "section_id", "number")
        .distinct()
    )
    numbers = {
        (version_id, section_id): number
        for version_id, section_id, number in frozen
        if section_id is not None
    }
    ranks = {n: rank for rank, n in enumerate(sorted(set(numbers.values()), key=clause_sort_key))}
    # No section (general comments) first, then clauses in order; a section the consulted
    # version did not have (should not happen) sorts last.
    clause_rank = Case(
        When(section_id__isnull=True, then=Value(-1)),
        *(
            When(Q(consultation__version_id=version_id, section_id=section_id), then=Value(rank))
            for (version_id, section_id), number in numbers.items()
            for rank in [ranks[number]]
        ),
        default=Value(len(ranks)),
        output_field=IntegerField(),
    )
    submitted = _submitted(guideline=guideline, user=user)
    if submitted is None:
        return iter(())
    queryset = (
        submitted.annotate(clause_rank=clause_rank)
        .order_by("clause_rank", "organisation__name", "id")
        .values_list(*_FETCH)
    )
    return _shape(queryset.iterator(chunk_size=_CHUNK), numbers)


def _submitted(*, guideline: Guideline, user):
    """The submitted comments of the guideline that the user may read; None for none."""
    visible = comments_visibility_q(user)
    if visible is None:
        return None
    return Comment.objects.filter(
        visible, consultation__guideline=guideline, status=CommentStatus.SUBMITTED
    )


def disposition_count(*, guideline: Guideline, user) -> int:
    """How many rows the user's disposition of the guideline has (one COUNT query)."""
    submitted = _submitted(guideline=guideline, user=user)
    return 0 if submitted is None else submitted.order_by().count()


def disposition_size_exceeds(*, guideline: Guideline, user, limit: int) -> bool:
    """True when the disposition has more than `limit` rows. One query whose cost is bounded
    by `limit` (COUNT over a LIMIT subquery), not by the size of the comment table."""
    submitted = _submitted(guideline=guideline, user=user)
    if submitted is None:
        return False
    return submitted.order_by()[: limit + 1].count() > limit


def disposition_check_size(
    *, guideline: Guideline, user, file_format: str, background_export: str
) -> None:
    """409 export_too_large above DISPOSITION_SYNC_MAX_ROWS rows, saying how to start a
    background export at the URL `background_export` instead."""
    limit = settings.DISPOSITION_SYNC_MAX_ROWS
    if disposition_size_exceeds(guideline=guideline, user=user, limit=limit):
        raise ExportTooLarge(
            _(
                "This disposition has more than %(limit)s comments, too many to export in one "
                'request. Start a background export: POST %(background_export)s with {"format": '
                '"%(file_format)s"}, then follow its status URL and download the file.'
            )
            % {
                "limit": format(limit, ","),
                "background_export": background_export,
                "file_format": file_format,
            },
            limit=limit,
            background_export=background_export,
        )


def disposition_file(*, guideline: Guideline, user, file_format: str) -> tuple[object, str, str]:
    """(content, content type, file name) of the disposition as json, csv, xlsx or docx: a
    stream of bytes, or for xlsx and docx a rewound temporary file."""
    rows = disposition_rows(guideline=guideline, user=user)
    stem = f"disposition-{guideline.slug}-{timezone.now():%Y%m%d}"
    if file_format == "xlsx":
        return disposition_xlsx(guideline, rows), XLSX_MEDIA_TYPE, f"{stem}.xlsx"
    if file_format == "docx":
        # The ISO template is filled in its own language (English), whoever downloads it.
        with translation.override(settings.LANGUAGE_CODE):
            return disposition_docx(guideline, rows), DOCX_MEDIA_TYPE, f"{stem}.docx"
    if file_format == "csv":
        return disposition_csv(rows), "text/csv; charset=utf-8", f"{stem}.csv"
    return disposition_json(guideline, rows), "application/json", f"{stem}.json"


def _shape(rows: Iterable[tuple], numbers: dict) -> Iterator[dict]:
    for (
        pk,
        version_id,
        section_id,
        live_number,
        organisation,
        line,
        paragraph,
        comment_type,
        body,
        proposed_change,
        decision,
        rationale,
        revision,
        response,
        response_note,
        resolved_by,
        external_ref,
        late,
        entered_by,
    ) in rows:
        yield {
            "organisation": organisation,
            "line": line,
            # The clause as numbered in the consulted version, which the commenter saw.
            "clause": numbers.get((version_id, section_id), live_number or ""),
            "paragraph": paragraph,
            "type": TYPE_CODES.get(comment_type, comment_type),
            "comment": body,
            "proposed_change": proposed_change,
            "decision": decision,
            "rationale": rationale,
            "revision": revision,
            "resolved_by": resolved_by or "",
            "response": response,
            "response_note": response_note,
            # Who typed in a comment sent after the close: its author, the importer.
            "late": f"Yes, entered by {entered_by or 'a removed user'}" if late else "",
            "id": pk,
            "external_ref": external_ref,
        }


def disposition_json(guideline: Guideline, rows: Iterable[dict]) -> Iterator[bytes]:
    """{"guideline", "title", "columns", "comments": [...]} as a stream of bytes."""
    head = orjson.dumps(
        {
            "guideline": guideline.pk,
            "title": guideline.title,
            "columns": dict((key, header) for key, header, _w, _x in COLUMNS),
        }
    )
    yield head[:-1] + b',"comments":['
    first = True
    for row in rows:
        yield (b"" if first else b",") + orjson.dumps(row)
        first = False
    yield b"]}"


class _Line:
    """A write-only file for csv.writer that hands back what was written."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str):
        self.parts.append(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def disposition_csv(rows: Iterable[dict], *, chunk_rows: int = 500) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (so that Excel reads the accents), text cells that a spreadsheet
    would run as formulas prefixed with ' (OWASP CSV injection), in chunks of rows."""
    buffer = _Line()
    writer = csv.writer(buffer)
    writer.writerow([header for _key, header, _w, _x in COLUMNS])
    yield "\ufeff".encode() + buffer.take()
    pending = 0
    for row in rows:
        writer.writerow([csv_safe(row[key]) if row[key] is not None else "" for key in KEYS])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.take()
            pending = 0
    if pending:
        yield buffer.take()


def disposition_xlsx(guideline: Guideline, rows: Iterable[dict], output=None):
    """The disposition as an xlsx workbook in `output` (a binary file; by default a temporary
    file), rewound and returned (the caller closes it): bold frozen header, column widths,
    wrapped long text, every text cell a string."""
    if output is None:
        output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    writer = XlsxWriter(
        output,
        sheet_name="Disposition",
        widths=[width for _key, _header, width, _wrap in COLUMNS],
        title=f"Disposition of comments: {guideline.title}",
    )
    writer.append([header for _key, header, _w, _x in COLUMNS], [HEADER] * len(COLUMNS))
    styles = [
        NUMBER if key in ("revision", "id") else WRAPPED_TEXT if wrap else TEXT
        for key, _header, _width, wrap in COLUMNS
    ]
    for row in rows:
        writer.append([row[key] for key in KEYS], styles)
    writer.close()
    output.seek(0)
    return output
