"""A server-side function that reports, for many schemas at once, how many of the expected
migrations each has recorded: `kota migrate` decides the whole fleet in one query."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION public.kota_schema_migration_states(expected text[], schema_names text[])
RETURNS TABLE (schema_name text, applied integer, fingerprint text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    current_schema_name text;
BEGIN
    FOR current_schema_name IN
        SELECT n.nspname::text
        FROM pg_namespace n
        JOIN pg_class c ON c.relnamespace = n.oid
        WHERE c.relname = 'django_migrations' AND c.relkind = 'r'
          AND n.nspname = ANY (schema_names)
    LOOP
        schema_name := current_schema_name;
        EXECUTE format(
            'SELECT count(DISTINCT app || ''.'' || name) FILTER (WHERE app || ''.'' || name = ANY ($1)),'
            '       md5(coalesce(string_agg(app || ''.'' || name, '','' ORDER BY app, name), ''''))'
            '  FROM %I.django_migrations', current_schema_name)
        INTO applied, fingerprint
        USING expected;
        RETURN NEXT;
    END LOOP;
END
$$;
"""

DROP = "DROP FUNCTION IF EXISTS public.kota_schema_migration_states(text[], text[]);"


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
