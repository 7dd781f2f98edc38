"""The issue's journey, in Chromium against a live server: a visitor on a phone filters the
map, opens a place, adds it to a trip and sees the trip; a tourism officer creates and
publishes a new place in the console, and it then appears on the visitor's map."""

import pytest
from django.db import connections

from tests.browser.chromium import PHONE
from tests.browser.conftest import (  # noqa: F401 - fixtures
    _orm_beside_playwright,
    browser,
    live_port,
)
from tests.modules.plesiran.test_web_browser import (  # noqa: F401 - fixtures
    HERE,
    KM_NORTH,
    delta,
    delta_url,
    marker_titles,
    visitor,
)

pytestmark = pytest.mark.slow

OFFICER_EMAIL = "wisata@delta.example.id"
OFFICER_PASSWORD = "delta-wisata-246"


@pytest.fixture(scope="module")
def officer(delta, django_db_blocker):  # noqa: F811 - the fixture imported above
    from django.contrib.auth.models import Group

    from kota.tenancy.scope import city_scope
    from tests.factories import UserFactory

    with django_db_blocker.unblock(), city_scope(delta):
        user = UserFactory(email=OFFICER_EMAIL, password=OFFICER_PASSWORD)
        user.groups.add(Group.objects.get(name="officer-plesiran"))
    connections.close_all()
    return user


def test_a_visitor_plans_a_trip_and_a_new_place_reaches_the_map(
    visitor,  # noqa: F811
    browser,  # noqa: F811
    delta_url,  # noqa: F811
    officer,
):
    # The visitor filters the map down to religious places and opens one from its pin.
    visitor.goto(delta_url + "/plesiran/peta/")
    visitor.wait_for_selector(".map-pin-destination")
    visitor.locator(".map-filters summary").click()
    visitor.locator('input[name="category"][value="kuliner"]').uncheck()
    assert marker_titles(visitor, "map-pin-destination") == ["Klenteng Jauh", "Masjid Dekat"]
    visitor.locator('.map-pin-destination[title="Masjid Dekat"]').click()
    visitor.locator('.map-popup a[href="/plesiran/tempat/masjid-dekat/"]').click()
    visitor.wait_for_url(delta_url + "/plesiran/tempat/masjid-dekat/")

    # It goes into their trip, which lists it.
    visitor.locator('form[action="/plesiran/perjalanan/tambah/masjid-dekat/"] button').click()
    visitor.wait_for_selector('form[action="/plesiran/perjalanan/hapus/masjid-dekat/"]')
    visitor.goto(delta_url + "/plesiran/perjalanan/")
    assert "Masjid Dekat" in visitor.locator("main").inner_text()

    # An officer, on a desktop, creates a place and publishes it.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    console = desk.new_page()
    console.goto(delta_url + "/accounts/login/?next=/console/plesiran/tempat-baru/")
    console.fill('input[name="username"]', OFFICER_EMAIL)
    console.fill('input[name="password"]', OFFICER_PASSWORD)
    console.press('input[name="password"]', "Enter")
    console.wait_for_url(delta_url + "/console/plesiran/tempat-baru/")
    console.fill('input[name="name"]', "Taman Baru")
    console.select_option('select[name="category"]', label="Taman dan alam")
    console.fill('textarea[name="description_id"]', "Taman kota yang baru dibuka.")
    console.fill('input[name="address"]', "Jl. Taman No. 2")
    console.fill('input[name="latitude"]', f"{HERE[0] + 2 * KM_NORTH:.6f}")
    console.fill('input[name="longitude"]', f"{HERE[1] + 0.02:.6f}")
    console.locator("form.entry-form button[type=submit]").last.click()
    console.wait_for_selector('form[action$="/taman-baru/terbitkan/"]')

    visitor.goto(delta_url + "/plesiran/peta/")
    visitor.wait_for_selector(".map-pin-destination")
    assert "Taman Baru" not in marker_titles(visitor, "map-pin-destination")

    console.locator('form[action$="/taman-baru/terbitkan/"] button').click()
    console.wait_for_selector('form[action$="/taman-baru/tarik/"]')
    desk.close()

    # The visitor's map shows it.
    visitor.reload()
    visitor.wait_for_selector('.map-pin-destination[title="Taman Baru"]')
    assert marker_titles(visitor, "map-pin-destination") == [
        "Klenteng Jauh",
        "Masjid Dekat",
        "Pasar Sedang",
        "Taman Baru",
    ]
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
