"""The record of comment imports, and how a repeated file or repeated rows are recognised."""

import datetime as dt
import hashlib

from django.db import models
from django.db.models import Value
from django.db.models.functions import MD5, Concat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.errors import DuplicateImport
from consultation.models import Comment, CommentImport, CommentStatus, Consultation

from .consultations import format_moment

# Existing comments are streamed in chunks of this many rows when looking for repeats.
CHUNK_ROWS = 2_000


def upload_sha256(upload) -> str:
    """The SHA-256 of an uploaded file's bytes, read in chunks (the file is rewound after)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def import_summary(record: CommentImport) -> dict:
    """An import as the API shows it: who, when, which file, how many comments."""
    user = record.imported_by
    return {
        "id": record.pk,
        "imported_by": record.imported_by_id,
        "imported_by_name": (user.get_full_name() or user.username) if user else "",
        # As the API writes times (DateTimeField): a retried request replays the same text.
        "imported_at": record.imported_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "file_name": record.file_name,
        "content_hash": record.content_hash,
        "comment_count": record.comment_count,
        "late": record.late,
        "repeats": record.repeats_id,
    }


def earlier_import(consultation: Consultation, content_hash: str) -> CommentImport | None:
    """The latest import of the same file into the consultation, if any."""
    if not content_hash:
        return None
    return (
        CommentImport.objects.filter(consultation=consultation, content_hash=content_hash)
        .select_related("imported_by")
        .order_by("-imported_at", "-id")
        .first()
    )


def _text_digest(body: str, proposed_change: str) -> str:
    """What `_TEXT_DIGEST` computes in the database, for a row of the file."""
    text = f"{body}{_SEPARATOR}{proposed_change}".encode()
    return hashlib.md5(text, usedforsecurity=False).hexdigest()


# The comment's words as one digest computed by the database (MD5 exists on PostgreSQL and
# Django adds it to SQLite), so that finding repeats reads 32 characters per comment instead
# of its whole text. The separator is a control character, which imported cells never hold.
_SEPARATOR = "\x1f"
_TEXT_DIGEST = MD5(
    Concat("body", Value(_SEPARATOR), "proposed_change", output_field=models.TextField())
)


def repeated_rows(
    consultation: Consultation, rows: list[dict], row_numbers: list[int], labels: dict
) -> list[dict]:
    """Rows whose organisation, clause, comment and proposed change equal a submitted comment
    of the consultation. One streamed query over those organisations' comments; drafts are
    left out, as they are nobody's business outside their organisation."""
    keys = [
        (r["organisation_id"], r["section_id"], _text_digest(r["body"], r["proposed_change"]))
        for r in rows
    ]
    wanted = set(keys)
    found: dict[tuple, int] = {}
    existing = (
        Comment.objects.filter(
            consultation=consultation,
            status=CommentStatus.SUBMITTED,
            organisation_id__in={r["organisation_id"] for r in rows},
        )
        .order_by("id")
        .values_list("id", "organisation_id", "section_id", _TEXT_DIGEST)
    )
    for pk, *key in existing.iterator(chunk_size=CHUNK_ROWS):
        if tuple(key) in wanted:
            found.setdefault(tuple(key), pk)
    repeated = []
    for number, key in zip(row_numbers, keys, strict=True):
        pk = found.get(key)
        if pk is not None:
            repeated.append(
                {
                    "row": number,
                    "field": "comment",
                    "column": labels.get("comment", ""),
                    "comment": pk,
                    "message": (
                        _(
                            "Comment %(pk)s of the same organisation on the same clause already "
                            "says exactly this."
                        )
                        % {"pk": pk}
                    ),
                }
            )
    return repeated


def refuse_duplicates(earlier: CommentImport | None, repeated: list[dict]) -> None:
    """409 duplicate_import naming the earlier import and every repeated row."""
    extra: dict = {"errors": repeated}
    if earlier is not None:
        who = import_summary(earlier)["imported_by_name"] or "someone since removed"
        detail = _(
            "This file was already imported into this consultation by %(who)s on %(imported_at)s "
            "(%(comment_count)s comments, import %(pk)s); nothing was imported."
        ) % {
            "who": who,
            "imported_at": format_moment(earlier.imported_at),
            "comment_count": earlier.comment_count,
            "pk": earlier.pk,
        }
        extra["earlier_import"] = import_summary(earlier)
    else:
        count = len(repeated)
        detail = ngettext(
            "%(count)s row of the file repeats comments already in this consultation; nothing "
            "was imported.",
            "%(count)s rows of the file repeat comments already in this consultation; nothing "
            "was imported.",
            count,
        ) % {"count": count}
    raise DuplicateImport(
        _("%(detail)s Send allow_duplicate=true to import it all the same.") % {"detail": detail},
        **extra,
    )
