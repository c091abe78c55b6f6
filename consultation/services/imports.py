"""Import of comments collected in the ISO comment template: all rows or none.

Every row is checked in Python against maps read with one query each (the consulted version's
clauses, the organisations, the invitations), so the cost does not grow with queries per row;
the comments and their first history records are then written with bulk inserts in batches.
"""

from dataclasses import dataclass, field
from enum import Enum

import pycountry
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from common.errors import ImportRejected
from consultation.iso_template import (
    ParsedSheet,
    normalise_clause,
    parse_comment_type,
    strip_controls,
)
from consultation.models import (
    Comment,
    CommentImport,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    VersionSection,
)
from consultation.models.comments import COMMENT_TEXT_MAX_CHARS
from consultation.similarity import similarity_keys

from .import_records import earlier_import, refuse_duplicates, repeated_rows
from .intake import comment_intake_refusal

BATCH_SIZE = 2_000

# The longest text each template cell may hold (the model's limits).
_MAX_CHARS = {
    "organisation": Organisation._meta.get_field("name").max_length,
    "line": Comment._meta.get_field("line").max_length,
    "clause": VersionSection._meta.get_field("number").max_length,
    "paragraph": Comment._meta.get_field("paragraph").max_length,
    "type": 40,
    "comment": COMMENT_TEXT_MAX_CHARS,
    "proposed_change": COMMENT_TEXT_MAX_CHARS,
}


@dataclass
class _Lookups:
    """What rows are checked against, read once per import."""

    sections: dict[str, int | None]
    by_name: dict[str, Organisation]
    by_country: dict[str, list[Organisation]]
    invited_kinds: set[str]
    invited_ids: set[int]


def _lookups(consultation: Consultation) -> _Lookups:
    """Clauses of the consulted version, organisations and invitations: three queries."""
    sections = {
        normalise_clause(number): section_id
        for number, section_id in VersionSection.objects.filter(
            version_id=consultation.version_id
        ).values_list("number", "section_id")
    }
    by_name: dict[str, Organisation] = {}
    by_country: dict[str, list[Organisation]] = {}
    # Organisations are a few hundred rows: matching in Python folds case in every script
    # (SQLite's lower() only folds ASCII), in one query.
    for organisation in Organisation.objects.only("id", "name", "kind", "country"):
        by_name[organisation.name.casefold().strip()] = organisation
        if organisation.country and organisation.kind == OrganisationKind.MEMBER_STATE:
            by_country.setdefault(organisation.country.upper(), []).append(organisation)
    invited_ids = set(consultation.invited_organisations.values_list("id", flat=True))
    return _Lookups(
        sections, by_name, by_country, set(consultation.invited_kinds or []), invited_ids
    )


def _country_code(text: str) -> str | None:
    """'ke', 'KEN' -> 'KE'; None when the text is not an ISO 3166 code."""
    code = text.strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    if len(code) == 3 and code.isalpha():
        country = pycountry.countries.get(alpha_3=code)
        return country.alpha_2 if country else None
    return None


def _organisation(text: str, lookups: _Lookups) -> tuple[Organisation | None, str | None]:
    """The organisation named by an MB/NC cell (name or country code), or the reason why not."""
    if not text:
        return None, "The MB/NC (organisation) is required."
    organisation = lookups.by_name.get(text.casefold().strip())
    if organisation is None and (code := _country_code(text)):
        candidates = lookups.by_country.get(code, [])
        if len(candidates) > 1:
            return None, f"{text!r} matches several member states; write the name instead."
        organisation = candidates[0] if candidates else None
    if organisation is None:
        return None, f"No organisation is named {text!r} or has that country code."
    invited = organisation.kind in lookups.invited_kinds or organisation.pk in lookups.invited_ids
    if not invited:
        return None, f"{organisation.name} is not invited to this consultation."
    return organisation, None


def _check_row(values: dict[str, str], formulas: set[str], lookups: _Lookups):
    """(fields for the comment, [(field, message)]) for one row."""
    errors: list[tuple[str, str]] = []
    for key in sorted(formulas):
        errors.append((key, "The cell holds a formula; paste its value as plain text instead."))
    for key, limit in _MAX_CHARS.items():
        if len(values.get(key, "")) > limit and key not in formulas:
            errors.append((key, f"Ensure this cell has no more than {limit} characters."))
    if errors:
        return None, errors
    organisation, problem = _organisation(values.get("organisation", ""), lookups)
    if problem:
        errors.append(("organisation", problem))
    comment_type = parse_comment_type(values.get("type", ""))
    if comment_type is None:
        shown = values.get("type", "")
        errors.append(
            (
                "type",
                f"{shown!r} is not a type of comment; write ge, te or ed "
                "(general, technical, editorial)."
                if shown
                else "The type of comment is required: ge, te or ed.",
            )
        )
    if not values.get("comment"):
        errors.append(("comment", "The comment is required."))
    clause = values.get("clause", "")
    section_id = None
    if normalise_clause(clause):
        if normalise_clause(clause) not in lookups.sections:
            errors.append(("clause", f"The consulted version has no clause {clause!r}."))
        else:
            section_id = lookups.sections[normalise_clause(clause)]
            if section_id is None:
                errors.append(("clause", f"Clause {clause!r} has since been deleted."))
    if errors:
        return None, errors
    return {
        "organisation_id": organisation.pk,
        "section_id": section_id,
        "type": comment_type,
        "body": values["comment"],
        "proposed_change": values.get("proposed_change", ""),
        "line": values.get("line", ""),
        "paragraph": values.get("paragraph", ""),
    }, []


@dataclass
class ImportResult:
    """What an import wrote: the comments' ids, its record, and rows that repeat a comment."""

    ids: list[int]
    record: CommentImport
    duplicates: list[dict] = field(default_factory=list)


@transaction.atomic
def comments_import(
    *,
    user,
    consultation: Consultation,
    sheet: ParsedSheet,
    source: str = "",
    content_hash: str = "",
    allow_duplicate: bool = False,
) -> ImportResult:
    """Create one submitted comment per row of the sheet, or none: ImportRejected lists every
    bad row. The caller has checked that the user edits the guideline or coordinates.

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
            "The file has a header row but no comments under it.",
            errors=[{"row": sheet.header_row + 1, "field": "comment", "message": "No rows."}],
        )
    lookups = _lookups(consultation)
    rows: list[dict] = []
    row_numbers: list[int] = []
    errors: list[dict] = []
    for parsed in sheet.rows:
        fields, row_errors = _check_row(parsed.values, parsed.formulas, lookups)
        for field_name, message in row_errors:
            errors.append(
                {
                    "row": parsed.row,
                    "field": field_name,
                    "column": sheet.labels.get(field_name, ""),
                    "message": message,
                }
            )
        if fields and not errors:
            rows.append(fields)
            row_numbers.append(parsed.row)
    if errors:
        bad_rows = len({error["row"] for error in errors})
        raise ImportRejected(
            f"{bad_rows} row{'s' if bad_rows != 1 else ''} of the file "
            f"{'have' if bad_rows != 1 else 'has'} errors; nothing was imported. "
            "Correct them and send the whole file again.",
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
    return ImportResult(ids=ids, record=record, duplicates=repeated)


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
