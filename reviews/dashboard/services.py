"""Writes of the dashboard: rebuilding the tallies from the comment table, checking drift."""

from django.db import connection, transaction

from . import triggers


@transaction.atomic
def dashboard_rebuild() -> None:
    """Recompute every tally from the comments; also re-creates missing triggers.

    On PostgreSQL the comment table is locked in SHARE mode for the duration, so that no
    comment changes between the delete and the recount (reads carry on).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {triggers.COMMENT} IN SHARE MODE")
        for statement in triggers.install_statements(connection.vendor, triggers.missing()):
            cursor.execute(statement)
        for statement in triggers.rebuild_statements():
            cursor.execute(statement)


def dashboard_drift() -> dict[str, list[tuple]]:
    """Per tally table, the keys whose counter differs from a fresh count: (key, kept, actual)."""
    drift: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for tally in triggers.TALLIES:
            cursor.execute(f"SELECT {tally.columns}, n FROM {tally.table} WHERE n <> 0")
            kept = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(triggers.recount_sql(tally))
            actual = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
            wrong = [
                (key, kept.get(key, 0), actual.get(key, 0))
                for key in sorted(set(kept) | set(actual), key=repr)
                if kept.get(key, 0) != actual.get(key, 0)
            ]
            if wrong:
                drift[tally.table] = wrong
    return drift
