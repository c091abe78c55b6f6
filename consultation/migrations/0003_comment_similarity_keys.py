"""Similar-comment keys: a bigint[] of MinHash band keys on each comment (consultation.similarity
explains). 0005 fills them for the comments already there and indexes them.

The column is added by plain ALTER TABLE with a constant default: for a NOT NULL column with a
default, Django's SQLite editor would remake the comment table, and the rename in that remake
fails on the dashboard triggers of other tables that name it (reviews.dashboard.triggers).
"""

from django.db import migrations

import consultation.similarity


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        column = "bigint[] NOT NULL DEFAULT '{}'"
    else:
        column = "text NOT NULL DEFAULT '[]'"
    schema_editor.execute(f"ALTER TABLE consultation_comment ADD COLUMN similarity_keys {column}")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE consultation_comment DROP COLUMN similarity_keys")


class Migration(migrations.Migration):
    dependencies = [("consultation", "0002_comment_search_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="comment",
                    name="similarity_keys",
                    field=consultation.similarity.SimilarityKeysField(source="body"),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
