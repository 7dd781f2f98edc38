"""Each city is an installable web app: manifest, service worker, offline page."""

import json
import re

from django.conf import settings

from kota.theming.branding import initials_version
from kota.theming.services import branding_update
from tests.theming.uploads import png_upload


def _logo(city) -> None:
    branding_update(
        city=city,
        actor=None,
        tagline="Kota yang ramah",
        primary_color="#7a1f1f",
        secondary_color="#f1c232",
        theme="pesisir",
        logo=png_upload(),
    )


def test_manifest_describes_the_city_as_an_app(client_a, city_a):
    response = client_a.get("/manifest.webmanifest")

    version = initials_version(city_a)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert json.loads(response.content) == {
        "id": "/",
        "name": "Kota Alfa",
        "short_name": "Alfa",
        "description": "",
        "lang": "id",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": "#0b5394",
        "background_color": "#ffffff",
        "icons": [
            {
                "src": f"/brand-icons/any-192.png?v={version}",
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": f"/brand-icons/any-512.png?v={version}",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": f"/brand-icons/maskable-512.png?v={version}",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def test_manifest_follows_the_branding_and_the_logos_icons(client_a, client_b, city_a):
    _logo(city_a)

    manifest = json.loads(client_a.get("/manifest.webmanifest").content)
    other = json.loads(client_b.get("/manifest.webmanifest").content)

    assert (manifest["theme_color"], manifest["background_color"]) == ("#7a1f1f", "#f7f0e3")
    assert manifest["description"] == "Kota yang ramah"
    assert [icon["src"] for icon in manifest["icons"]] == [
        f"/media/city_alfa/{city_a.icons[variant]}"
        for variant in ("any-192", "any-512", "maskable-512")
    ]
    assert (other["name"], other["short_name"], other["theme_color"]) == (
        "Kabupaten Beta",
        "Beta",
        "#0b5394",
    )
    assert "city_alfa" not in json.dumps(other)


def test_manifest_lang_is_the_citys_first_language(client_b, city_b):
    city_b.languages = ["en", "id"]
    city_b.save(update_fields=["languages"])

    assert json.loads(client_b.get("/manifest.webmanifest").content)["lang"] == "en"


def test_service_worker_is_served_from_the_root_for_the_whole_site(client_a):
    response = client_a.get("/sw.js")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    assert precache == [
        "/offline/",
        "/static/kota/base.css",
        "/static/themes/default/theme.css",
        "/static/kota/icons.svg",
    ]
    assert 'const OFFLINE_URL = "/offline/";' in body
    assert 'request.mode === "navigate"' in body
    assert "caches.match(OFFLINE_URL)" in body


def test_service_worker_changes_version_with_the_branding(client_a, city_a):
    def cache_name() -> str:
        body = client_a.get("/sw.js").content.decode()
        return re.search(r'const CACHE_NAME = "([\w-]+)";', body).group(1)

    before = cache_name()
    _logo(city_a)
    after = cache_name()

    body = client_a.get("/sw.js").content.decode()
    assert before != after
    assert before.startswith("kota-")
    assert "/static/themes/pesisir/theme.css" in body
    assert f"/media/city_alfa/{city_a.logo}" in body


def test_service_worker_changes_version_with_the_language(client_a):
    """So that a visitor who switches language gets the offline page in the new one."""

    def cache_name() -> str:
        body = client_a.get("/sw.js").content.decode()
        return re.search(r'const CACHE_NAME = "([\w-]+)";', body).group(1)

    indonesian = cache_name()
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = cache_name()

    assert indonesian != english


def test_offline_page_is_branded_and_translatable(client_a, city_a):
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client_a.get("/offline/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>You are offline · Kota Alfa</title>" in body
    assert "<h1>You are offline</h1>" in body
    assert "This page of Kota Alfa cannot be reached without an internet connection." in body
    assert "--kota-primary:#0b5394;" in body
    assert 'class="lang-switch"' not in body  # nothing that goes stale in the cache
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client_a.get("/offline/").content.decode()
    assert "<h1>Anda sedang tidak terhubung ke internet</h1>" in indonesian


def test_every_city_page_links_the_manifest_and_registers_the_worker(client_a):
    body = client_a.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert '<script src="/static/kota/pwa.js" defer></script>' in body
    assert '<link rel="icon" href="/brand-icons/any-192.png?v=' in body


def test_the_platform_site_is_not_an_app(platform_client):
    body = platform_client.get("/").content.decode()

    assert 'rel="manifest"' not in body
    assert "pwa.js" not in body
    assert platform_client.get("/manifest.webmanifest").status_code == 404
    assert platform_client.get("/sw.js").status_code == 404
