"""A stored, generated tsvector of each comment for its full-text search (PostgreSQL only).

The search filter reads this column instead of computing to_tsvector: a page of `q=` walks
the list's id order and tests each row against the stored vector, so a deep page costs what
the first costs (asserted in tests/performance/test_comment_list.py). PostgreSQL fills the column on every INSERT, UPDATE and COPY; the GIN index
moves from the expression onto it. SQLite keeps its word-by-word search and has no column.
"""

from django.db import migrations

VECTOR = (
    "to_tsvector('english'::regconfig, COALESCE(body, '') || ' ' || COALESCE(proposed_change, ''))"
)
INDEX = "consultation_comment_search_gin"
FORWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE consultation_comment ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX {INDEX} ON consultation_comment USING GIN (search_vector)",
    # Without statistics on the new column the planner guesses a few hundred matches for any
    # word and sorts every match of a common one (0.7 s at 100k comments) instead of walking.
    "ANALYZE consultation_comment",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    "ALTER TABLE consultation_comment DROP COLUMN IF EXISTS search_vector",
    f"CREATE INDEX {INDEX} ON consultation_comment USING GIN ({VECTOR})",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("consultation", "0009_comment_clause_key")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
