"""The platform's front page: what Kota is, its plans with their prices and modules, the
cities already live, and the way into the signup wizard."""

from kota.billing.models import Plan
from kota.tenancy.services import city_provision, city_suspend
from tests.factories import CitySpecFactory


def test_platform_home_lists_live_cities_in_constant_queries(
    platform_client, city_a, city_b, django_assert_max_num_queries
):
    for slug in ("kota-satu", "kota-dua", "kota-tiga"):
        city_provision(spec=CitySpecFactory(slug=slug))
    city_suspend(city=city_b)

    with django_assert_max_num_queries(4):  # SET search_path, cities, their domains, plans
        response = platform_client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    for slug in ("alfa", "kota-satu", "kota-dua", "kota-tiga"):
        assert f'href="http://{slug}.localhost/"' in body
    assert "beta.localhost" not in body  # suspended cities are not listed


def test_the_front_page_speaks_indonesian_first(platform_client):
    body = platform_client.get("/").content.decode()

    assert '<html lang="id"' in body
    assert '<a class="button" href="/daftar/">' in body


def plan_card(body: str, name: str) -> str:
    start = body.index(f"<h3>{name}</h3>")
    return body[start : body.index("</li>\n", body.index("plan-seats", start))]


def test_the_front_page_shows_the_plans_with_prices_in_rupiah(platform_client):
    body = platform_client.get("/").content.decode()

    gratis, kota = plan_card(body, "Gratis"), plan_card(body, "Kota")
    assert "Tanpa biaya" in gratis
    assert "Rp2.500.000 per bulan" in kota
    assert "Hingga 3 akun petugas" in gratis
    assert "Hingga 25 akun petugas" in kota
    assert "plan-note" not in kota  # paid by card: chosen at signup like the free plan
    assert "plan-note" not in gratis
    assert "Kontrak" not in body  # arranged, not offered at signup


def test_plan_prices_in_english(wizard):
    body = wizard.get("/").content.decode()

    assert "IDR 2,500,000 a month" in plan_card(body, "Kota")
    assert "Free of charge" in plan_card(body, "Gratis")


def test_each_plan_lists_the_registered_modules_it_includes(wizard):
    Plan.objects.filter(key="gratis").update(modules=["aduan-uji", "belum-ada"])

    body = wizard.get("/").content.decode()

    gratis, kota = plan_card(body, "Gratis"), plan_card(body, "Kota")
    assert '<ul class="plan-modules"><li>Citizen reports (test)</li></ul>' in gratis
    assert "belum-ada" not in body  # a module not registered yet is not shown
    assert (
        '<ul class="plan-modules"><li>Citizen reports (test)</li><li>Tourism (test)</li>'
        "<li>Permits (test)</li></ul>"
    ) in kota
