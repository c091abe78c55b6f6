"""The late-comment tally, and the dashboard triggers re-created to keep it.

Nobody is late before this migration (Comment.late has just been added, false everywhere),
so the new tally starts empty and correct: PostgreSQL only needs its trigger functions
refreshed; SQLite's row triggers carry their SQL in the trigger itself and are re-created.
"""

import django.db.models.deletion
from django.db import migrations, models


def reinstall_triggers(apps, schema_editor):
    from reviews.dashboard import triggers

    if schema_editor.connection.vendor == "sqlite":
        for name in triggers.TRIGGER_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    triggers.ensure(schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0006_comment_late_imports_reopenings'),
        ('reviews', '0005_drop_comment_body_trigram_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='LateTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('n', models.IntegerField(default=0)),
                ('consultation', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='consultation.consultation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('consultation',), name='unique_late_tally')],
            },
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
