"""The module contract, for every registered module and every URL it declares: a module
that is not live answers 404 everywhere and is gone from navigation, home, sitemap and the
OpenAPI schema; switching it back on brings everything back, data included."""

import pytest

from kota.registry.catalog import module_get
from kota.registry.services import module_disable, module_enable
from kota.tenancy.scope import city_scope
from tests.registry.module_urls import declared_module_urls

MODULE_URLS = declared_module_urls()


def test_the_test_module_declares_citizen_console_and_api_urls():
    paths = {path for key, path, _ in MODULE_URLS if key == "noticeboard"}
    assert paths == {
        "/noticeboard/",
        "/noticeboard/contoh/",
        "/console/noticeboard/",
        "/api/v1/noticeboard/notices/",
    }


@pytest.mark.parametrize(("key", "path", "has_params"), MODULE_URLS)
def test_a_module_that_is_off_answers_404_on_every_url(
    key, path, has_params, admin_client_a, city_a
):
    assert key not in city_a.enabled_modules

    assert admin_client_a.get(path).status_code == 404
    assert admin_client_a.post(path, {}).status_code == 404


@pytest.mark.parametrize(("key", "path", "has_params"), MODULE_URLS)
def test_a_module_that_is_not_allowed_answers_404_even_when_enabled(
    key, path, has_params, admin_client_a, city_a, settings
):
    module_enable(city=city_a, key=key)
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    assert admin_client_a.get(path).status_code == 404


@pytest.mark.parametrize(
    ("key", "path"), [(k, p) for k, p, has_params in MODULE_URLS if not has_params]
)
def test_a_live_module_serves_every_url(key, path, admin_client_a, city_a):
    module_enable(city=city_a, key=key)

    assert admin_client_a.get(path).status_code == 200


@pytest.mark.parametrize(("key", "path", "has_params"), MODULE_URLS)
def test_a_module_live_on_another_city_is_still_404_here(
    key, path, has_params, admin_client_a, city_a, city_b
):
    module_enable(city=city_b, key=key)

    assert admin_client_a.get(path).status_code == 404


@pytest.mark.parametrize("key", sorted({key for key, _, _ in MODULE_URLS}))
def test_a_module_off_is_gone_from_home_sitemap_and_schema(key, admin_client_a, city_a):
    module = module_get(key)
    module_enable(city=city_a, key=key)
    on_home = admin_client_a.get("/").content.decode()
    on_sitemap = admin_client_a.get("/sitemap.xml").content.decode()
    on_schema = admin_client_a.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert module.home_path in on_home
    assert f"alfa.localhost{module.home_path}" in on_sitemap
    if module.api_urls:
        assert any(p.startswith(module.api_root) for p in on_schema)

    module_disable(city=city_a, key=key)

    assert module.home_path not in admin_client_a.get("/").content.decode()
    assert module.home_path not in admin_client_a.get("/sitemap.xml").content.decode()
    schema = admin_client_a.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert not any(p.startswith(module.api_root) for p in schema)


def test_disabling_keeps_data_and_enabling_brings_it_back_without_seeding_twice(client_a, city_a):
    from tests.registry.noticeboard.models import Notice

    module_enable(city=city_a, key="noticeboard")
    with city_scope(city_a):
        Notice.objects.create(slug="jalan-ditutup", title="Jalan ditutup")

    module_disable(city=city_a, key="noticeboard")
    assert client_a.get("/noticeboard/jalan-ditutup/").status_code == 404
    module_enable(city=city_a, key="noticeboard")

    assert client_a.get("/noticeboard/jalan-ditutup/").content == b"Jalan ditutup"
    with city_scope(city_a):
        assert sorted(Notice.objects.values_list("slug", flat=True)) == [
            "jalan-ditutup",
            "selamat-datang",
        ]


def test_a_module_api_that_is_off_answers_json_404(client_a, city_a):
    response = client_a.get("/api/v1/noticeboard/notices/")

    assert response.status_code == 404
    # DRF's own 404 text, in the city's language unless the client asks for another.
    assert response.json() == {"detail": "Data tidak ditemukan."}
    english = client_a.get("/api/v1/noticeboard/notices/", HTTP_ACCEPT_LANGUAGE="en")
    assert (english.status_code, english.json()) == (404, {"detail": "Not found."})
