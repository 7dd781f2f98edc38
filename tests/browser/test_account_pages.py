"""axe-core finds nothing wrong on the account pages, with and without form errors.

The pages are rendered by the city's site and loaded into Chromium as they are served;
they have no external resources, so what axe sees is what a browser shows."""

import pytest

from kota.accounts.roles import CITY_ADMIN
from tests.browser.chromium import FLAGS, PHONE, chromium_executable
from tests.conftest import logged_in, person


def _violations(pages: dict[str, str]) -> dict[str, list[str]]:
    """axe's findings on each page, in a phone-sized Chromium. Called after the pages are
    rendered: Playwright's sync API runs an event loop, where Django refuses database work.
    """
    executable = chromium_executable()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        page = browser.new_page(viewport=PHONE)
        for name, html in pages.items():
            page.set_content(html)
            violations = Axe().run(page).response["violations"]
            found[name] = [f"{v['id']}: {node['html']}" for v in violations for node in v["nodes"]]
        browser.close()
    return found


@pytest.mark.slow
def test_login_and_registration_pages_pass_axe(client_a, city_a):
    person(city_a, email="budi@example.id")
    pages = {
        "login": client_a.get("/accounts/login/"),
        "login, wrong password": client_a.post(
            "/accounts/login/", {"username": "budi@example.id", "password": "salah"}
        ),
        "login, empty": client_a.post("/accounts/login/", {}),
        "register": client_a.get("/accounts/register/"),
        "register, errors": client_a.post(
            "/accounts/register/", {"email": "bukan", "password": "123"}
        ),
        "password reset": client_a.get("/accounts/password/reset/"),
    }
    for _ in range(4):
        client_a.post("/accounts/login/", {"username": "budi@example.id", "password": "x"})
    pages["login, paused"] = client_a.post(
        "/accounts/login/", {"username": "budi@example.id", "password": "x"}
    )

    found = _violations({name: r.content.decode() for name, r in pages.items()})

    assert pages["login, paused"].status_code == 429
    assert found == {name: [] for name in pages}


@pytest.mark.slow
def test_account_and_staff_pages_pass_axe(city_a, warga_a):
    citizen = logged_in("alfa.localhost", warga_a, city_a)
    admin = logged_in(
        "alfa.localhost", person(city_a, email="admin@alfa.id", roles=[CITY_ADMIN]), city_a
    )
    pages = {
        "profile": citizen.get("/accounts/"),
        "profile edit, errors": citizen.post("/accounts/profile/", {"phone": "x"}),
        "password change": citizen.get("/accounts/password/"),
        "delete, errors": citizen.post("/accounts/delete/", {"password": "salah"}),
        "staff": admin.get("/console/staff/"),
        "invite, errors": admin.post("/console/staff/invite/", {"email": "x"}),
        "email identity": admin.get("/console/email/"),
    }

    found = _violations({name: r.content.decode() for name, r in pages.items()})

    assert found == {name: [] for name in pages}
