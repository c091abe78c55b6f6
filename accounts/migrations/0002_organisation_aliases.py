"""Aliases of an organisation (acronyms, its standards body) for the comment import.

The organisation's column is added by plain ALTER TABLE with a constant default: Django's
SQLite editor would remake the table, and that remake fails on the dashboard trigger on it
(reviews.dashboard.triggers). The history table has no trigger.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    kind = "jsonb" if schema_editor.connection.vendor == "postgresql" else "text"
    schema_editor.execute(
        f"ALTER TABLE accounts_organisation ADD COLUMN aliases {kind} NOT NULL DEFAULT '[]'"
    )


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE accounts_organisation DROP COLUMN aliases")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalorganisation',
            name='aliases',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='organisation',
                    name='aliases',
                    field=models.JSONField(blank=True, default=list),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
