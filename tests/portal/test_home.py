"""The citizen home: the city's branding, its live modules as tiles, navigation, languages,
account links; few queries and a small first load."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from kota.registry.catalog import module_register, module_unregister
from kota.registry.modules import Module
from kota.registry.services import module_enable
from kota.theming.services import branding_update
from tests.conftest import city_login
from tests.portal.page_weight import PAGE_BUDGET, first_load
from tests.theming.uploads import png_upload


@pytest.fixture
def calendar_module(settings):
    """A second module, registered for the test only (so no plan names it: every module is
    allowed meanwhile)."""
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.everything_allowed"
    module = module_register(
        Module(
            key="kalender",
            name="Calendar of events",
            summary="What is on in the city.",
            icon="calendar",
        )
    )
    yield module
    module_unregister(module.key)


def test_home_shows_the_citys_branding(client_a, city_a):
    branding_update(
        city=city_a,
        actor=None,
        tagline="Kota yang ramah",
        primary_color="#7a1f1f",
        secondary_color="#f1c232",
        theme="default",
        logo=png_upload(),
    )

    body = client_a.get("/").content.decode()

    assert "<title>Kota Alfa</title>" in body
    assert '<span class="brand-name">Kota Alfa</span>' in body
    assert '<span class="brand-tagline">Kota yang ramah</span>' in body
    assert '<p class="tagline">Kota yang ramah</p>' in body
    assert f'<img class="brand-logo" src="/media/city_alfa/{city_a.logo}" alt="">' in body
    assert "--kota-primary:#7a1f1f;--kota-on-primary:#ffffff;" in body
    assert '<meta name="theme-color" content="#7a1f1f">' in body


def test_live_modules_are_tiles_with_icons_and_navigation(client_a, city_a, calendar_module):
    module_enable(city=city_a, key="noticeboard")
    module_enable(city=city_a, key="kalender")

    body = client_a.get("/").content.decode()

    tiles = re.findall(r'<a class="tile" href="([^"]+)">.*?#([\w-]+)".*?tile-name">([^<]+)<', body)
    assert tiles == [
        ("/noticeboard/", "megaphone", "Papan pengumuman"),
        ("/kalender/", "calendar", "Calendar of events"),
    ]
    assert '<span class="tile-summary">What is on in the city.</span>' in body
    assert "Belum ada layanan yang diaktifkan" not in body
    # Navigation comes from each live module's NavEntry, resolved in its namespace.
    nav = body.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav) == [
        ("/noticeboard/", "Pengumuman")
    ]


def test_home_without_live_modules_says_so(client_a):
    body = client_a.get("/").content.decode()

    assert "<strong>Belum ada layanan yang diaktifkan</strong>" in body
    assert 'class="tile"' not in body
    assert 'class="site-nav"' not in body


def test_one_citys_modules_never_appear_on_another(client_a, client_b, city_a):
    module_enable(city=city_a, key="noticeboard")

    body_b = client_b.get("/").content.decode()

    assert "Kota Alfa" not in body_b
    assert "/noticeboard/" not in body_b
    assert "Belum ada layanan yang diaktifkan" in body_b


def test_page_has_a_skip_link_a_main_landmark_and_its_language(client_a):
    body = client_a.get("/").content.decode()

    assert body.startswith('<!doctype html>\n<html lang="id" dir="ltr" data-theme="default">')
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main" tabindex="-1">' in body


def test_language_switch_sets_english_and_back(client_a):
    body = client_a.get("/").content.decode()
    form = body.split('<form class="lang-switch"')[1].split("</form>")[0]
    assert 'action="/i18n/setlang/"' in form
    assert re.findall(r'value="(\w+)" lang="\w+"', form) == ["id", "en"]
    assert 'value="id" lang="id" aria-current="true"' in form

    switched = client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client_a.get("/").content.decode()

    assert (switched.status_code, switched["Location"]) == (302, "/")
    assert client_a.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert english.startswith('<!doctype html>\n<html lang="en"')
    assert 'value="en" lang="en" aria-current="true"' in english
    assert ">Skip to main content</a>" in english


def test_a_city_with_one_language_has_no_switch(client_b, city_b):
    city_b.languages = ["id"]
    city_b.save(update_fields=["languages"])

    assert 'class="lang-switch"' not in client_b.get("/").content.decode()


def test_anonymous_visitor_is_offered_to_log_in(client_a):
    body = client_a.get("/").content.decode()

    assert '<a class="button" href="/accounts/login/">' in body
    try:
        reverse("accounts:register", urlconf=settings.KOTA_CITY_URLCONF)
    except NoReverseMatch:  # registration is not there yet: the page still works
        assert 'href="/accounts/register/"' not in body
    else:
        assert '<a class="button button-secondary" href="/accounts/register/">Buat akun</a>' in body


@override_settings(KOTA_CITY_URLCONF="tests.portal.urls_with_register")
def test_registration_is_offered_once_it_exists(client_a):
    body = client_a.get("/").content.decode()

    assert '<a class="button button-secondary" href="/accounts/register/">Buat akun</a>' in body


def test_signed_in_citizen_sees_their_account(client_a, citizen_a, city_a):
    city_login(client_a, citizen_a, city_a)
    body = client_a.get("/").content.decode()

    assert "Masuk sebagai siti@example.id." in body
    assert '<a class="button" href="/accounts/">' in body
    assert 'href="/accounts/login/"' not in body


def _queries_for_home(client) -> int:
    client.get("/")  # warms the routing cache (a module switch changed the city)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_home_queries_stay_the_same_however_many_modules_are_live(
    client_a, city_a, citizen_a, calendar_module
):
    anonymous = [_queries_for_home(client_a)]
    module_enable(city=city_a, key="noticeboard")
    anonymous.append(_queries_for_home(client_a))
    module_enable(city=city_a, key="kalender")
    anonymous.append(_queries_for_home(client_a))
    city_login(client_a, citizen_a, city_a)
    signed_in = _queries_for_home(client_a)

    assert anonymous == [0, 0, 0]
    assert signed_in == 3  # SET search_path, the session, the user


@pytest.mark.parametrize("theme", ["default", "pesisir"])
def test_first_load_of_the_home_is_under_100_kb_compressed(client_a, city_a, theme):
    city_a.theme = theme
    city_a.save(update_fields=["theme"])
    module_enable(city=city_a, key="noticeboard")

    weight = first_load(client_a, "/")

    assert len(weight["assets"]) == 3  # base.css, the theme's stylesheet, pwa.js
    assert weight["total"] < PAGE_BUDGET
