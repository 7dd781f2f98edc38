"""axe-core finds nothing wrong on the front page and on every step of the wizard, with
and without errors, in a phone-sized Chromium.

The pages are rendered by the platform's site with the test client, then shown to Chromium
at their own address with their stylesheets and scripts (served from the static files), so
axe checks the contrast and layout a visitor gets."""

import pytest

from tests.browser.axe import axe_violations
from tests.onboarding.conftest import CITY, URLS, walk
from tests.theming.uploads import png_upload


@pytest.mark.slow
@pytest.mark.parametrize("language", ["id", "en"])
def test_front_page_and_wizard_pass_axe(wizard, language):
    wizard.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    pages = {
        "front page": wizard.get("/"),
        "city": wizard.get(URLS["city"]),
        "city, errors": wizard.post(URLS["city"], {"name": "<b>", "contact_email": "x"}),
    }
    walk(wizard, through="city")
    pages["address"] = wizard.get(URLS["address"])
    pages["address, reserved"] = wizard.post(URLS["address"], {"slug": "admin"})
    walk(wizard, through="address")
    pages["admin"] = wizard.get(URLS["admin"])
    pages["admin, errors"] = wizard.post(
        URLS["admin"], {"admin_name": "Sri", "admin_email": "sri@", "password": "12345"}
    )
    walk(wizard, through="admin")
    pages["modules"] = wizard.get(URLS["modules"])
    pages["modules, locked"] = wizard.post(URLS["modules"], {"modules": ["wisata-uji"]})
    walk(wizard, through="modules")
    pages["look"] = wizard.get(URLS["look"])
    pages["look, errors"] = wizard.post(
        URLS["look"],
        {"theme": "default", "primary_color": "#777777", "secondary_color": "kuning"},
    )
    wizard.post(URLS["look"], {**walk_look(), "logo": png_upload()})
    pages["look, with a logo"] = wizard.get(URLS["look"])
    pages["plan"] = wizard.get(URLS["plan"])
    walk(wizard, through="plan")
    pages["review"] = wizard.get(URLS["review"])
    pages["review, robot"] = wizard.post(URLS["review"], {"website": "http://spam.example"})
    wizard.post(URLS["plan"], {"plan": "kota"})
    pages["review, paid plan"] = wizard.get(URLS["review"])

    found = axe_violations({name: response.content.decode() for name, response in pages.items()})

    assert {name: r.status_code for name, r in pages.items() if "," in name} == {
        "city, errors": 400,
        "address, reserved": 400,
        "admin, errors": 400,
        "modules, locked": 400,
        "look, errors": 400,
        "look, with a logo": 200,
        "review, robot": 400,
        "review, paid plan": 200,
    }
    assert found == {name: [] for name in pages}
    assert CITY["name"] in pages["review"].content.decode()


def walk_look() -> dict:
    return {"theme": "pesisir", "primary_color": "#006d77", "secondary_color": "#e29578"}
