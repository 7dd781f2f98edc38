"""axe-core in a phone-sized Chromium, on pages rendered with the test client and shown at
their own address with their stylesheets and scripts (served from the static files), so
axe checks the contrast and layout a visitor gets."""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders

from tests.browser.chromium import FLAGS, PHONE, chromium_executable

ORIGIN = "http://localhost"


def serve_pages(pages: dict[str, str]):
    """A Playwright route handler: each page at /<name>, static files from the finders,
    anything else (the live address check) answered 404."""

    def handle(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                route.fulfill(body=Path(found).read_bytes(), content_type=content_type)
                return
        elif path.removeprefix("/page/") in pages:
            route.fulfill(body=pages[path.removeprefix("/page/")], content_type="text/html")
            return
        route.fulfill(status=404, body="")

    return handle


def axe_violations(pages: dict[str, str]) -> dict[str, list[str]]:
    """axe's findings on each page. Called after the pages are rendered: Playwright's sync
    API runs an event loop, where Django refuses database work."""
    executable = chromium_executable()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    keys = {f"p{index}": name for index, name in enumerate(pages)}
    by_key = {key: pages[name] for key, name in keys.items()}
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        page = browser.new_page(viewport=PHONE)
        page.route(f"{ORIGIN}/**", serve_pages(by_key))
        for key, name in keys.items():
            page.goto(f"{ORIGIN}/page/{key}")
            page.wait_for_load_state("load")
            result = Axe().run(page).response["violations"]
            found[name] = [f"{v['id']}: {node['html']}" for v in result for node in v["nodes"]]
        browser.close()
    return found
