"""Theme static files and the shared icon set."""

import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

REQUIRED_ICONS = {
    "megaphone",
    "map",
    "landmark",
    "file-text",
    "alert",
    "building",
    "calendar",
    "user",
    "settings",
    "home",
    "globe",
}


def test_each_themes_static_folder_is_served_under_its_prefix():
    themes = Path(settings.KOTA_HOME) / "themes"
    static_dirs = settings.STATICFILES_DIRS

    assert [d for d in static_dirs if d[0].startswith("themes/")] == [
        ("themes/default", themes / "default" / "static"),
        ("themes/pesisir", themes / "pesisir" / "static"),
    ]
    assert finders.find("themes/pesisir/theme.css") == str(themes / "pesisir/static/theme.css")


def test_map_libraries_are_served_from_their_packages():
    leaflet = finders.find("vendor/leaflet/leaflet.js")
    cluster = finders.find("vendor/leaflet-markercluster/leaflet.markercluster.js")

    assert "site-packages" in leaflet
    assert "site-packages" in cluster
    assert not Path(leaflet).is_relative_to(settings.KOTA_HOME / "src")


def test_theme_stylesheet_is_served_on_a_city_host(client_a):
    response = client_a.get("/static/themes/pesisir/theme.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"tabbar" in b"".join(response.streaming_content)


def test_icon_set_has_every_icon_modules_may_name():
    sprite = ET.parse(finders.find("kota/icons.svg")).getroot()
    symbols = {el.get("id"): el for el in sprite if el.tag.endswith("symbol")}

    assert set(symbols) >= REQUIRED_ICONS
    for symbol in symbols.values():
        assert symbol.get("viewBox") == "0 0 24 24"
        assert symbol.get("stroke") == "currentColor"
        assert len(list(symbol)) >= 1
