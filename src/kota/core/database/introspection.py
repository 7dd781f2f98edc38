from django.db.backends.postgresql.introspection import TableInfo
from django_tenants.postgresql_backend.introspection import DatabaseSchemaIntrospection

# Django's query filters every relation of the database through pg_table_is_visible();
# with a thousand city schemas that is ~55,000 relations and ~15 ms per call, and a
# migration asks several times per schema. Every relation records a dependency on its
# schema, and pg_depend is indexed by what is depended on, so listing one schema's
# relations through it is an index lookup (~1 ms) with the same answer (django-tenants
# restricts introspection to the current schema anyway).
_TABLES_IN_SCHEMA_SQL = """
SELECT c.relname,
       CASE WHEN c.relispartition THEN 'p' WHEN c.relkind IN ('m', 'v') THEN 'v' ELSE 't' END,
       obj_description(c.oid, 'pg_class')
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_class c ON c.oid = d.objid
WHERE d.refclassid = 'pg_catalog.pg_namespace'::regclass
  AND d.refobjid = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = %s)
  AND d.classid = 'pg_catalog.pg_class'::regclass
  AND d.deptype = 'n'
  AND c.relkind IN ('f', 'm', 'p', 'r', 'v')
"""


class SchemaIntrospection(DatabaseSchemaIntrospection):
    def get_table_list(self, cursor):
        cursor.execute(_TABLES_IN_SCHEMA_SQL, [self.connection.schema_name])
        return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]
