"""The active city's theme overrides the base templates, and one process serving several
cities never gives one city another's compiled templates."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory

from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope
from kota.theming.loaders import ThemeCachedLoader, ThemeLoader
from kota.theming.packs import theme_pack

PESISIR_MARKERS = ('<body class="theme-pesisir', '<svg class="wave"', 'class="service-list"')
DEFAULT_MARKERS = ('<ul class="tiles">',)


@pytest.fixture
def two_looks(city_a, city_b):
    """City A on the default theme, city B on pesisir, both with a live module."""
    city_b.theme = "pesisir"
    city_b.save(update_fields=["theme"])
    for city in (city_a, city_b):
        module_enable(city=city, key="noticeboard")
    return city_a, city_b


def _cached_loader() -> ThemeCachedLoader:
    return engines["django"].engine.template_loaders[0]


def test_templates_are_configured_theme_first_and_cached_by_theme():
    loader = _cached_loader()

    assert isinstance(loader, ThemeCachedLoader)
    assert [type(child).__name__ for child in loader.loaders] == ["ThemeLoader", "Loader"]
    assert isinstance(loader.loaders[0], ThemeLoader)


def test_cities_served_alternately_each_get_their_own_theme(two_looks, client_a, client_b):
    _cached_loader().reset()  # start cold: the first city must not warm the other's cache

    pages = [(client, client.get("/").content.decode()) for client in (client_a, client_b) * 3]

    for client, body in pages:
        if client is client_a:
            assert "<h1>Kota Alfa</h1>" in body
            assert [m for m in PESISIR_MARKERS if m in body] == []
            assert [m for m in DEFAULT_MARKERS if m in body] == list(DEFAULT_MARKERS)
        else:
            assert "<h1>Kabupaten Beta</h1>" in body
            assert [m for m in PESISIR_MARKERS if m in body] == list(PESISIR_MARKERS)
            assert [m for m in DEFAULT_MARKERS if m in body] == []
    keys = set(_cached_loader().get_template_cache)
    assert {"default:base.html", "pesisir:base.html", "default:portal/home.html"} <= keys
    assert "pesisir:portal/home.html" in keys


def test_rendering_in_each_city_scope_uses_that_citys_theme(two_looks):
    city_a, city_b = two_looks
    request = RequestFactory().get("/")

    outputs = []
    for city in (city_b, city_a, city_b, city_a):
        with city_scope(city):
            request.city = city
            outputs.append(render_to_string("base.html", request=request))

    assert ['<body class="theme-pesisir' in html for html in outputs] == [True, False, True, False]


def test_a_theme_change_shows_on_the_next_request(two_looks, client_a):
    city_a, _ = two_looks
    assert '<body class="theme-pesisir' not in client_a.get("/").content.decode()

    city_a.theme = "pesisir"
    city_a.save(update_fields=["theme"])

    assert '<body class="theme-pesisir' in client_a.get("/").content.decode()


def test_theme_loader_searches_only_the_active_theme(two_looks):
    _, city_b = two_looks
    loader = _cached_loader().loaders[0]
    themes = theme_pack("default").folder.parent

    with city_scope(city_b):
        sources = [origin.name for origin in loader.get_template_sources("base.html")]
        outside = list(loader.get_template_sources("../../default/theme.toml"))

    assert sources == [str(themes / "pesisir" / "templates" / "base.html")]
    assert outside == []
    # What the development autoreloader watches: every theme's templates.
    assert sorted(loader.get_dirs()) == [
        themes / "default" / "templates",
        themes / "pesisir" / "templates",
    ]


def test_platform_pages_use_the_default_theme(platform_client, two_looks):
    body = platform_client.get("/").content.decode()

    assert 'data-theme="default"' in body
    assert '<body class="theme-pesisir' not in body
