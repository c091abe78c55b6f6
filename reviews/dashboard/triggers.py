"""Database triggers that keep the dashboard tallies equal to the comment table.

Every write path (services, bulk imports, COPY, queryset updates, deletions, cascades) goes
through the database, so triggers are the one place where no path can forget to count.
PostgreSQL uses statement-level triggers with transition tables: a bulk insert of 1,000 rows
costs one grouped upsert per tally, not 1,000. SQLite has only row-level triggers; it runs the
same delta SQL once per row, which is fine at the sizes SQLite serves.

`ensure()` is idempotent: it (re)creates the triggers and partial indexes when one is missing
and then rebuilds the tallies, because SQLite drops a table's triggers when a migration
remakes that table. It runs from the app's post_migrate hook and from the migration.
"""

from dataclasses import dataclass

from django.db import connections, transaction

from consultation.rules import standing_objection_sql

COMMENT = "consultation_comment"
ORGANISATION = "accounts_organisation"
PREFIX = "reviews_dash_"

# The comment columns the tallies read; SQLite's row triggers project OLD/NEW onto these.
COMMENT_COLUMNS = (
    "consultation_id",
    "section_id",
    "organisation_id",
    "status",
    "type",
    "decision",
    "assignee_id",
    "late",
)


@dataclass(frozen=True)
class Tally:
    """A counter table: key columns computed from a comment row `c` (and its organisation `o`)."""

    table: str
    keys: tuple[tuple[str, str], ...]
    where: str
    uses_kind: bool = False

    @property
    def columns(self) -> str:
        return ", ".join(column for column, _ in self.keys)


SUBMITTED = "c.status = 'submitted'"

TALLIES = (
    # Every comment by consultation, status, type, decision and organisation kind: at most
    # 3 x 3 x 6 x 6 rows per consultation, whatever the number of comments.
    Tally(
        table="reviews_commenttally",
        keys=(
            ("consultation_id", "c.consultation_id"),
            ("status", "c.status"),
            ("type", "c.type"),
            ("decision", "c.decision"),
            ("organisation_kind", "o.kind"),
        ),
        where="1 = 1",
        uses_kind=True,
    ),
    # Submitted comments per section and organisation kind (0 = no section).
    Tally(
        table="reviews_coveragetally",
        keys=(
            ("consultation_id", "c.consultation_id"),
            ("section_key", "COALESCE(c.section_id, 0)"),
            ("organisation_kind", "o.kind"),
        ),
        where=SUBMITTED,
        uses_kind=True,
    ),
    # Submitted, assigned comments still without a decision, per assignee.
    Tally(
        table="reviews_editortally",
        keys=(("consultation_id", "c.consultation_id"), ("assignee_id", "c.assignee_id")),
        where=f"{SUBMITTED} AND c.decision = '' AND c.assignee_id IS NOT NULL",
    ),
    # Submitted comments per organisation: who has said nothing yet.
    Tally(
        table="reviews_organisationtally",
        keys=(("consultation_id", "c.consultation_id"), ("organisation_id", "c.organisation_id")),
        where=SUBMITTED,
    ),
    # Submitted comments entered after the close (a bare boolean: PostgreSQL's boolean and
    # SQLite's 0/1 both read as a condition).
    Tally(
        table="reviews_latetally",
        keys=(("consultation_id", "c.consultation_id"),),
        where=f"{SUBMITTED} AND c.late",
    ),
)

# Partial indexes for the time-dependent parts, which no counter can hold.
PARTIAL_INDEXES = {
    f"{PREFIX}overdue_idx": (
        f"CREATE INDEX IF NOT EXISTS {PREFIX}overdue_idx ON {COMMENT} (due_at) "
        "WHERE status = 'submitted' AND decision = '' AND assignee_id IS NOT NULL "
        "AND due_at IS NOT NULL"
    ),
    f"{PREFIX}objection_idx": (
        f"CREATE INDEX IF NOT EXISTS {PREFIX}objection_idx ON {COMMENT} (consultation_id) "
        f"WHERE {standing_objection_sql()}"
    ),
}


def delta_sql(tally: Tally, sources: list[tuple[str, str, int]]) -> str:
    """One grouped upsert adding `sign` per row of each (comment relation, organisation join).

    Rows whose deltas cancel (an edit that changes no key) are dropped by HAVING, so such
    edits take no lock on the tally. Keys are upserted in sorted order so that concurrent
    writers lock tally rows in the same order.
    """
    parts = []
    for relation, organisation, sign in sources:
        exprs = ", ".join(f"{expr} AS {column}" for column, expr in tally.keys)
        join = f" {organisation}" if tally.uses_kind else ""
        parts.append(f"SELECT {exprs}, {sign} AS d FROM {relation} c{join} WHERE {tally.where}")
    union = " UNION ALL ".join(parts)
    return (
        f"INSERT INTO {tally.table} ({tally.columns}, n) "
        f"SELECT {tally.columns}, SUM(d) FROM ({union}) delta WHERE 1 = 1 "
        f"GROUP BY {tally.columns} HAVING SUM(d) <> 0 ORDER BY {tally.columns} "
        f"ON CONFLICT ({tally.columns}) DO UPDATE SET n = {tally.table}.n + excluded.n"
    )


JOIN_ORGANISATION = f"JOIN {ORGANISATION} o ON o.id = c.organisation_id"


def _kind_change_sources(old: str, new: str) -> list[tuple[str, str, int]]:
    """Move an organisation's comments from its old kind to its new kind."""
    relation = f"(SELECT * FROM {COMMENT} WHERE organisation_id = {new}.id)"
    return [
        (relation, f"JOIN (SELECT {old}.kind AS kind) o ON 1 = 1", -1),
        (relation, f"JOIN (SELECT {new}.kind AS kind) o ON 1 = 1", 1),
    ]


# First key of the transaction-level advisory locks, one per consultation (second key).
ADVISORY_LOCK_KEY = 0x7A11


def _pg_lock(event: str) -> str:
    """Lock each consultation whose tallies the statement changes, in id order.

    One lock per consultation, taken before any tally row, turns "many tally rows locked in
    whatever order the statements come" (deadlocks between two multi-statement transactions,
    e.g. two organisations submitting all their drafts at once) into one queue per
    consultation. Statements that change no counted column take no lock and leave FOUND
    false, so the function returns at once.
    """
    if event == "upd":
        old = ", ".join(f"o.{col}" for col in COMMENT_COLUMNS)
        new = ", ".join(f"n.{col}" for col in COMMENT_COLUMNS)
        changed = (
            "SELECT DISTINCT v.id AS consultation_id FROM old_rows o"
            " JOIN new_rows n ON n.id = o.id,"
            " LATERAL (VALUES (o.consultation_id), (n.consultation_id)) v(id)"
            f" WHERE ROW({old}) IS DISTINCT FROM ROW({new})"
        )
    else:
        rows = "new_rows" if event == "ins" else "old_rows"
        changed = f"SELECT DISTINCT consultation_id FROM {rows}"
    return (
        f"PERFORM pg_advisory_xact_lock({ADVISORY_LOCK_KEY}, x.consultation_id::integer)"
        f" FROM ({changed} ORDER BY 1) x"
    )


def _postgresql_statements() -> dict[str, list[str]]:
    statements: dict[str, list[str]] = {}
    events = {
        "ins": ("INSERT", "REFERENCING NEW TABLE AS new_rows", [("new_rows", 1)]),
        "del": ("DELETE", "REFERENCING OLD TABLE AS old_rows", [("old_rows", -1)]),
        "upd": (
            "UPDATE",
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            [("old_rows", -1), ("new_rows", 1)],
        ),
    }
    for suffix, (event, referencing, rows) in events.items():
        name = f"{PREFIX}comment_{suffix}"
        body = ";\n".join(
            delta_sql(tally, [(rel, JOIN_ORGANISATION, sign) for rel, sign in rows])
            for tally in TALLIES
        )
        statements[name] = [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{_pg_lock(suffix)};\nIF NOT FOUND THEN RETURN NULL; END IF;\n"
            f"{body};\nRETURN NULL;\nEND $$",
            f"DROP TRIGGER IF EXISTS {name} ON {COMMENT}",
            f"CREATE TRIGGER {name} AFTER {event} ON {COMMENT} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    name = f"{PREFIX}organisation_kind"
    body = ";\n".join(
        delta_sql(tally, _kind_change_sources("OLD", "NEW")) for tally in TALLIES if tally.uses_kind
    )
    statements[name] = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body};\nRETURN NULL;\nEND $$",
        f"DROP TRIGGER IF EXISTS {name} ON {ORGANISATION}",
        f"CREATE TRIGGER {name} AFTER UPDATE OF kind ON {ORGANISATION} FOR EACH ROW "
        f"WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION {name}()",
    ]
    return statements


def _row(alias: str) -> str:
    """A one-row relation holding a SQLite trigger's OLD or NEW comment."""
    return "(SELECT " + ", ".join(f"{alias}.{col} AS {col}" for col in COMMENT_COLUMNS) + ")"


def _sqlite_statements() -> dict[str, list[str]]:
    statements: dict[str, list[str]] = {}
    events = {
        "ins": ("INSERT", [("NEW", 1)]),
        "del": ("DELETE", [("OLD", -1)]),
        "upd": ("UPDATE", [("OLD", -1), ("NEW", 1)]),
    }
    for suffix, (event, rows) in events.items():
        name = f"{PREFIX}comment_{suffix}"
        body = "".join(
            delta_sql(tally, [(_row(alias), JOIN_ORGANISATION, sign) for alias, sign in rows])
            + ";\n"
            for tally in TALLIES
        )
        statements[name] = [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event} ON {COMMENT} FOR EACH ROW BEGIN\n{body}END",
        ]
    name = f"{PREFIX}organisation_kind"
    body = "".join(
        delta_sql(tally, _kind_change_sources("OLD", "NEW")) + ";\n"
        for tally in TALLIES
        if tally.uses_kind
    )
    statements[name] = [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER UPDATE OF kind ON {ORGANISATION} FOR EACH ROW "
        f"WHEN OLD.kind <> NEW.kind BEGIN\n{body}END",
    ]
    return statements


TRIGGER_NAMES = [f"{PREFIX}comment_{s}" for s in ("ins", "del", "upd")] + [
    f"{PREFIX}organisation_kind"
]


def install_statements(vendor: str, names: set[str] | None = None) -> list[str]:
    """The SQL that (re)creates the named triggers and partial indexes (default: all).

    Only what is asked for: PostgreSQL refuses table DDL in a transaction that still has
    deferred constraint checks pending, so nothing already in place is touched.
    """
    if vendor == "postgresql":
        groups = _postgresql_statements()
    elif vendor == "sqlite":
        groups = _sqlite_statements()
    else:
        raise NotImplementedError(f"Dashboard tallies need PostgreSQL or SQLite, not {vendor}.")
    groups.update({name: [sql] for name, sql in PARTIAL_INDEXES.items()})
    return [
        sql for name, group in groups.items() if names is None or name in names for sql in group
    ]


def uninstall_statements(vendor: str) -> list[str]:
    """The SQL that drops every trigger, function and partial index (migration reverse)."""
    statements = [f"DROP INDEX IF EXISTS {name}" for name in PARTIAL_INDEXES]
    for name in TRIGGER_NAMES:
        table = ORGANISATION if name.endswith("organisation_kind") else COMMENT
        if vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def rebuild_statements() -> list[str]:
    """Recompute every tally from the comment table (delete, then one grouped insert each)."""
    statements = []
    for tally in TALLIES:
        statements.append(f"DELETE FROM {tally.table}")
        statements.append(delta_sql(tally, [(COMMENT, JOIN_ORGANISATION, 1)]))
    return statements


def installed_triggers(using: str = "default") -> set[str]:
    """The dashboard triggers present in the database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}


def installed_indexes(using: str = "default") -> set[str]:
    """The dashboard's partial indexes present in the database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, COMMENT)
    return set(constraints) & set(PARTIAL_INDEXES)


def missing(using: str = "default") -> set[str]:
    """Names of the dashboard triggers and partial indexes absent from the database."""
    return (set(TRIGGER_NAMES) - installed_triggers(using)) | (
        set(PARTIAL_INDEXES) - installed_indexes(using)
    )


def ensure(using: str = "default") -> bool:
    """Install missing triggers/indexes and rebuild the tallies; True when it had to act."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    needed = {COMMENT, ORGANISATION} | {tally.table for tally in TALLIES}
    if not needed <= tables:
        return False
    if connection.vendor == "postgresql":
        # Function bodies follow the code without table DDL: refresh them on every migrate.
        with connection.cursor() as cursor:
            for statement in install_statements(connection.vendor):
                if statement.startswith("CREATE OR REPLACE FUNCTION"):
                    cursor.execute(statement)
    absent = missing(using)
    if not absent:
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in install_statements(connection.vendor, absent) + rebuild_statements():
            cursor.execute(statement)
    return True


def recount_sql(tally: Tally) -> str:
    """The tally's rows as freshly counted from the comment table (to compare with it)."""
    exprs = ", ".join(f"{expr} AS {column}" for column, expr in tally.keys)
    join = f" {JOIN_ORGANISATION}" if tally.uses_kind else ""
    return (
        f"SELECT {exprs}, COUNT(*) FROM {COMMENT} c{join} WHERE {tally.where} "
        f"GROUP BY {', '.join(expr for _, expr in tally.keys)}"
    )
