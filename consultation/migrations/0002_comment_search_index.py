"""A GIN index for the full-text search of comments (PostgreSQL only; SQLite has no GIN).

The expression matches what consultation.filters.search_comments asks for, word for word,
so that the planner uses the index.
"""

from django.db import migrations

INDEX = "consultation_comment_search_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultation_comment USING GIN "
    "(to_tsvector('english'::regconfig, COALESCE(body, '') || ' ' || "
    "COALESCE(proposed_change, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
