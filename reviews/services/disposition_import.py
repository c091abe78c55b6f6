"""Importing a collated or resolved comment file: its comments, and its dispositions through
the one resolve path (reviews.services.comments.comments_resolve), all or nothing."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import BatchRejected, DomainError, ImportRejected
from consultation.services.import_checks import carries_dispositions
from consultation.services.imports import ImportResult, comments_import

from .comments import MAX_BATCH, comments_resolve


@transaction.atomic
def comments_import_resolved(*, user, consultation, sheet, **options) -> ImportResult:
    """comments_import, then each row's disposition given to its comment (created, or already
    in the consultation): ImportRejected names every row the resolve path refuses, with its
    reason, and nothing is saved. `options` are comments_import's."""
    result = comments_import(user=user, consultation=consultation, sheet=sheet, **options)
    check = result.check
    if not carries_dispositions(sheet) or not check.dispositions:
        return result
    targets = dict(zip(check.row_numbers, result.ids, strict=True)) | check.matched
    groups: dict[tuple[str, str, bool], list[tuple[int, int]]] = defaultdict(list)
    for row, disposition in sorted(check.dispositions.items()):
        if row in targets:
            pk = targets[row]
            key = (disposition.decision, disposition.rationale, pk in check.decided)
            groups[key].append((row, pk))
    column = sheet.labels.get("observations") or sheet.labels.get("decision", "")
    errors = []
    for (decision, rationale, reopen), rows in groups.items():
        for start in range(0, len(rows), MAX_BATCH):
            batch = rows[start : start + MAX_BATCH]
            errors += _resolve(user, batch, decision, rationale, reopen, column)
    if errors:
        bad = len({error["row"] for error in errors})
        raise ImportRejected(
            _(
                "The dispositions of %(bad)s rows cannot be given, so nothing was imported; "
                "each row says why."
            )
            % {"bad": bad},
            errors=sorted(errors, key=lambda error: error["row"]),
        )
    return result


def _resolve(user, rows, decision, rationale, reopen, column) -> list[dict]:
    """Resolve one group of comments alike; the rows refused and why ([] when none)."""
    by_pk = {pk: row for row, pk in rows}
    try:
        comments_resolve(
            comment_ids=list(by_pk),
            user=user,
            decision=decision,
            rationale=rationale,
            reopen=reopen,
        )
    except BatchRejected as error:
        return [
            _row_error(by_pk[failure["comment"]], column, failure["detail"])
            for failure in error.extra["failures"]
        ]
    except DomainError as error:
        return [_row_error(row, column, error.detail) for row, _pk in rows]
    except ValidationError as error:
        message = " ".join(error.messages)
        return [_row_error(row, column, message) for row, _pk in rows]
    return []


def _row_error(row: int, column: str, message: str) -> dict:
    return {"row": row, "field": "observations", "column": column, "message": str(message)}


def resolved_file_refusals(*, user, consultation, sheet, member_bodies=None) -> list[dict]:
    """The rows whose disposition the import would refuse, found by running it and rolling
    it back (nothing is kept, no one is notified); [] for a file without dispositions."""
    if not carries_dispositions(sheet):
        return []
    refused: list[dict] = []
    with transaction.atomic():
        try:
            comments_import_resolved(
                user=user,
                consultation=consultation,
                sheet=sheet,
                member_bodies=member_bodies,
                allow_duplicate=True,
            )
        except ImportRejected as error:
            refused = [e for e in error.extra["errors"] if e["field"] == "observations"]
        except DomainError:
            pass  # the real import says why (a stage that takes no comments, ...)
        transaction.set_rollback(True)
    return refused
