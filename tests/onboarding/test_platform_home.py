from kota.tenancy.services import city_provision, city_suspend
from tests.factories import CitySpecFactory


def test_platform_home_lists_live_cities_in_constant_queries(
    platform_client, city_a, city_b, django_assert_max_num_queries
):
    for slug in ("kota-satu", "kota-dua", "kota-tiga"):
        city_provision(spec=CitySpecFactory(slug=slug))
    city_suspend(city=city_b)

    with django_assert_max_num_queries(3):  # SET search_path, cities, their domains
        response = platform_client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    for slug in ("alfa", "kota-satu", "kota-dua", "kota-tiga"):
        assert f'href="http://{slug}.localhost/"' in body
    assert "beta.localhost" not in body  # suspended cities are not listed
