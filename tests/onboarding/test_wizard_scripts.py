"""The wizard's scripts in Chromium: the time zone follows the province, the address is
checked as it is typed, the password's strength is shown, the preview follows the look.

The pages come from the platform's site through the test client; Chromium gets them with
their static files, and the address check's answers come from the real endpoint, asked
beforehand (Playwright's event loop leaves no room for database work while it runs)."""

import json

import pytest

from tests.browser.axe import ORIGIN, serve_pages
from tests.browser.chromium import FLAGS, PHONE, chromium_executable
from tests.onboarding.conftest import URLS, walk


def _in_chromium(html: str, steps, *, answers: dict[str, dict] | None = None):
    """Open ``html`` in a phone-sized Chromium, answering the address check from
    ``answers`` (slug → JSON), and run ``steps(page)``."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        page = browser.new_page(viewport=PHONE)
        page.route(f"{ORIGIN}/**", serve_pages({"step": html}))

        def check(route):
            slug = route.request.url.split("slug=", 1)[1]
            route.fulfill(body=json.dumps(answers[slug]), content_type="application/json")

        page.route(f"{ORIGIN}/daftar/alamat/cek?*", check)
        page.goto(f"{ORIGIN}/page/step")
        try:
            return steps(page)
        finally:
            browser.close()


@pytest.mark.slow
def test_the_time_zone_follows_the_province(wizard):
    html = wizard.get(URLS["city"]).content.decode()

    def steps(page):
        zones = []
        for province in ("Bali", "Papua Selatan", "Aceh"):
            page.select_option("#id_province", province)
            zones.append(page.input_value("#id_time_zone"))
        return zones

    assert _in_chromium(html, steps) == ["Asia/Makassar", "Asia/Jayapura", "Asia/Jakarta"]


@pytest.mark.slow
def test_the_address_is_checked_as_it_is_typed(wizard, city_a):
    walk(wizard, through="city")
    html = wizard.get(URLS["address"]).content.decode()
    answers = {
        slug: wizard.get("/daftar/alamat/cek", {"slug": slug}).json()
        for slug in ("alfa", "admin", "alfakab")
    }

    def steps(page):
        seen = {}
        page.fill("#id_slug", "admin")
        page.wait_for_function(
            "document.getElementById('slug-status').textContent.includes('reserved')"
        )
        seen["admin"] = page.text_content("#slug-status")
        page.fill("#id_slug", "alfa")
        page.wait_for_selector("#slug-suggestions:not([hidden]) button")
        seen["alfa"] = page.text_content("#slug-status")
        seen["suggestions"] = page.locator("#slug-suggestions button").all_text_contents()
        page.click("#slug-suggestions button >> text=alfakab")
        page.wait_for_function(
            "document.getElementById('slug-status').textContent.includes('free')"
        )
        seen["alfakab"] = page.text_content("#slug-status")
        seen["typed"] = page.input_value("#id_slug")
        seen["hidden"] = page.locator("#slug-suggestions").get_attribute("hidden")
        return seen

    seen = _in_chromium(html, steps, answers=answers)

    assert seen == {
        "admin": "“admin” is reserved; choose another address.",
        "alfa": "alfa is already taken.",
        "suggestions": ["kabupaten-alfa", "alfakab", "alfa-di-yogyakarta"],
        "alfakab": "Your site will be at http://alfakab.localhost/. The address is free.",
        "typed": "alfakab",
        "hidden": "",
    }


@pytest.mark.slow
def test_the_passwords_strength_is_shown(wizard):
    walk(wizard, through="address")
    html = wizard.get(URLS["admin"]).content.decode()

    def steps(page):
        shown = []
        for password in ("12345678", "pantaiindah", "pantaiindah7", "Pantai-Indah-Baron-7"):
            page.fill("#id_password", password)
            shown.append(page.text_content("#password-strength output"))
        return shown

    assert _in_chromium(html, steps) == [
        "Password strength: Too weak.",
        "Password strength: Weak.",
        "Password strength: Fair.",
        "Password strength: Strong.",
    ]


@pytest.mark.slow
def test_the_preview_follows_the_theme_and_colours(wizard):
    walk(wizard, through="modules")
    html = wizard.get(URLS["look"]).content.decode()

    def steps(page):
        def style(name):
            return page.evaluate(
                f"getComputedStyle(document.getElementById('branding-preview'))"
                f".getPropertyValue('--kota-{name}').trim()"
            )

        page.click("label[for=id_theme_1]")  # Pesisir
        page.fill("#id_primary_color", "#7a1f1f")
        chosen = (style("bg"), style("primary"), page.text_content("#primary_color_contrast"))
        page.fill("#id_primary_color", "#777777")  # refused: the preview keeps the last one
        refused = (style("primary"), page.text_content("#primary_color_contrast"))
        return chosen, refused

    chosen, refused = _in_chromium(html, steps)

    assert chosen == ("#f7f0e3", "#7a1f1f", "Contrast with its text: 10.3:1. Meets WCAG AA.")
    assert refused == (
        "#7a1f1f",
        "Contrast with its text: 4.47:1. Below WCAG AA (4.5:1): it would be refused.",
    )
