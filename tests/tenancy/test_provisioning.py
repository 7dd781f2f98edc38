import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.accounts.roles import all_roles
from kota.tenancy import schemas
from kota.tenancy.models import City, CityStatus, Domain
from kota.tenancy.scope import city_scope
from kota.tenancy.seeding import register_city_seeder, unregister_city_seeder
from kota.tenancy.services import city_provision
from kota.tenancy.specs import CitySpec
from tests.factories import CitySpecFactory


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def _describe(schema: str) -> dict:
    """A schema's structure as comparable text, with its own name taken out."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                                                AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
            ORDER BY 1, 2
            """,
            [schema],
        )
        columns = cursor.fetchall()
        cursor.execute(
            """
            SELECT c.relname, con.conname, con.contype,
                   replace(pg_get_constraintdef(con.oid), %s, 'S.')
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
            WHERE c.relnamespace = %s::regnamespace ORDER BY 1, 2
            """,
            [schema + ".", schema],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, replace(indexdef, %s, 'S.') FROM pg_indexes "
            "WHERE schemaname = %s ORDER BY 1",
            [schema + ".", schema],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT sequencename, data_type, increment_by FROM pg_sequences "
            "WHERE schemaname = %s ORDER BY 1",
            [schema],
        )
        sequences = cursor.fetchall()
    return {
        "columns": columns,
        "constraints": constraints,
        "indexes": indexes,
        "sequences": sequences,
    }


def _rows(schema: str, table: str, columns: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {columns} FROM "{schema}"."{table}" ORDER BY 1, 2')
        return cursor.fetchall()


def test_provision_creates_row_domains_schema_and_seeds(db):
    spec = CitySpecFactory(slug="gamma", name="Kota Gamma", custom_domains=("www.gamma.localhost",))

    city = city_provision(spec=spec)

    assert city.status == CityStatus.ACTIVE
    assert city.schema_name == "city_gamma"
    assert city.time_zone == "Asia/Jakarta"
    assert sorted(Domain.objects.filter(tenant=city).values_list("domain", "is_primary")) == [
        ("gamma.localhost", True),
        ("www.gamma.localhost", False),
    ]
    assert _schema_exists("city_gamma")
    with city_scope(city):
        assert sorted(Group.objects.values_list("name", flat=True)) == sorted(all_roles())


def test_cloned_schema_is_identical_to_a_migrated_one(city_a):
    schemas.schema_migrate("city_reference")

    assert _describe(city_a.schema_name) == _describe("city_reference")
    # Framework rows that migrate writes are there too, with the same ids.
    for table, columns in [
        ("django_migrations", "app, name"),
        ("django_content_type", "id, app_label, model"),
        ("auth_permission", "id, codename"),
    ]:
        assert _rows(city_a.schema_name, table, columns) == _rows("city_reference", table, columns)


def test_cloned_schema_keeps_numbering_after_copied_rows(city_a):
    from django.contrib.contenttypes.models import ContentType

    with city_scope(city_a):
        highest = max(ContentType.objects.values_list("id", flat=True))
        created = ContentType.objects.create(app_label="uji", model="baru")

    assert created.id == highest + 1


def test_failure_while_seeding_leaves_nothing_behind(db):
    def broken_seeder(city):
        Group.objects.create(name="half-made")
        raise RuntimeError("seeding failed")

    register_city_seeder(broken_seeder)
    try:
        with pytest.raises(RuntimeError, match="seeding failed"):
            city_provision(spec=CitySpecFactory(slug="delta"))
    finally:
        unregister_city_seeder(broken_seeder)

    assert City.objects.filter(slug="delta").exists() is False
    assert Domain.objects.filter(domain="delta.localhost").exists() is False
    assert _schema_exists("city_delta") is False


def test_bad_spec_creates_nothing_and_names_every_field(db):
    spec = CitySpec(
        slug="www",
        name="<script>alert(1)</script>",
        kind="kecamatan",
        province="Atlantis",
        primary_color="red",
    )

    with pytest.raises(ValidationError) as error:
        city_provision(spec=spec)

    assert set(error.value.message_dict) == {"slug", "name", "kind", "province", "primary_color"}
    assert City.objects.count() == 2  # only the session's two cities
    assert _schema_exists("city_www") is False


def test_taken_address_is_refused_clearly(city_a):
    with pytest.raises(ValidationError) as error:
        city_provision(spec=CitySpecFactory(slug="alfa"))

    assert error.value.message_dict == {"slug": ["This address is already taken."]}


def test_custom_domain_of_another_city_is_refused(city_a):
    with pytest.raises(ValidationError) as error:
        city_provision(
            spec=CitySpecFactory(slug="epsilon", custom_domains=("layanan.alfa.localhost",))
        )

    assert list(error.value.message_dict) == ["domains"]
    assert City.objects.filter(slug="epsilon").exists() is False


def test_missing_template_is_rebuilt_by_migrating_then_cloned(db):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{schemas.template_schema()}" CASCADE')

    city = city_provision(spec=CitySpecFactory(slug="zeta"))

    assert schemas.schema_migration_states([schemas.template_schema()])[
        schemas.template_schema()
    ].is_current
    assert _describe(city.schema_name)["columns"] == _describe(schemas.template_schema())["columns"]


def test_stale_template_is_migrated_before_cloning(db):
    template = schemas.template_schema()
    with connection.cursor() as cursor:
        # Tenancy's and billing's (whose accounts belong to cities) records: the history
        # stays consistent, just behind.
        cursor.execute(
            f'DELETE FROM "{template}".django_migrations WHERE app = ANY(%s)',
            [["tenancy", "billing"]],
        )
    forgotten = [m for m in schemas.expected_migrations() if m.startswith(("tenancy.", "billing."))]
    assert schemas.schema_migration_states([template])[template].missing_migrations == len(
        forgotten
    )

    city = city_provision(spec=CitySpecFactory(slug="eta"))

    states = schemas.schema_migration_states([template, city.schema_name])
    assert states[template].missing_migrations == 0
    assert states[city.schema_name].missing_migrations == 0


def test_template_with_unclonable_objects_falls_back_to_migrating(db, caplog):
    template = schemas.template_schema()
    for spare in schemas.spare_names():
        schemas.schema_drop(spare)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIEW "{template}".uji_view AS SELECT 1 AS x')
    schemas._clone_scripts.clear()

    city = city_provision(spec=CitySpecFactory(slug="theta"))

    schemas._clone_scripts.clear()
    assert "Template cannot be cloned (relation uji_view (kind v))" in caplog.text
    assert schemas.schema_migration_states([city.schema_name])[city.schema_name].is_current
    with city_scope(city):
        assert Group.objects.count() == len(all_roles())


def test_provisioning_query_count_is_small_and_flat(city_a):
    city_provision(spec=CitySpecFactory(slug="iota"))  # builds the replay script once

    with CaptureQueriesContext(connection) as queries:
        city_provision(spec=CitySpecFactory(slug="kappa"))

    # 24: the city's billing account (its plan read and the row written) included.
    assert len(queries.captured_queries) <= 24


def test_template_with_its_own_collation_is_not_cloned_but_migrated(db):
    template = schemas.template_schema()
    for spare in schemas.spare_names():  # made before the change below; not what we test
        schemas.schema_drop(spare)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE COLLATION "{template}".uji_c FROM "C"')
        cursor.execute(
            f'ALTER TABLE "{template}".django_session ALTER COLUMN session_key'
            f' TYPE varchar(40) COLLATE "{template}".uji_c'
        )
    schemas._clone_scripts.clear()

    city = city_provision(spec=CitySpecFactory(slug="lambda-kol"))

    schemas._clone_scripts.clear()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
            " JOIN pg_collation c ON c.oid = a.attcollation"
            " WHERE c.collnamespace = %s::regnamespace AND t.relnamespace = %s::regnamespace",
            [template, city.schema_name],
        )
        assert cursor.fetchone()[0] == 0  # no city column depends on the template's objects
    assert schemas.schema_migration_states([city.schema_name])[city.schema_name].is_current


def test_same_custom_domain_twice_is_a_validation_error(db):
    spec = CitySpecFactory(slug="rho", custom_domains=("www.rho.localhost", "www.rho.localhost"))

    with pytest.raises(ValidationError) as error:
        city_provision(spec=spec)

    assert error.value.message_dict == {"domains": ["www.rho.localhost is listed more than once."]}
    assert City.objects.filter(slug="rho").exists() is False


def test_brand_colours_must_leave_text_readable(db):
    spec = CitySpecFactory(slug="zeta", primary_color="#7a7a7a", secondary_color="#777777")

    with pytest.raises(ValidationError) as error:
        city_provision(spec=spec)

    assert error.value.message_dict == {
        "primary_color": [
            "Primary colour #7a7a7a with dark text has contrast 4.4:1; WCAG AA needs at least "
            "4.5:1. Choose a lighter colour."
        ],
        "secondary_color": [
            "Secondary colour #777777 with white text has contrast 4.47:1; WCAG AA needs at "
            "least 4.5:1. Choose a darker colour."
        ],
    }
    assert City.objects.filter(slug="zeta").exists() is False
