"""Each city serves its own OpenAPI schema and interactive docs, with nothing from a CDN."""

import re

from kota.registry.services import module_enable


def test_docs_page_loads_its_assets_from_the_site_itself(client_a):
    page = client_a.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets != []
    assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []
    for asset in assets:
        if asset.startswith("/static/"):
            response = client_a.get(asset)
            assert response.status_code == 200, asset
            response.close()


def test_schema_points_the_docs_at_this_citys_schema(client_a):
    html = client_a.get("/api/docs/").content.decode()

    assert "/api/schema/" in html


def test_each_city_schema_lists_only_its_own_live_modules(client_a, client_b, city_a):
    module_enable(city=city_a, key="noticeboard")

    paths_a = set(client_a.get("/api/schema/", {"format": "json"}).json()["paths"])
    paths_b = set(client_b.get("/api/schema/", {"format": "json"}).json()["paths"])

    assert "/api/v1/noticeboard/notices/" in paths_a
    assert "/api/v1/noticeboard/notices/" not in paths_b
    assert "/api/v1/app-config" in paths_a & paths_b


def test_the_platform_site_serves_no_city_api(platform_client):
    assert platform_client.get("/api/schema/").status_code == 404
    assert platform_client.get("/api/v1/app-config").status_code == 404


def test_sitemap_lists_the_home_and_live_module_pages(client_a, client_b, city_a):
    module_enable(city=city_a, key="noticeboard")

    sitemap_a = client_a.get("/sitemap.xml")
    sitemap_b = client_b.get("/sitemap.xml").content.decode()

    assert sitemap_a["Content-Type"] == "application/xml"
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap_a.content.decode()) == [
        "http://alfa.localhost/",
        "http://alfa.localhost/noticeboard/",
        "http://alfa.localhost/noticeboard/selamat-datang/",
    ]
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap_b) == ["http://beta.localhost/"]


def test_each_schema_is_named_after_its_city(client_a, client_b):
    assert client_a.get("/api/schema/", {"format": "json"}).json()["info"]["title"] == (
        "Kota Alfa API"
    )
    assert client_b.get("/api/schema/", {"format": "json"}).json()["info"]["title"] == (
        "Kabupaten Beta API"
    )
