import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from kota.tenancy import schemas
from kota.tenancy.fleet import fleet_migrate


def _one_migration() -> tuple[str, str]:
    """The latest tenancy migration: a no-op in city schemas (the router skips it there)
    but recorded, and nothing depends on it, so forgetting its record makes a city
    genuinely one migration behind."""
    (leaf,) = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("tenancy")
    return leaf


def _forget(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
            list(_one_migration()),
        )


def test_states_come_from_one_query(city_a, city_b, django_assert_num_queries):
    with django_assert_num_queries(1):
        states = schemas.schema_migration_states(
            [city_a.schema_name, city_b.schema_name, schemas.template_schema(), "city_nowhere"]
        )

    assert states[city_a.schema_name].is_current
    assert states[city_b.schema_name].is_current
    assert states["city_nowhere"].missing_migrations == len(schemas.expected_migrations())


def test_noop_run_migrates_nothing(city_a, city_b):
    report = fleet_migrate(jobs=1)

    assert (report.public_migrated, report.template_migrated) == (False, False)
    assert report.cities_total == 2
    assert report.cities_migrated == []
    assert report.ok


def test_only_the_stale_city_is_migrated(city_a, city_b):
    _forget(city_b.schema_name)
    assert (
        schemas.schema_migration_states([city_b.schema_name])[city_b.schema_name].missing_migrations
        == 1
    )

    report = fleet_migrate(jobs=1)

    assert report.cities_migrated == [city_b.schema_name]
    assert schemas.schema_migration_states([city_b.schema_name])[city_b.schema_name].is_current


@pytest.mark.slow
def test_parallel_workers_migrate_committed_cities(session_cities, django_db_blocker):
    names = [session_cities["a"].schema_name, session_cities["b"].schema_name]
    with django_db_blocker.unblock():
        for name in names:
            _forget(name)
        report = fleet_migrate(jobs=2, chunk_size=1)
        states = schemas.schema_migration_states(names)

    assert sorted(report.cities_migrated) == sorted(names)
    assert report.cities_failed == {}
    assert all(states[name].is_current for name in names)


def test_migrate_command_reports_the_run(city_a, capsys):
    call_command("migrate", verbosity=1)

    assert capsys.readouterr().out.strip() == (
        "public: up to date; template: up to date; platform: up to date; "
        "cities: 2 total, 0 migrated, 0 failed"
    )


def _plan(*operations_list):
    from django.db import migrations

    migration = migrations.Migration("0099_test", "uji")
    migration.operations = list(operations_list)
    return [(migration, False)]


def test_fast_path_only_for_plans_that_cannot_change_models():
    from django.db import migrations, models

    from kota.tenancy.schemas import _plan_changes_models

    add_field = migrations.AddField("visit", "note", models.TextField(default=""))
    create = migrations.CreateModel("Baru", [("id", models.AutoField(primary_key=True))])
    hidden_create = migrations.SeparateDatabaseAndState(state_operations=[create])

    assert _plan_changes_models(_plan(add_field)) is False
    assert _plan_changes_models(_plan(create)) is True
    assert _plan_changes_models(_plan(add_field, hidden_create)) is True
    assert _plan_changes_models([(_plan(add_field)[0][0], True)]) is True  # backwards


def test_fast_path_is_off_when_other_code_listens_to_post_migrate():
    from django.db.models.signals import post_migrate

    from kota.tenancy.schemas import _plan_changes_models

    def seed_module_defaults(**kwargs):
        pass

    post_migrate.connect(seed_module_defaults)
    try:
        assert _plan_changes_models(_plan()) is True
    finally:
        post_migrate.disconnect(seed_module_defaults)
    assert _plan_changes_models(_plan()) is False


def test_fast_path_applies_real_ddl_exactly_like_a_full_migrate(city_a, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    from tests.tenancy.test_provisioning import _describe

    connection.set_schema(city_a.schema_name)
    MigrationExecutor(connection).migrate([("fleetapp", "0001_initial")])  # drops `note`
    connection.set_schema_to_public()
    assert _describe(city_a.schema_name) != _describe(schemas.template_schema())

    def full_command_must_not_run(*args, **kwargs):
        raise AssertionError("the fast path was expected")

    monkeypatch.setattr(schemas, "call_command", full_command_must_not_run)
    report = fleet_migrate(jobs=1)

    assert report.cities_migrated == [city_a.schema_name]
    assert _describe(city_a.schema_name) == _describe(schemas.template_schema())
