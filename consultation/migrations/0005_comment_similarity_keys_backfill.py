"""Fill the similarity keys of the comments already there, then (PostgreSQL) index them with GIN.

Not atomic: each batch of the backfill commits on its own. At a million comments it takes about
a quarter of an hour, and comments stay writable meanwhile (save() fills their keys).
"""

from django.db import migrations

import consultation.similarity

INDEX = "consultation_comment_similarity_keys_gin"


def backfill(apps, schema_editor):
    consultation.similarity.keys_backfill(apps.get_model("consultation", "Comment"))


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultation_comment "
            "USING gin (similarity_keys)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("consultation", "0004_comment_anchored_section_index")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
