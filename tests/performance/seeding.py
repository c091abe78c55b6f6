"""Many comments in one COPY, for the tests that look at query plans at 100k rows."""

from django.db import connection

from benchmarks.seed import copy_rows
from consultation.models import Comment


def copy_comments(rows) -> None:
    """COPY the comment rows (dicts of column values), then ANALYZE for realistic plans.

    The dashboard's tally triggers are not under test and would triple the time: they are
    switched off, and the test's rollback switches them on again.
    """
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE consultation_comment DISABLE TRIGGER USER")
        copy_rows(cursor.cursor, Comment, rows)
        cursor.execute("ANALYZE consultation_comment")
