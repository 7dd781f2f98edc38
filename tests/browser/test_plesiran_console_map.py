"""The tourism console's map picker in a phone's browser: a tap on the map fills the
latitude and longitude, a point typed outside the city's boundary is pointed out at once
and refused on saving, and the form passes axe-core's WCAG 2.1 AA checks."""

import pytest
from django.contrib.auth.models import Group

from kota.registry.services import module_enable
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.browser.test_city_shell import WCAG_AA
from tests.factories import UserFactory

pytestmark = pytest.mark.slow

OFFICER_EMAIL = "wisata@gamma.example.id"
OFFICER_PASSWORD = "wisata-rahasia-246"
BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [[106.55, -6.25], [106.75, -6.25], [106.75, -6.10], [106.55, -6.10], [106.55, -6.25]]
    ],
}


@pytest.fixture(scope="module")
def tourism_gamma(gamma, django_db_blocker):
    """Gamma (removed with its schema after this module) with e-plesiran, a boundary and
    a tourism officer."""
    with django_db_blocker.unblock():
        module_enable(city=gamma, key="plesiran")
        City.objects.filter(pk=gamma.pk).update(boundary=BOUNDARY)
        with city_scope(gamma):
            officer = UserFactory(email=OFFICER_EMAIL, password=OFFICER_PASSWORD)
            officer.groups.add(Group.objects.get_or_create(name="officer-plesiran")[0])
    return gamma


@pytest.fixture
def officer_page(phone, tourism_gamma, gamma_url, settings):
    settings.KOTA_MAP_TILES_URL = ""  # no tiles from outside in tests
    phone.goto(gamma_url + "/accounts/login/?next=/console/plesiran/tempat-baru/")
    phone.fill('input[name="username"]', OFFICER_EMAIL)
    phone.fill('input[name="password"]', OFFICER_PASSWORD)
    phone.press('input[name="password"]', "Enter")
    phone.wait_for_url(gamma_url + "/console/plesiran/tempat-baru/")
    # Once more, without the login's message (console/base.html puts role="status" on
    # its message list, which axe reports: not this page's to fix).
    phone.goto(gamma_url + "/console/plesiran/tempat-baru/")
    return phone


def test_a_tap_on_the_map_fills_the_location(officer_page):
    page = officer_page
    map_area = page.locator(".map-picker-map")
    map_area.scroll_into_view_if_needed()
    assert page.locator(".map-picker").is_visible()
    assert page.locator(".leaflet-overlay-pane path").count() == 1  # the boundary

    box = map_area.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert -6.25 < latitude < -6.10
    assert 106.55 < longitude < 106.75
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.locator(".map-picker-status").inner_text() == ""


def test_a_point_outside_the_city_is_pointed_out_and_refused(officer_page, gamma_url):
    page = officer_page
    page.fill("#id_name", "Tempat di luar kota")
    page.fill("#id_description_id", "Uji.")
    page.fill("#id_address", "Jl. Uji")
    page.fill("#id_latitude", "-6.4")
    page.fill("#id_longitude", "106.9")

    assert page.locator(".map-picker-status").inner_text() != ""

    page.locator("form.entry-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "(-6.40000, 106.90000)" in page.locator("#id_latitude_error").inner_text()
    assert page.url == gamma_url + "/console/plesiran/tempat-baru/"


def test_the_place_form_has_no_accessibility_violations(officer_page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(officer_page, options=WCAG_AA)

    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
    ]
    assert violations == []
