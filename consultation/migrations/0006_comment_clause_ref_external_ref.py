
"""The clause and the member body's number as an imported file wrote them.

The comment table's columns are added by plain ALTER TABLE with a constant default, as in 0003:
Django's SQLite editor would remake the table, and that remake fails on the dashboard triggers
of other tables that name it. The history table has no such triggers.
"""

from django.db import migrations, models


def add_columns(apps, schema_editor):
    for column, size in (("clause_ref", 100), ("external_ref", 200)):
        schema_editor.execute(
            f"ALTER TABLE consultation_comment ADD COLUMN {column} varchar({size}) "
            "NOT NULL DEFAULT ''"
        )


def drop_columns(apps, schema_editor):
    for column in ("clause_ref", "external_ref"):
        schema_editor.execute(f"ALTER TABLE consultation_comment DROP COLUMN {column}")


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0005_comment_similarity_keys_backfill'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='comment',
                    name='clause_ref',
                    field=models.CharField(blank=True, help_text='The clause as the imported file wrote it.', max_length=100),
                ),
                migrations.AddField(
                    model_name='comment',
                    name='external_ref',
                    field=models.CharField(blank=True, help_text="The member body's own number of the comment (e.g. FR-007), from an import.", max_length=200),
                ),
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
        migrations.AddField(
            model_name='historicalcomment',
            name='clause_ref',
            field=models.CharField(blank=True, help_text='The clause as the imported file wrote it.', max_length=100),
        ),
        migrations.AddField(
            model_name='historicalcomment',
            name='external_ref',
            field=models.CharField(blank=True, help_text="The member body's own number of the comment (e.g. FR-007), from an import.", max_length=200),
        ),
    ]
