"""Late comments (Comment.late), the record of imports and of reopened consultations.

The comment's column is added by plain ALTER TABLE with a constant default, as in 0003: a
remake of the comment table on SQLite fails on the dashboard triggers that name it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

LATE_HELP = (
    "Entered after the consultation closed (sent in late, e.g. by e-mail); the author is the "
    "editor or coordinator who entered it."
)


def add_late(apps, schema_editor):
    default = "false" if schema_editor.connection.vendor == "postgresql" else "0"
    schema_editor.execute(
        f"ALTER TABLE consultation_comment ADD COLUMN late boolean NOT NULL DEFAULT {default}"
    )


def drop_late(apps, schema_editor):
    schema_editor.execute("ALTER TABLE consultation_comment DROP COLUMN late")


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0005_comment_similarity_keys_backfill'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='comment',
                    name='late',
                    field=models.BooleanField(default=False, help_text=LATE_HELP),
                ),
            ],
            database_operations=[migrations.RunPython(add_late, drop_late)],
        ),
        migrations.AddField(
            model_name='historicalcomment',
            name='late',
            field=models.BooleanField(default=False, help_text=LATE_HELP),
        ),
        migrations.CreateModel(
            name='ConsultationReopening',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reopened_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('reason', models.TextField(max_length=20000)),
                ('closed_at', models.DateTimeField(help_text='When the consultation had closed.')),
                ('closes_at', models.DateTimeField(help_text='The new closing time.')),
                ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reopenings', to='consultation.consultation')),
                ('reopened_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-reopened_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CommentImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('imported_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('file_name', models.CharField(blank=True, max_length=255)),
                ('content_hash', models.CharField(blank=True, help_text="SHA-256 of the file's bytes.", max_length=64)),
                ('comment_count', models.PositiveIntegerField()),
                ('late', models.BooleanField(default=False, help_text='Imported after the consultation had closed.')),
                ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='imports', to='consultation.consultation')),
                ('imported_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('repeats', models.ForeignKey(blank=True, help_text='The earlier import of the same file, when it was sent again on purpose.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='consultation.commentimport')),
            ],
            options={
                'ordering': ['-imported_at', '-id'],
                'indexes': [models.Index(fields=['consultation', 'content_hash'], name='consultatio_consult_247658_idx')],
            },
        ),
    ]
