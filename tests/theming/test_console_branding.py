"""/console/branding/: city admins only; every rule shows next to its field with a 400."""

import re

import pytest
from django.conf import settings

from kota.audit.models import AuditEntry
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.conftest import city_login, host_client, person
from tests.theming.uploads import png_upload, svg_upload

URL = "/console/branding/"
VALID = {
    "tagline": "Kota yang ramah",
    "primary_color": "#7a1f1f",
    "primary_color_picker": "#0b5394",
    "secondary_color": "#f1c232",
    "secondary_color_picker": "#f1c232",
    "theme": "pesisir",
}


def _row(city) -> tuple:
    row = City.objects.get(pk=city.pk)
    return (row.tagline, row.primary_color, row.secondary_color, row.theme, row.logo, row.favicon)


def _audit_count(city) -> int:
    with city_scope(city):
        return AuditEntry.objects.filter(action="branding.update").count()


def _field_block(body: str, field: str) -> str:
    """The part of the page around one field: from its label to the next field's."""
    start = body.index(f'for="id_{field}"')
    end = body.find('<label for="id_', start + 1)
    return body[start : end if end != -1 else None]


@pytest.fixture
def admin_client_a(client_a, admin_a, city_a):
    city_login(client_a, admin_a, city_a)
    return client_a


def test_admin_sees_the_form_the_themes_and_a_read_only_name(admin_client_a):
    response = admin_client_a.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Kota Alfa</strong>" in body
    assert 'name="name"' not in body
    assert 'type="color" name="primary_color_picker" value="#0b5394"' in body
    assert 'name="primary_color" value="#0b5394"' in body
    assert re.findall(r'<input type="radio" name="theme" value="(\w+)"', body) == [
        "default",
        "pesisir",
    ]
    assert ">Pesisir</span>" in body
    assert 'enctype="multipart/form-data"' in body
    assert 'id="branding-preview"' in body
    assert "/static/kota/branding-preview.js" in body
    assert '<a href="/console/branding/" aria-current="page">Identitas visual</a>' in body


def test_saving_changes_the_city_and_shows_on_its_site(admin_client_a, city_a):
    response = admin_client_a.post(URL, {**VALID, "logo": png_upload()})

    assert response.status_code == 302
    assert response["Location"] == URL
    tagline, primary, secondary, theme, logo, favicon = _row(city_a)
    assert (tagline, primary, secondary, theme, favicon) == (
        "Kota yang ramah",
        "#7a1f1f",
        "#f1c232",
        "pesisir",
        "",
    )
    assert logo.startswith("branding/logo-")
    assert _audit_count(city_a) == 1
    home = admin_client_a.get("/").content.decode()
    assert "--kota-primary:#7a1f1f;" in home
    assert '<body class="theme-pesisir' in home
    assert f'src="/media/city_alfa/{logo}"' in home
    assert "Identitas visual telah disimpan." in admin_client_a.get(URL).content.decode()


def test_without_scripts_a_changed_picker_is_taken(admin_client_a, city_a):
    data = {**VALID, "primary_color": "#0b5394", "primary_color_picker": "#006d77"}

    response = admin_client_a.post(URL, data)

    assert response.status_code == 302
    assert _row(city_a)[1] == "#006d77"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"primary_color": "#777"},
            "primary_color",
            "Primary colour #777777 with white text has contrast 4.47:1; WCAG AA needs at least "
            "4.5:1. Choose a darker colour.",
        ),
        (
            {"secondary_color": "geel"},
            "secondary_color",
            "Enter a colour as # followed by 3 or 6 hexadecimal digits.",
        ),
        (
            {"tagline": "<script>"},
            "tagline",
            "Angle brackets and control characters are not allowed.",
        ),
        (
            {"theme": "nowhere"},
            "theme",
            "Select a valid choice. nowhere is not one of the available choices.",
        ),
        (
            {"logo": svg_upload()},
            "logo",
            "SVG and other text files are not accepted (they can carry scripts); upload a PNG, "
            "JPEG or WebP image.",
        ),
        (
            {"favicon": png_upload(size=(16, 16))},
            "favicon",
            "The image is 16×16 pixels; it must be at least 64×64.",
        ),
    ],
)
def test_invalid_post_is_a_400_with_the_error_by_its_field_and_saves_nothing(
    admin_client_a, city_a, changes, field, message
):
    before = _row(city_a)

    admin_client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = admin_client_a.post(URL, {**VALID, **changes})

    body = response.content.decode()
    assert response.status_code == 400
    assert _row(city_a) == before
    assert _audit_count(city_a) == 0
    if field == "theme":
        assert '<div id="theme_errors"><ul class="errorlist"' in body
        assert message in body.split('id="theme_errors"')[1].split("</ul>")[0]
    else:
        assert message in _field_block(body, field)


def test_media_folder_gains_nothing_from_an_invalid_post(admin_client_a, city_a):
    folder = settings.MEDIA_ROOT / city_a.schema_name
    before = sorted(folder.rglob("*")) if folder.exists() else []

    response = admin_client_a.post(URL, {**VALID, "primary_color": "#777", "logo": png_upload()})

    assert response.status_code == 400
    assert (sorted(folder.rglob("*")) if folder.exists() else []) == before


def test_admin_of_city_b_cannot_change_city_a(client_b, admin_b, city_a, city_b):
    before_a = _row(city_a)
    city_login(client_b, admin_b, city_b)
    # B's admin's session means nothing on A's host: A sends them to log in.
    on_a = host_client("alfa.localhost")
    on_a.cookies[settings.SESSION_COOKIE_NAME] = client_b.cookies[
        settings.SESSION_COOKIE_NAME
    ].value

    refused = on_a.post(URL, {**VALID, "tagline": "Diambil alih"})

    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/login/")
    # Saving on B's own console changes B only.
    saved_on_b = client_b.post(URL, {**VALID, "tagline": "Beta"})
    assert (saved_on_b.status_code, saved_on_b["Location"]) == (302, URL)
    assert _row(city_a) == before_a
    assert _audit_count(city_a) == 0
    assert City.objects.get(pk=city_b.pk).tagline == "Beta"


def test_city_b_admin_with_a_citizen_account_on_a_gets_404(client_a, city_a, city_b, admin_b):
    before = _row(city_a)
    citizen_on_a = person(city_a, email=admin_b.email)  # the same person, a citizen of A
    city_login(client_a, citizen_on_a, city_a)

    assert client_a.get(URL).status_code == 404
    assert client_a.post(URL, {**VALID, "tagline": "Diambil alih"}).status_code == 404
    assert _row(city_a) == before
    assert _audit_count(city_a) == 0


@pytest.mark.parametrize("role", ["officer-noticeboard", "citizen", None])
def test_officers_and_citizens_get_404_and_nothing_changes(client_a, city_a, role):
    before = _row(city_a)
    roles = [role] if role else []
    city_login(client_a, person(city_a, email="bukan-admin@alfa.example.id", roles=roles), city_a)

    assert client_a.get(URL).status_code == 404
    assert client_a.post(URL, VALID).status_code == 404
    assert _row(city_a) == before


def test_anonymous_visitor_is_sent_to_log_in(client_a, city_a):
    before = _row(city_a)

    response = client_a.post(URL, VALID)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/console/branding/"
    assert _row(city_a) == before


def test_the_branding_page_is_in_the_admins_console_menu_only(client_a, admin_a, officer_a, city_a):
    city_login(client_a, admin_a, city_a)
    assert 'href="/console/branding/"' in client_a.get("/console/").content.decode()

    officer = host_client("alfa.localhost")
    city_login(officer, officer_a, city_a)
    assert 'href="/console/branding/"' not in officer.get("/console/").content.decode()


def test_other_methods_are_not_allowed(admin_client_a, city_a):
    before = _row(city_a)

    assert admin_client_a.put(URL, VALID).status_code == 405
    assert _row(city_a) == before
