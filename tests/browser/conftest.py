"""Browser tests: headless Chromium (Debian's package) driven by Playwright, against a real
server thread on 127.0.0.1 serving the test database.

The pages are served from committed data, so these tests use a city of their own
("gamma"), made through the real provisioning service and removed afterwards, and never
the per-test transactions the other tests roll back.
"""

import os

import pytest
from django.db import connection, connections

from tests.browser.chromium import FLAGS, PHONE, chromium_executable
from tests.live_server import live_server

ADMIN_EMAIL = "admin@gamma.example.id"
ADMIN_PASSWORD = "gamma-rahasia-987"


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test's thread; the ORM calls
    the fixtures make there are still synchronous and safe. Only for these modules: the
    variable must not leak into other tests (or the subprocesses they start)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_orm_beside_playwright, live_port):
    """Chromium; closed before the server (it depends on it), so keep-alive connections end."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live_port(django_db_setup):
    """A threaded WSGI server on 127.0.0.1 with the real middleware stack."""
    with live_server() as port:
        yield port


@pytest.fixture(scope="module")
def gamma(django_db_setup, django_db_blocker):
    """A committed city for the browser, with an admin and the test module switched on."""
    from django.contrib.auth.models import Group

    from kota.registry.services import module_enable
    from kota.tenancy.models import City
    from kota.tenancy.scope import city_scope
    from kota.tenancy.services import city_provision
    from tests.factories import CitySpecFactory, UserFactory

    with django_db_blocker.unblock():
        city = city_provision(
            spec=CitySpecFactory(
                slug="gamma",
                name="Kota Gamma",
                province="Jawa Timur",
                tagline="Kota uji peramban",
                primary_color="#7a1f5c",
                secondary_color="#1f4e7a",
            )
        )
        module_enable(city=city, key="noticeboard")
        with city_scope(city):
            admin = UserFactory(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)
            admin.groups.add(Group.objects.get(name="city-admin"))
        gamma = City.objects.get(pk=city.pk)
        # Playwright's greenlets give this code its own database connection (connections
        # are per context): close it, or it outlives the test database.
        connections.close_all()
        yield gamma
        City.objects.filter(pk=city.pk).delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{city.schema_name}" CASCADE')
        connections.close_all()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def gamma_url(gamma, live_port):
    return f"http://gamma.localhost:{live_port}"
