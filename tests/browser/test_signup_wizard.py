"""A regency's IT officer signs their city up on a phone: the whole wizard, the progress
page, the new console (signed in), then the city's home as a citizen once the admin has
verified their email."""

import re

import pytest
from django.core import mail
from django.db import connection, connections

from kota.onboarding.models import Signup
from kota.tenancy import schemas
from kota.tenancy.models import City

pytestmark = pytest.mark.slow

SLUG = "kabupaten-uji-wizard"


@pytest.fixture
def cleanup(django_db_blocker, settings):
    """The server thread may use the database; the wizard commits a real city, removed
    afterwards."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    with django_db_blocker.unblock():
        yield
        Signup.objects.filter(slug=SLUG).delete()
        City.objects.filter(slug=SLUG).delete()
        schemas.schema_drop("city_" + SLUG.replace("-", "_"))
        schemas.spares_refill()
        connections.close_all()
    connection.close()


def test_a_phone_walks_the_wizard_into_the_new_console(phone, live_port, cleanup):
    platform = f"http://localhost:{live_port}"
    city_url = f"http://{SLUG}.localhost:{live_port}"
    phone.goto(platform + "/")
    phone.locator('a[href="/daftar/"]').first.click()

    # 1. The city
    phone.fill('input[name="name"]', "Kabupaten Uji Wizard")
    phone.locator('input[name="kind"][value="kabupaten"]').check()
    phone.select_option('select[name="province"]', "Sulawesi Selatan")
    assert phone.input_value('select[name="time_zone"]') == "Asia/Makassar"
    phone.fill('input[name="contact_email"]', "kominfo@uji-wizard.go.id")
    phone.locator(
        'form button[type="submit"][name="next"], form button[type="submit"]'
    ).last.click()

    # 2. The address: proposed from the name and checked live
    phone.wait_for_url(re.compile(r".*/daftar/alamat/$"))
    assert phone.input_value('input[name="slug"]') == "uji-wizard"
    phone.fill('input[name="slug"]', SLUG)
    phone.get_by_text(f"{SLUG}.localhost", exact=False).first.wait_for()
    phone.locator(".wizard-buttons button[type=submit]:not([name=back])").click()

    # 3. The first admin
    phone.wait_for_url(re.compile(r".*/daftar/admin/$"))
    phone.fill('input[name="admin_name"]', "Andi Pratama")
    phone.fill('input[name="admin_email"]', "andi@uji-wizard.go.id")
    phone.fill('input[name="password"]', "Kabupaten-Uji-2026!")
    phone.locator(".wizard-buttons button[type=submit]:not([name=back])").click()

    # 4. Modules, 5. the look, 6. the plan: the defaults
    for step in ("modul", "tampilan", "paket"):
        phone.wait_for_url(re.compile(rf".*/daftar/{step}/$"))
        phone.locator(".wizard-buttons button[type=submit]:not([name=back])").click()

    # 7. Review and create, then watch the progress
    phone.wait_for_url(re.compile(r".*/daftar/periksa/$"))
    assert "Kabupaten Uji Wizard" in phone.content()
    phone.locator(".wizard-buttons button[type=submit]:not([name=back])").click()
    phone.wait_for_url(city_url + "/console/", timeout=60_000)

    assert "Kabupaten Uji Wizard" in phone.locator("h1").first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Citizens see "coming soon" until the admin verifies their email.
    citizen = phone.context.browser.new_context(viewport={"width": 390, "height": 844})
    citizen_page = citizen.new_page()
    assert citizen_page.goto(city_url + "/").status == 503
    [welcome] = [m for m in mail.outbox if m.to == ["andi@uji-wizard.go.id"]]
    verify_url = re.search(r"http://\S+/accounts/verify/\S+/", welcome.body).group(0)
    assert phone.goto(verify_url).status == 200
    home = citizen_page.goto(city_url + "/")
    assert home.status == 200
    assert citizen_page.locator("h1").first.inner_text() == "Kabupaten Uji Wizard"
    citizen.close()
