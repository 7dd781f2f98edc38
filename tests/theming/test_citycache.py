"""{% citycache %}: a cached fragment belongs to one city, theme and language."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope

FRAGMENT = Template(
    "{% load theming %}{% citycache 300 'greeting' %}{{ greeting }}{% endcitycache %}"
)


def _render(city, greeting: str, template: Template = FRAGMENT) -> str:
    with city_scope(city):
        return template.render(Context({"greeting": greeting}))


def test_one_citys_fragment_is_never_served_to_another(city_a, city_b):
    first_a = _render(city_a, "Halo Alfa")
    first_b = _render(city_b, "Halo Beta")
    again_a = _render(city_a, "not rendered: cached")
    again_b = _render(city_b, "not rendered: cached")

    assert (first_a, first_b) == ("Halo Alfa", "Halo Beta")
    assert (again_a, again_b) == ("Halo Alfa", "Halo Beta")


def test_fragment_is_kept_apart_by_language(city_a):
    with translation.override("id"):
        indonesian = _render(city_a, "Selamat datang")
    with translation.override("en"):
        english = _render(city_a, "Welcome")
    with translation.override("id"):
        cached = _render(city_a, "not rendered: cached")

    assert (indonesian, english, cached) == ("Selamat datang", "Welcome", "Selamat datang")


def test_a_change_of_theme_or_branding_renders_the_fragment_again(city_a):
    assert _render(city_a, "before") == "before"

    city_a.theme = "pesisir"
    city_a.save(update_fields=["theme", "updated_at"])

    assert _render(city_a, "after") == "after"


def test_extra_arguments_vary_the_key(city_a):
    template = Template(
        "{% load theming %}{% citycache 300 'tiles' keys %}{{ greeting }}{% endcitycache %}"
    )

    with city_scope(city_a):
        one = template.render(Context({"greeting": "one", "keys": "a"}))
        two = template.render(Context({"greeting": "two", "keys": "a,b"}))

    assert (one, two) == ("one", "two")


def test_home_services_are_cached_per_city(client_a, client_b, city_a):
    module_enable(city=city_a, key="noticeboard")

    body_a = client_a.get("/").content.decode()
    body_b = client_b.get("/").content.decode()

    assert 'href="/noticeboard/"' in body_a
    assert 'href="/noticeboard/"' not in body_b
    assert "Belum ada layanan yang diaktifkan" in body_b


def test_citycache_needs_a_timeout_and_a_name():
    with pytest.raises(TemplateSyntaxError, match="takes a timeout and a fragment name"):
        Template("{% load theming %}{% citycache 300 %}x{% endcitycache %}")
