"""A trigram index for substring search of Thai text, on PostgreSQL only.

Thai has no spaces between words, so search is ``LIKE '%word%'`` on the
normalised text; ``gin_trgm_ops`` makes that fast. SQLite needs nothing.
"""

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS proposals_proposal_search_trgm "
    "ON proposals_proposal USING gin (search_text gin_trgm_ops);",
)
DROP = ("DROP INDEX IF EXISTS proposals_proposal_search_trgm;",)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
