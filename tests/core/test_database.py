from django.db import connection

from kota.tenancy.scope import city_scope


def _visible_tables_django_way() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')"
            " AND c.relnamespace = current_schema()::regnamespace"
        )
        return {row[0] for row in cursor.fetchall()}


def test_table_list_is_exactly_the_current_schemas_tables(city_a):
    with city_scope(city_a):
        with connection.cursor() as cursor:
            cursor.execute("CREATE VIEW uji_view AS SELECT 1 AS x")
        listed = set(connection.introspection.table_names(include_views=True))
        with connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL search_path = "{city_a.schema_name}"')
            expected = _visible_tables_django_way()
        connection.search_path_set_schemas = None

    assert listed == expected
    assert "uji_view" in listed
    assert "tenancy_city" not in listed  # public's tables are not the city's


def test_public_table_list_is_exactly_publics_tables(city_a):
    listed = set(connection.introspection.table_names(include_views=True))

    assert listed == _visible_tables_django_way()
    assert "tenancy_city" in listed
