"""The PostgreSQL extensions the modules' search needs, installed once in public (every
city's search_path ends in public, so each city's indexes and queries find them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("tenancy", "0006_city_launched_at"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;"
            "CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
