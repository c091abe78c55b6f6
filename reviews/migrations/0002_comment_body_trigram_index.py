"""PostgreSQL only: pg_trgm and a GIN trigram index on comment bodies for similar comments.

On other databases this migration does nothing; reviews.selectors falls back to computing the
same trigram similarity in Python.
"""

from django.db import migrations

INDEX = "reviews_comment_body_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultation_comment "
        "USING gin (body gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_transitions_approvals"),
        ("consultation", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
