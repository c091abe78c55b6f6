"""The clause key of each comment (consultation.clause_order), filled from its section, and the
index the queue's clause order pages through.

The column is added by plain ALTER TABLE with a constant default, as in 0006: Django's SQLite
editor would remake the comment table, and that remake fails on the dashboard triggers of other
tables that name it. Not in the history table: it is derived.
"""

import consultation.clause_order
from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        "ALTER TABLE consultation_comment ADD COLUMN clause_key varchar(270) NOT NULL DEFAULT ''"
    )


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE consultation_comment DROP COLUMN clause_key")


# As consultation.clause_order.clause_key computed it when this migration was written.
def fill_clause_keys(apps, schema_editor):
    """Every comment on a section gets its section's clause key: one UPDATE per section."""
    Comment = apps.get_model("consultation", "Comment")
    Section = apps.get_model("consultation", "Section")
    for pk, guideline_id, sort_key in Section.objects.values_list("pk", "guideline_id", "sort_key"):
        Comment.objects.filter(section_id=pk).update(clause_key=f"{guideline_id:010d}.{sort_key}")


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0008_merge_late_imports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="comment",
                    name="clause_key",
                    field=consultation.clause_order.ClauseKeyField(
                        blank=True, default="", editable=False, max_length=270
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.RunPython(fill_clause_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["clause_key", "id"], name="comment_clause_order_idx"),
        ),
    ]
