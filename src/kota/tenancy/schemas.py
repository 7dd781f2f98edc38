"""PostgreSQL schemas: their migration state, migrating one, and cloning the template.

New cities are not migrated one migration at a time. A *template* schema is migrated
like any city (by ``kota migrate`` and whenever it is found stale) and holds no city
data; a new city's schema is created by replaying the template's DDL, read from the
catalog, in the provisioning transaction. The replay script is built once per template
version and kept in memory. A few such clones are also made ahead of time ("spares"), so
that most provisionings only rename one.
"""

import functools
import hashlib
import logging
import secrets
import weakref
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connection, transaction
from django.db.migrations import Migration, operations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)

PUBLIC_SCHEMA = "public"
# Advisory-lock key held while the template is being (re)built.
_TEMPLATE_LOCK_KEY = 0x6B6F7461  # "kota"


class TemplateNotClonable(Exception):
    """The template holds objects the DDL replay does not reproduce (views, functions…)."""


@functools.cache
def expected_migrations() -> tuple[str, ...]:
    """Every migration on disk as ``app.name``, squashes expanded to what they replace.

    Each schema records every migration, including those the tenant router turns into
    no-ops there, so one list describes an up-to-date public, template or city schema.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names: set[str] = set()
    for key, migration in loader.graph.nodes.items():
        for app_label, name in migration.replaces or [key]:
            names.add(f"{app_label}.{name}")
    return tuple(sorted(names))


@dataclass(frozen=True)
class SchemaState:
    schema: str
    missing_migrations: int  # how many expected migrations are not recorded
    fingerprint: str  # md5 of the recorded migration list; "" if no migrations table

    @property
    def is_current(self) -> bool:
        return self.missing_migrations == 0


# One query decides for every schema at once: a server-side function (tenancy migration
# 0002) counts each schema's recorded migrations, so 1,000 cities cost one round trip.
_STATES_SQL = "SELECT * FROM public.kota_schema_migration_states(%s::text[], %s::text[])"


def schema_migration_states(schemas: list[str]) -> dict[str, SchemaState]:
    """The migration state of each named schema, from one query."""
    expected = list(expected_migrations())
    states = {
        schema: SchemaState(schema=schema, missing_migrations=len(expected), fingerprint="")
        for schema in schemas
    }
    if not schemas:
        return states
    with connection.cursor() as cursor:
        cursor.execute(_STATES_SQL, [expected, list(schemas)])
        for schema, applied, fingerprint in cursor.fetchall():
            states[schema] = SchemaState(
                schema=schema,
                missing_migrations=len(expected) - int(applied or 0),
                fingerprint=fingerprint or "",
            )
    return states


def public_is_current() -> bool:
    """Whether public has every migration (it also holds the state function above)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc('public.kota_schema_migration_states') IS NOT NULL")
        has_function = cursor.fetchone()[0]
    return has_function and schema_migration_states([PUBLIC_SCHEMA])[PUBLIC_SCHEMA].is_current


def schema_migrate(schema: str, *, verbosity: int = 0) -> None:
    """Apply every pending migration to one schema (public, the template or a city's)."""
    if schema == PUBLIC_SCHEMA:
        connection.set_schema_to_public()
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{_checked(schema)}"')
        # Create the schema's own migrations table first, so the recorder never reads
        # public's through the search_path.
        connection.set_schema(schema, include_public=False)
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(schema)
    try:
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if not plan:
            return
        if _plan_changes_models(plan) or verbosity:
            # The full command: its pre/post-migrate signals create content types and
            # permissions for new models (and rename them for renamed ones).
            call_command(DjangoMigrateCommand(), interactive=False, verbosity=verbosity)
        else:
            # Nothing in the plan can change content types or permissions, so skip the
            # signals, which cost most of a small migration's time on every schema.
            executor.loader.check_consistent_history(connection)
            executor.migrate(targets, plan=plan, state=_state_before(executor))
    finally:
        connection.set_schema_to_public()


# Rendering the project state as of the applied migrations is the other big per-schema
# cost. Cities at the same migration share it: render once per applied set, then clone.
_rendered_states: dict[frozenset, object] = {}


def _state_before(executor: MigrationExecutor):
    applied = frozenset(executor.loader.applied_migrations)
    state = _rendered_states.get(applied)
    if state is None:
        state = executor._create_project_state(with_applied_migrations=True)
        state.apps  # noqa: B018 - render now, so every clone starts rendered
        _rendered_states.clear()
        _rendered_states[applied] = state
    return state.clone()


# Operations after which content types or permissions must be brought up to date.
_MODEL_CHANGING_OPERATIONS = (
    operations.CreateModel,
    operations.DeleteModel,
    operations.RenameModel,
    operations.AlterModelOptions,
)


# The post_migrate receivers whose work depends only on which models exist.
_MODEL_RECEIVERS = {"create_contenttypes", "create_permissions"}


def _plan_changes_models(plan: list[tuple[Migration, bool]]) -> bool:
    if _post_migrate_receiver_names() - _MODEL_RECEIVERS:
        return True  # someone else listens to post_migrate: always let it run
    return any(
        backwards or _changes_models(operation)
        for migration, backwards in plan
        for operation in migration.operations
    )


def _post_migrate_receiver_names() -> set[str]:
    names = set()
    for entry in post_migrate.receivers:
        receiver = entry[1]
        if isinstance(receiver, weakref.ReferenceType):
            receiver = receiver()
        if receiver is not None:
            names.add(getattr(receiver, "__name__", repr(receiver)))
    return names


def _changes_models(operation) -> bool:
    if isinstance(operation, operations.SeparateDatabaseAndState):
        return any(_changes_models(inner) for inner in operation.state_operations)
    return isinstance(operation, _MODEL_CHANGING_OPERATIONS)


def template_schema() -> str:
    return settings.KOTA_TEMPLATE_SCHEMA


def template_ensure_current() -> SchemaState:
    """Make sure the template schema exists and has every migration; migrate it if not."""
    state = schema_migration_states([template_schema()])[template_schema()]
    if state.is_current:
        return state
    logger.info("Template schema is missing or stale; migrating it.")
    return template_migrate()


def template_migrate(*, verbosity: int = 0) -> SchemaState:
    """Migrate the template while no clone of it is being made (exclusive lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_TEMPLATE_LOCK_KEY])
    try:
        if not schema_migration_states([template_schema()])[template_schema()].is_current:
            schema_migrate(template_schema(), verbosity=verbosity)
        return schema_migration_states([template_schema()])[template_schema()]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_TEMPLATE_LOCK_KEY])


def template_state_for_cloning() -> SchemaState:
    """Inside a transaction: hold the template steady until commit and say what it is now.

    Template migrations take the same lock exclusively, so the DDL replayed and the
    migration records copied always belong to one template version.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("template_state_for_cloning must run inside transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [_TEMPLATE_LOCK_KEY])
    return schema_migration_states([template_schema()])[template_schema()]


def schema_clone_from_template(schema: str, *, template: SchemaState) -> None:
    """Create ``schema`` as a copy of the template: same tables, constraints, indexes and
    the framework rows migrate writes (migration records, content types, permissions).

    Must run inside a transaction: PostgreSQL DDL is transactional, so a failure later in
    provisioning takes the new schema with it.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("schema_clone_from_template must run inside transaction.atomic().")
    script = _clone_script(template.fingerprint)
    sql = script.replace("__KOTA_TARGET_SCHEMA__", _checked(schema))
    with connection.cursor() as cursor:
        cursor.execute(sql)
    # The script changed search_path with SET LOCAL; make django-tenants set it again.
    connection.search_path_set_schemas = None


# --- Spare schemas: clones made ahead of time ---------------------------------------------
# A few clones of the current template wait as kota_spare_<version>_<token>. Provisioning
# renames one to the new city's schema inside its transaction (a catalog update, not a
# replay), and a background task clones a replacement after commit. With no spare ready,
# provisioning clones on demand as before. Spares of an older template version are never
# used, and are dropped by the next refill.

SPARE_PREFIX = "kota_spare_"
_SPARES_LOCK_KEY = 0x6B6F7462


def _spare_prefix(template: SchemaState) -> str:
    return f"{SPARE_PREFIX}{template.fingerprint[:12]}_"


def spare_take(schema: str, *, template: SchemaState) -> bool:
    """Rename a ready spare of this template version to ``schema``; False if none is free.

    Must run inside the provisioning transaction: a rollback gives the spare back.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("spare_take must run inside transaction.atomic().")
    with connection.cursor() as cursor:
        for _attempt in range(3):
            # The transaction-level advisory lock keeps two concurrent provisionings off
            # the same spare without blocking either.
            cursor.execute(
                "WITH candidates AS MATERIALIZED ("
                "  SELECT nspname::text AS name FROM pg_namespace"
                "  WHERE starts_with(nspname::text, %s) ORDER BY nspname LIMIT 8)"
                " SELECT name FROM candidates"
                " WHERE pg_try_advisory_xact_lock(hashtext(name)) LIMIT 1",
                [_spare_prefix(template)],
            )
            row = cursor.fetchone()
            if row is None:
                return False
            # The candidates came from the statement's snapshot: one taken and committed
            # by another provisioning just before we locked it is gone by now.
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [row[0]])
            if cursor.fetchone() is not None:
                cursor.execute(f'ALTER SCHEMA "{_checked(row[0])}" RENAME TO "{_checked(schema)}"')
                return True
    return False


def spare_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname::text FROM pg_namespace"
            " WHERE starts_with(nspname::text, %s) ORDER BY 1",
            [SPARE_PREFIX],
        )
        return [row[0] for row in cursor.fetchall()]


def spares_refill(*, target: int | None = None) -> int:
    """Drop spares of older template versions and clone new ones up to ``target``
    (``KOTA_SPARE_SCHEMAS``). Returns how many were created; skips if another process is
    refilling right now."""
    from kota.tenancy.scope import public_scope

    target = settings.KOTA_SPARE_SCHEMAS if target is None else target
    with public_scope():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_SPARES_LOCK_KEY])
            if not cursor.fetchone()[0]:
                return 0
        try:
            return _spares_refill_locked(target)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_SPARES_LOCK_KEY])


def _spares_refill_locked(target: int) -> int:
    template = template_ensure_current()
    prefix = _spare_prefix(template)
    spares = spare_names()
    for stale in [name for name in spares if not name.startswith(prefix)]:
        schema_drop(stale)
    created = 0
    for _ in range(target - sum(name.startswith(prefix) for name in spares)):
        with transaction.atomic():
            if template_state_for_cloning().fingerprint != template.fingerprint:
                return created  # migrated meanwhile: the next refill clones the new version
            schema_clone_from_template(prefix + secrets.token_hex(4), template=template)
        created += 1
    return created


def schema_drop(schema: str) -> None:
    """Drop a schema and everything in it (used to undo work outside a transaction)."""
    if schema in {PUBLIC_SCHEMA, template_schema()}:
        raise ValueError(f"Refusing to drop {schema}.")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{_checked(schema)}" CASCADE')


def _checked(schema: str) -> str:
    # Schema names come from kota.tenancy.slugs or settings, never from raw input; still,
    # refuse anything that could break out of the quoted identifier.
    if not schema or any(ch in schema for ch in "\"'\\;\x00\n\r") or len(schema) > 63:
        raise ValueError(f"Unsafe schema name: {schema!r}")
    return schema


# --- Building the replay script ---------------------------------------------------------

_clone_scripts: dict[str, str] = {}


def _clone_script(fingerprint: str) -> str:
    """The DDL (and framework-row copy) that recreates the template, for this version."""
    key = hashlib.sha256(f"{template_schema()}:{fingerprint}".encode()).hexdigest()
    script = _clone_scripts.get(key)
    if script is None:
        with transaction.atomic():
            script = _build_clone_script()
        _clone_scripts.clear()
        _clone_scripts[key] = script
    return script


_UNSUPPORTED_SQL = """
SELECT 'relation ' || relname || ' (kind ' || relkind::text || ')' FROM pg_class
 WHERE relnamespace = %(ns)s::regnamespace AND relkind NOT IN ('r', 'i', 'S')
UNION ALL
SELECT 'sequence ' || s.relname FROM pg_class s
 WHERE s.relnamespace = %(ns)s::regnamespace AND s.relkind = 'S'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'i')
UNION ALL
SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'type ' || typname FROM pg_type t
 WHERE typnamespace = %(ns)s::regnamespace AND typrelid = 0 AND typelem = 0
UNION ALL
SELECT 'trigger ' || tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
 WHERE c.relnamespace = %(ns)s::regnamespace AND NOT g.tgisinternal
UNION ALL
SELECT 'policy ' || polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
 WHERE c.relnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'partition ' || relname FROM pg_class
 WHERE relnamespace = %(ns)s::regnamespace AND relispartition
UNION ALL
SELECT 'collation ' || collname FROM pg_collation WHERE collnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'text search configuration ' || cfgname FROM pg_ts_config
 WHERE cfgnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'operator ' || oprname FROM pg_operator WHERE oprnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'operator class ' || opcname FROM pg_opclass WHERE opcnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'statistics ' || stxname FROM pg_statistic_ext WHERE stxnamespace = %(ns)s::regnamespace
"""

_COLUMNS_SQL = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid),
       CASE WHEN a.attcollation <> t.typcollation
            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
       (SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
         WHERE d.refobjid = a.attrelid AND d.refobjsubid = a.attnum
           AND d.deptype = 'i' AND s.relkind = 'S')
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r'
ORDER BY c.oid, a.attnum
"""

_CONSTRAINTS_SQL = """
SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE c.relnamespace = %(ns)s::regnamespace AND con.contype IN ('p', 'u', 'x', 'c', 'f')
ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2
                          WHEN 'c' THEN 3 ELSE 4 END, con.oid
"""

# Indexes that no primary-key, unique or exclusion constraint owns (those come back with
# their constraint). pg_get_indexdef always names the table schema-qualified, so the
# statement is rebuilt around its "USING ..." part with the table unqualified.
_INDEXES_SQL = """
SELECT 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
       || quote_ident(ic.relname) || ' ON ' || quote_ident(tc.relname)
       || substring(pg_get_indexdef(i.indexrelid)
                    FROM position(' USING ' IN pg_get_indexdef(i.indexrelid)))
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
WHERE ic.relnamespace = %(ns)s::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                   WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
                     AND con.conrelid = i.indrelid)
ORDER BY i.indexrelid
"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _build_clone_script() -> str:
    template = template_schema()
    params = {"ns": _ident(template)}
    with connection.cursor() as cursor:
        # Only the template on the path: its own objects print unqualified (so they land
        # in the target schema on replay), anything elsewhere prints qualified.
        cursor.execute(f"SET LOCAL search_path = {_ident(template)}")
        try:
            cursor.execute(_UNSUPPORTED_SQL, params)
            unsupported = [row[0] for row in cursor.fetchall()]
            if unsupported:
                raise TemplateNotClonable(", ".join(unsupported))
            cursor.execute(_COLUMNS_SQL, params)
            columns = cursor.fetchall()
            cursor.execute(_CONSTRAINTS_SQL, params)
            constraints = cursor.fetchall()
            cursor.execute(_INDEXES_SQL, params)
            indexes = [row[0] for row in cursor.fetchall()]
            tables_with_rows = _tables_with_rows(cursor, template, columns)
        finally:
            connection.search_path_set_schemas = None

    tables: dict[str, list[tuple]] = {}
    for row in columns:
        tables.setdefault(row[0], []).append(row)

    statements = [
        'CREATE SCHEMA "__KOTA_TARGET_SCHEMA__"',
        'SET LOCAL search_path = "__KOTA_TARGET_SCHEMA__"',
    ]
    # Keys, unique and check constraints go inside CREATE TABLE; foreign keys, which need
    # the tables they point at, follow as one ALTER TABLE per table. Fewer statements,
    # fewer catalog round trips inside the server.
    inline: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    for table, name, kind, definition in constraints:
        target = foreign if kind == "f" else inline
        target.setdefault(table, []).append(f"CONSTRAINT {_ident(name)} {definition}")
    for table, table_columns in tables.items():
        parts = [_column_definition(column) for column in table_columns] + inline.get(table, [])
        statements.append(f"CREATE TABLE {_ident(table)} ({', '.join(parts)})")
    statements += [
        f"ALTER TABLE {_ident(table)} " + ", ".join(f"ADD {c}" for c in table_constraints)
        for table, table_constraints in foreign.items()
    ]
    statements += indexes
    for table in tables_with_rows:
        copied = [_ident(c[1]) for c in tables[table] if not c[5]]
        column_list = ", ".join(copied)
        statements.append(
            f"INSERT INTO {_ident(table)} ({column_list}) OVERRIDING SYSTEM VALUE "  # noqa: S608 - catalog names, quoted
            f"SELECT {column_list} FROM {_ident(template)}.{_ident(table)}"
        )
        for column in tables[table]:
            if column[4]:  # identity: continue numbering after the copied rows
                sequence = (
                    f"pg_get_serial_sequence({_literal(_ident(table))}, {_literal(column[1])})"
                )
                highest = f"(SELECT max({_ident(column[1])}) FROM {_ident(table)})"  # noqa: S608
                statements.append(f"SELECT setval({sequence}, coalesce({highest}, 0) + 1, false)")
    return ";\n".join(statements) + ";"


def _column_definition(column: tuple) -> str:
    _table, name, type_sql, not_null, identity, generated, default, collation, sequence = column
    parts = [_ident(name), type_sql]
    if collation:
        parts.append(f"COLLATE {collation}")
    if identity:
        kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
        options = f" (SEQUENCE NAME {_ident(sequence)})" if sequence else ""
        parts.append(f"GENERATED {kind} AS IDENTITY{options}")
    elif generated:
        storage = "STORED" if generated == "s" else "VIRTUAL"
        parts.append(f"GENERATED ALWAYS AS ({default}) {storage}")
    elif default is not None:
        parts.append(f"DEFAULT {default}")
    if not_null:
        parts.append("NOT NULL")
    return " ".join(parts)


def _tables_with_rows(cursor, template: str, columns: list[tuple]) -> list[str]:
    table_names = list(dict.fromkeys(row[0] for row in columns))
    if not table_names:
        return []
    probes = " UNION ALL ".join(
        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {_ident(template)}.{_ident(name)})"  # noqa: S608
        for index, name in enumerate(table_names)
    )
    cursor.execute(probes)
    return [table_names[row[0]] for row in cursor.fetchall()]
