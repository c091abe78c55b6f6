"""Import of comments collected in the ISO comment template: all rows or none.

Every row is checked in Python (consultation.services.import_checks) against maps read with
one query each, so the cost does not grow with queries per row; the comments and their first
history records are then written with bulk inserts in batches.
"""

from dataclasses import dataclass, field
from enum import Enum

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.errors import ImportRejected
from consultation.clause_order import clause_keys_of
from consultation.intake import comment_intake_refusal
from consultation.iso_template import ParsedSheet, strip_controls
from consultation.models import (
    Comment,
    CommentImport,
    CommentStatus,
    Consultation,
    ConsultationStatus,
)
from consultation.services.import_checks import SheetCheck, check_sheet
from consultation.similarity import similarity_keys

from .import_records import earlier_import, refuse_duplicates, repeated_rows

BATCH_SIZE = 2_000


@dataclass
class ImportResult:
    """What an import wrote: the comments' ids, its record, and rows that repeat a comment;
    and the rows as checked (whose `row_numbers` line up with `ids`)."""

    ids: list[int]
    record: CommentImport
    duplicates: list[dict] = field(default_factory=list)
    check: SheetCheck = field(default_factory=SheetCheck)


@transaction.atomic
def comments_import(
    *,
    user,
    consultation: Consultation,
    sheet: ParsedSheet,
    source: str = "",
    member_bodies: dict | None = None,
    content_hash: str = "",
    allow_duplicate: bool = False,
) -> ImportResult:
    """Create one submitted comment per row of the sheet, or none: ImportRejected lists every
    bad row. The caller has checked that the user edits the guideline or coordinates. Rows of
    a resolved file that name a comment already in the consultation are not created again
    (reviews.services.disposition_import gives them the file's disposition).

    After the consultation closed, the comments are entered as late (only while the guideline
    is in consultation or resolution). The same file (`content_hash`) or rows equal to
    submitted comments answer DuplicateImport unless `allow_duplicate`.

    Side effects: comments with status submitted, author = user, submitted_at = now, and a
    "+" history record each with the user and the file name as reason; a CommentImport record.
    """
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("guideline")
        .get(pk=consultation.pk)
    )
    now = timezone.now()
    late = consultation.status_at(now) == ConsultationStatus.CLOSED
    refusal = comment_intake_refusal(consultation, late=late)
    if refusal is not None:
        raise refusal
    if not sheet.rows:
        raise ImportRejected(
            _("The file has a header row but no comments under it."),
            errors=[{"row": sheet.header_row + 1, "field": "comment", "message": _("No rows.")}],
        )
    check = check_sheet(consultation=consultation, sheet=sheet, member_bodies=member_bodies)
    rows, row_numbers, errors = check.rows, check.row_numbers, check.errors
    if errors:
        bad_rows = len({error["row"] for error in errors})
        raise ImportRejected(
            ngettext(
                "%(count)s row of the file has errors; nothing was imported. Correct them and "
                "send the whole file again.",
                "%(count)s rows of the file have errors; nothing was imported. Correct them and "
                "send the whole file again.",
                bad_rows,
            )
            % {"count": bad_rows},
            errors=errors,
        )
    earlier = earlier_import(consultation, content_hash)
    repeated = repeated_rows(consultation, rows, row_numbers, sheet.labels)
    if (earlier is not None or repeated) and not allow_duplicate:
        refuse_duplicates(earlier, repeated)
    common = {
        "consultation_id": consultation.pk,
        "author_id": user.pk,
        "status": str(CommentStatus.SUBMITTED),
        "submitted_at": now,
        "late": late,
    }
    history = {
        "history_date": now,
        "history_change_reason": (
            f"Imported from {strip_controls(source)}"[:100]
            if source
            else "Imported from an ISO template"
        ),
        "history_type": "+",
        "history_user_id": user.pk,
    }
    keys = clause_keys_of(row.get("section_id") for row in rows)
    rows = [{**row, "clause_key": keys.get(row.get("section_id"), "")} for row in rows]
    if connection.vendor == "postgresql" and _copyable():
        ids = _copy_insert(rows, common=common, history=history, now=now)
    else:
        ids = _bulk_insert(rows, common=common, history=history, user=user)
    record = CommentImport.objects.create(
        consultation=consultation,
        imported_by=user,
        imported_at=now,
        file_name=strip_controls(source)[:255],
        content_hash=content_hash,
        comment_count=len(ids),
        late=late,
        repeats=earlier,
    )
    return ImportResult(ids=ids, record=record, duplicates=repeated, check=check)


# --- Writing ---------------------------------------------------------------------------------

# Column types whose Python value psycopg stores as is; anything else (JSON, ranges, search
# vectors added to Comment later) sends the import down the generic bulk_create path.
_PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "DateTimeField",
    "ForeignKey", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SmallIntegerField", "TextField", "SimilarityKeysField",
}  # fmt: skip


def _copyable() -> bool:
    models = (Comment, Comment.history.model)
    return all(
        field.get_internal_type() in _PLAIN_TYPES
        for model in models
        for field in model._meta.concrete_fields
    )


def _plain(value):
    """Choices enums as their stored string (psycopg would dump an Enum by its name)."""
    return value.value if isinstance(value, Enum) else value


def _copy_insert(rows: list[dict], *, common: dict, history: dict, now) -> list[int]:
    """PostgreSQL: ids drawn from the sequence in one query, then one COPY per table.

    COPY skips Django's per-value preparation and the SQL text of a multi-row INSERT, which
    is where bulk_create spends most of its time; row triggers and indexes run as usual.
    """
    fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: _plain(f.get_default()) for f in fields}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
    defaults.update(common)
    table = Comment._meta.db_table
    history_model = Comment.history.model
    history_fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, Comment._meta.pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        records = [
            {**defaults, **values, "id": pk, "similarity_keys": similarity_keys(values["body"])}
            for pk, values in zip(ids, rows, strict=True)
        ]
        columns = ["id", *(f.attname for f in fields)]
        raw = cursor.cursor
        sql = "COPY {} ({}) FROM STDIN"
        with raw.copy(
            sql.format(
                quote(table), ", ".join(quote(c) for c in ["id", *(f.column for f in fields)])
            )
        ) as copy:
            for record in records:
                copy.write_row([record[c] for c in columns])
        history_columns = [f.attname for f in history_fields]
        with raw.copy(
            sql.format(
                quote(history_model._meta.db_table),
                ", ".join(quote(f.column) for f in history_fields),
            )
        ) as copy:
            for record in records:
                record.update(history)
                copy.write_row([record[c] for c in history_columns])
    return ids


def _bulk_insert(rows: list[dict], *, common: dict, history: dict, user) -> list[int]:
    """Any database: bulk_create in batches, and the history records in bulk."""
    comments = [Comment(**common, **values) for values in rows]
    for start in range(0, len(comments), BATCH_SIZE):
        batch = Comment.objects.bulk_create(comments[start : start + BATCH_SIZE])
        Comment.history.bulk_history_create(
            batch,
            default_user=user,
            default_change_reason=history["history_change_reason"],
            default_date=history["history_date"],
        )
    return [comment.pk for comment in comments]
