"""Similar-comment keys: a bigint[] of MinHash band keys on each comment, filled for the
comments already there, with a GIN index on PostgreSQL (consultation.similarity explains)."""

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
    dependencies = [("consultation", "0002_comment_search_index")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="similarity_keys",
            field=consultation.similarity.SimilarityKeysField(source="body"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
