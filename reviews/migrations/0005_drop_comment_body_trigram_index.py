"""PostgreSQL: drop the GIN trigram index of comment bodies. The similar-comment lookup now
finds its candidates through consultation_comment_similarity_keys_gin (consultation 0005),
and the trigram index cost every comment write (about 330 entries per comment) without
filtering paragraph-long bodies. pg_trgm stays: similarity() scores the candidates."""

from django.db import migrations

INDEX = "reviews_comment_body_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultation_comment "
            "USING gin (body gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_disposition_export")]
    # Before the keys are filled: every row the backfill rewrites would update this index too.
    run_before = [("consultation", "0005_comment_similarity_keys_backfill")]

    operations = [migrations.RunPython(forwards, backwards)]
