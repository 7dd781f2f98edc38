"""What a person does in a browser on a city's site: sees the city, the admin switches a
module off, and the pages pass axe-core's WCAG 2.1 AA checks."""

import pytest

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.slow

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_a_phone_sees_the_citys_name_and_colours(phone, gamma, gamma_url):
    phone.goto(gamma_url + "/")

    assert phone.locator("h1").first.inner_text() == "Kota Gamma"
    primary = phone.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--kota-primary').trim()"
    )
    assert primary == "#7a1f5c"
    header_background = phone.evaluate(
        "getComputedStyle(document.querySelector('header')).backgroundColor"
    )
    assert header_background == _rgb("#7a1f5c")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_admin_switches_a_module_off_and_citizens_lose_it(phone, gamma, gamma_url):
    phone.goto(gamma_url + "/")
    assert phone.locator('a[href="/noticeboard/"]').count() >= 1

    phone.goto(gamma_url + "/accounts/login/?next=/console/modules/")
    phone.fill('input[name="username"]', ADMIN_EMAIL)
    phone.fill('input[name="password"]', ADMIN_PASSWORD)
    phone.press('input[name="password"]', "Enter")
    phone.wait_for_url(gamma_url + "/console/modules/")
    phone.locator('#module-noticeboard button[value="off"]').click()
    phone.wait_for_url(gamma_url + "/console/modules/")

    phone.goto(gamma_url + "/")
    assert phone.locator('a[href="/noticeboard/"]').count() == 0
    response = phone.goto(gamma_url + "/noticeboard/")
    assert response.status == 404

    # Put it back for the other tests of this module.
    phone.goto(gamma_url + "/console/modules/")
    phone.locator('#module-noticeboard button[value="on"]').click()
    phone.wait_for_url(gamma_url + "/console/modules/")
    assert phone.goto(gamma_url + "/noticeboard/").status == 200


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/register/"])
def test_pages_have_no_accessibility_violations(path, phone, gamma, gamma_url):
    from axe_playwright_python.sync_playwright import Axe

    response = phone.goto(gamma_url + path)
    assert response.status == 200

    results = Axe().run(phone, options=WCAG_AA)

    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
    ]
    assert violations == []
