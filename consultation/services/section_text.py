"""A text revision of a section in one PostgreSQL statement: the If-Match check, row and history.

`section_edit` sends a text-only edit here first. One statement checks the expected revision,
updates (and so locks) the row, and inserts the history row that simple-history's post_save
would write (every tracked column, type "~", the user and the reason), so a save costs one
round trip and one commit. A concurrent writer holding the same ETag waits for the row lock,
then matches no row. Moves, SQLite, and writes that find another revision go the locked ORM way.
"""

from django.db import connection
from django.utils import timezone

from accounts.models import User
from consultation.models import Comment, Section

_HISTORY = Section.history.model
_COLUMNS = [f.attname for f in Section._meta.concrete_fields]


def _names(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


_TRACKED = _names([f.column for f in _HISTORY.tracked_fields])
_WRITE = f"""
WITH written AS (
    UPDATE "{Section._meta.db_table}"
    SET "heading" = COALESCE(%(heading)s, "heading"), "body" = COALESCE(%(body)s, "body"),
        "revision" = "revision" + 1, "updated_by_id" = %(user)s, "updated_at" = %(now)s
    WHERE "id" = %(id)s AND "revision" = %(expected)s
    RETURNING *
), recorded AS (
    INSERT INTO "{_HISTORY._meta.db_table}" ({_TRACKED}, "history_date",
        "history_change_reason", "history_type", "history_user_id")
    SELECT {_TRACKED}, %(now)s, %(reason)s, '~', %(user)s FROM written
)
SELECT {_names([f.column for f in Section._meta.concrete_fields])}, EXISTS (
    SELECT 1 FROM "{Comment._meta.db_table}" c
    WHERE c."section_id" = written."id" AND c."anchor_quote" <> ''
) FROM written
"""


def section_text_write(
    *,
    section_id: int,
    expected_revision: int,
    heading: str | None,
    body: str | None,
    user: User,
    reason: str,
) -> tuple[Section, bool] | None:
    """The new revision and whether comments anchor on it; None (nothing written) if stale.

    PostgreSQL only. The caller validates the text and reason and runs the re-anchoring hook.
    """
    params = {
        "heading": heading,
        "body": body,
        "user": user.pk,
        "now": timezone.now(),
        "id": section_id,
        "expected": expected_revision,
        "reason": reason or None,
    }
    with connection.cursor() as cursor:
        cursor.execute(_WRITE, params)
        row = cursor.fetchone()
    if row is None:
        return None
    *values, anchored = row
    return Section.from_db(connection.alias, _COLUMNS, values), anchored
