"""Each step of the signup wizard: what it accepts, what it refuses (400, with the message
next to the field), and that a refusal stores nothing, in the session or the database."""

import pytest
from django.contrib.auth.hashers import check_password

from kota.billing.models import Plan
from kota.onboarding.models import Signup
from tests.onboarding.conftest import (
    ADMIN,
    CITY,
    LOOK,
    PASSWORD,
    URLS,
    rows,
    state,
    walk,
)
from tests.theming.uploads import (
    CAMERA_MAKE,
    bomb_upload,
    image_upload,
    jpeg_with_exif_upload,
    png_upload,
    svg_upload,
)


def refused(response, field: str, message: str) -> None:
    """A 400 with ``message`` in the field's error list, which its input points to."""
    body = response.content.decode()
    assert response.status_code == 400
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li>' in body
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in body or (
        f'aria-describedby="id_{field}_error"' in body
    )


# 1. The city


def test_the_city_step_saves_the_answers_and_proposes_the_time_zone(wizard):
    response = wizard.post(URLS["city"], {**CITY, "province": "Bali", "time_zone": ""})

    assert response.status_code == 302
    assert response["Location"] == URLS["address"]
    assert state(wizard)["steps"]["city"] == {
        "name": "Kabupaten Gunung Kidul",
        "kind": "kabupaten",
        "province": "Bali",
        "time_zone": "Asia/Makassar",
        "contact_email": "kominfo@gunungkidulkab.go.id",
    }


def test_a_chosen_time_zone_wins_over_the_provinces(wizard):
    wizard.post(
        URLS["city"], {**CITY, "province": "Kalimantan Barat", "time_zone": "Asia/Makassar"}
    )

    assert state(wizard)["steps"]["city"]["time_zone"] == "Asia/Makassar"


def test_the_city_step_offers_all_38_provinces_with_their_time_zones(wizard):
    body = wizard.get(URLS["city"]).content.decode()

    assert body.count('<option value="Papua') == 6
    assert body.count("<option value=") == 38 + 1 + 4  # provinces, "choose", time zones
    assert "&quot;Maluku Utara&quot;: &quot;Asia/Jayapura&quot;" in body  # for the script


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "K" * 121}, "name", "Ensure this value has at most 120 characters (it has 121)."),
        (
            {"name": "Kota <script>alert(1)</script>"},
            "name",
            "Angle brackets and control characters are not allowed.",
        ),
        ({"name": "1234 !!"}, "name", "Enter the region&#x27;s name in letters."),
        (
            {"kind": "desa"},
            "kind",
            "Select a valid choice. desa is not one of the available choices.",
        ),
        (
            {"province": "Atlantis"},
            "province",
            "Select a valid choice. Atlantis is not one of the available choices.",
        ),
        ({"contact_email": "kominfo"}, "contact_email", "Enter a valid email address."),
    ],
)
def test_the_city_step_refuses_bad_input_and_stores_nothing(wizard, answers, field, message):
    before = rows()

    response = wizard.post(URLS["city"], {**CITY, **answers})

    refused(response, field, message)
    assert state(wizard) == {}
    assert rows() == before


def test_messages_are_in_indonesian_for_an_indonesian_browser(wizard):
    wizard.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"

    response = wizard.post(URLS["city"], {**CITY, "name": "<b>Kota</b>"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Tanda kurung sudut dan karakter kontrol tidak diperbolehkan." in body
    assert "Nama resmi" in body
    assert '<html lang="id"' in body


# 2. The address


def test_the_address_is_proposed_from_the_name_and_shown_as_a_url(wizard):
    walk(wizard, through="city")

    body = wizard.get(URLS["address"], HTTP_HOST="localhost:8000").content.decode()

    assert 'name="slug" value="gunung-kidul"' in body
    assert "Your site will be at http://gunung-kidul.localhost:8000/. The address is free." in body


def test_a_valid_free_address_is_saved(wizard):
    walk(wizard, through="city")

    response = wizard.post(URLS["address"], {"slug": "GunungKidul"})

    assert response["Location"] == URLS["admin"]
    assert state(wizard)["steps"]["address"] == {"slug": "gunungkidul"}


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("", "This field is required."),
        ("gk", "The address must be 3–40 characters long."),
        ("g" * 41, "The address must be 3–40 characters long."),
        (
            "gunung_kidul!",
            "Use only lowercase letters (a–z), digits and hyphens; start and end with a letter "
            "or digit.",
        ),
        (
            "<script>",
            "Use only lowercase letters (a–z), digits and hyphens; start and end with "
            "a letter or digit.",
        ),
        ("gunung--kidul", "The address may not contain two hyphens in a row."),
        ("admin", "“admin” is reserved; choose another address."),
        ("www", "“www” is reserved; choose another address."),
    ],
)
def test_the_address_step_refuses_invalid_and_reserved_addresses(wizard, slug, message):
    walk(wizard, through="city")
    before = rows()

    response = wizard.post(URLS["address"], {"slug": slug})

    refused(response, "slug", message)
    assert "address" not in state(wizard)["steps"]
    assert rows() == before


def test_an_address_taken_by_a_city_is_refused_with_free_alternatives(wizard, city_a):
    walk(wizard, through="city")

    response = wizard.post(URLS["address"], {"slug": "alfa"})

    refused(response, "slug", "alfa is already taken.")
    body = response.content.decode()
    for alternative in ("kabupaten-alfa", "alfakab", "alfa-di-yogyakarta"):
        assert f'<a href="?slug={alternative}" data-slug="{alternative}">' in body
    assert "address" not in state(wizard)["steps"]


def test_an_address_being_created_for_another_signup_is_refused(wizard):
    Signup.objects.create(submission_key="lain", slug="gunung-kidul")
    walk(wizard, through="city")

    response = wizard.post(URLS["address"], {"slug": "gunung-kidul"})

    refused(response, "slug", "gunung-kidul is already taken.")


def test_a_suggested_address_can_be_picked_without_scripts(wizard, city_a):
    walk(wizard, through="city")

    body = wizard.get(URLS["address"] + "?slug=alfa-di-yogyakarta").content.decode()

    assert 'name="slug" value="alfa-di-yogyakarta"' in body
    assert "Your site will be at http://alfa-di-yogyakarta.localhost/. The address is free." in body
    assert "address" not in state(wizard)["steps"]  # shown, not yet chosen


# 3. The first city admin


def test_the_admin_step_keeps_the_password_in_the_session_only(wizard):
    walk(wizard, through="address")
    before = rows()

    response = wizard.post(URLS["admin"], ADMIN)

    assert response["Location"] == URLS["modules"]
    saved = state(wizard)
    assert saved["steps"]["admin"] == {
        "admin_name": "Sri Rahayu",
        "admin_email": "sri@gunungkidulkab.go.id",
    }
    assert "password" not in saved  # only its hash is kept, even in the session
    assert check_password(PASSWORD, saved["password_hash"])
    assert PASSWORD not in wizard.get(URLS["admin"]).content.decode()
    assert rows() == before


def test_coming_back_the_password_may_stay_empty_to_keep_it(wizard):
    walk(wizard, through="admin")

    body = wizard.get(URLS["admin"]).content.decode()
    response = wizard.post(URLS["admin"], {**ADMIN, "admin_name": "Sri R.", "password": ""})

    assert "Leave it empty to keep the password you chose." in body
    assert response.status_code == 302
    assert check_password(PASSWORD, state(wizard)["password_hash"])
    assert state(wizard)["steps"]["admin"]["admin_name"] == "Sri R."


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"password": ""}, "password", "This field is required."),
        (
            {"password": "kidul1"},
            "password",
            "This password is too short. It must contain at least 8 characters.",
        ),
        ({"password": "password123"}, "password", "This password is too common."),
        ({"password": "83920174650"}, "password", "This password is entirely numeric."),
        (
            {"password": "sri@gunungkidulkab"},
            "password",
            "The password is too similar to the email address.",
        ),
        (
            {"admin_name": "Sri <img src=x onerror=alert(1)>"},
            "admin_name",
            "Angle brackets and control characters are not allowed.",
        ),
        (
            {"admin_name": "S" * 151},
            "admin_name",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
        ({"admin_email": "sri@"}, "admin_email", "Enter a valid email address."),
    ],
)
def test_the_admin_step_refuses_bad_input_and_weak_passwords(wizard, answers, field, message):
    walk(wizard, through="address")

    response = wizard.post(URLS["admin"], {**ADMIN, **answers})

    refused(response, field, message)
    assert "admin" not in state(wizard)["steps"]
    assert "password" not in state(wizard)


def test_the_admin_step_shows_a_strength_indicator_for_scripts(wizard):
    walk(wizard, through="address")

    body = wizard.get(URLS["admin"]).content.decode()

    assert '<div class="password-strength" id="password-strength" hidden' in body
    assert 'data-levels="Too weak|Weak|Fair|Strong"' in body
    assert '<output for="id_password" aria-live="polite"></output>' in body


# 4. Modules


def module_boxes(body: str) -> dict[str, str]:
    """Each module checkbox: "checked", "locked" or "free"."""
    boxes = {}
    for key in ("aduan-uji", "wisata-uji", "izin-uji", "noticeboard"):
        start = body.index(f'id="module-{key}"')
        tag = body[body.rindex("<input", 0, start) : body.index(">", start)]
        boxes[key] = "locked" if "disabled" in tag else "checked" if "checked" in tag else "free"
    return boxes


def test_modules_start_from_the_preset_for_the_kind_within_the_plan(wizard):
    walk(wizard, through="admin")

    body = wizard.get(URLS["modules"]).content.decode()

    assert module_boxes(body) == {
        "aduan-uji": "checked",
        "wisata-uji": "locked",
        "izin-uji": "locked",
        "noticeboard": "locked",
    }
    assert "Citizens report problems; officers follow them up." in body
    assert body.count("Locked: included in the Kota plan.") == 2
    assert "Locked: not offered in any plan yet." in body  # the noticeboard is in no plan


def test_presets_for_a_kota_and_a_kabupaten(wizard):
    Plan.objects.filter(key="gratis").update(modules=["aduan-uji", "wisata-uji", "izin-uji"])
    walk(wizard, through="admin")

    kota = wizard.post(URLS["modules"], {"preset": "kota"})
    kabupaten = wizard.post(URLS["modules"], {"preset": "kabupaten"})

    assert kota.status_code == 200
    assert module_boxes(kota.content.decode()) == {
        "aduan-uji": "checked",
        "wisata-uji": "checked",
        "izin-uji": "free",
        "noticeboard": "locked",
    }
    assert module_boxes(kabupaten.content.decode()) == {
        "aduan-uji": "checked",
        "wisata-uji": "checked",
        "izin-uji": "checked",
        "noticeboard": "locked",
    }
    assert "modules" not in state(wizard)["steps"]  # a preset is a starting point, not saved


def test_chosen_modules_are_saved_in_the_registrys_order(wizard):
    Plan.objects.filter(key="gratis").update(modules=["aduan-uji", "wisata-uji", "izin-uji"])
    walk(wizard, through="admin")

    response = wizard.post(URLS["modules"], {"modules": ["izin-uji", "wisata-uji", "aduan-uji"]})

    assert response["Location"] == URLS["look"]
    assert state(wizard)["steps"]["modules"] == {"modules": ["aduan-uji", "wisata-uji", "izin-uji"]}


def test_no_module_at_all_is_allowed(wizard):
    walk(wizard, through="admin")

    response = wizard.post(URLS["modules"], {})

    assert response.status_code == 302
    assert state(wizard)["steps"]["modules"] == {"modules": []}


def test_a_module_outside_the_plan_so_far_is_refused(wizard):
    walk(wizard, through="admin")

    response = wizard.post(URLS["modules"], {"modules": ["aduan-uji", "wisata-uji"]})

    body = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="errorlist" id="id_modules_error">' in body
    assert "<li>Tourism (test) is not included in the Gratis plan.</li>" in body
    assert '<fieldset class="module-choices" aria-describedby="id_modules_error">' in body
    assert "modules" not in state(wizard)["steps"]


def test_a_module_without_what_it_needs_is_refused(wizard):
    Plan.objects.filter(key="gratis").update(modules=["aduan-uji", "wisata-uji", "izin-uji"])
    walk(wizard, through="admin")

    response = wizard.post(URLS["modules"], {"modules": ["izin-uji"]})

    assert response.status_code == 400
    assert "<li>Permits (test) needs Citizen reports (test); choose it too.</li>" in (
        response.content.decode()
    )


def test_an_unknown_module_is_refused(wizard):
    walk(wizard, through="admin")

    response = wizard.post(URLS["modules"], {"modules": ["bitcoin"]})

    assert response.status_code == 400
    assert "Select a valid choice. bitcoin is not one of the available choices." in (
        response.content.decode()
    )


# 5. The look


def test_the_look_offers_every_theme_with_a_preview(wizard):
    walk(wizard, through="modules")

    body = wizard.get(URLS["look"]).content.decode()

    assert 'value="default"' in body
    assert 'value="pesisir"' in body
    assert '<div class="preview" id="branding-preview"' in body
    assert '<span class="preview-name">Kabupaten Gunung Kidul</span>' in body
    assert 'name="primary_color" value="#0b5394"' in body  # the default theme's colours
    assert "/static/kota/branding-preview.js" in body


def test_the_look_is_saved_with_normalised_colours(wizard):
    walk(wizard, through="modules")

    response = wizard.post(
        URLS["look"], {"theme": "pesisir", "primary_color": "#7A1F1F", "secondary_color": "#fc3"}
    )

    assert response["Location"] == URLS["plan"]
    assert state(wizard)["steps"]["look"] == {
        "theme": "pesisir",
        "primary_color": "#7a1f1f",
        "secondary_color": "#ffcc33",
    }
    assert "logo_png" not in state(wizard)


def test_without_scripts_the_colour_picker_counts_when_only_it_changed(wizard):
    walk(wizard, through="modules")

    wizard.post(
        URLS["look"],
        {
            "theme": "default",
            "primary_color": "#0b5394",
            "primary_color_picker": "#7a1f1f",
            "secondary_color": "#f1c232",
            "secondary_color_picker": "#f1c232",
        },
    )

    assert state(wizard)["steps"]["look"]["primary_color"] == "#7a1f1f"


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"primary_color": "merah"},
            "primary_color",
            "Enter a colour as # followed by 3 or 6 hexadecimal digits.",
        ),
        (
            {"secondary_color": "<svg/>"},
            "secondary_color",
            "Enter a colour as # followed by 3 or 6 hexadecimal digits.",
        ),
        (
            {"primary_color": "#777777"},
            "primary_color",
            "Primary colour #777777 with white text has contrast 4.47:1; WCAG AA needs at least "
            "4.5:1. Choose a darker colour.",
        ),
        (
            {"theme": "neon"},
            "theme",
            "Select a valid choice. neon is not one of the available choices.",
        ),
    ],
)
def test_the_look_refuses_bad_colours_and_themes(wizard, answers, field, message):
    walk(wizard, through="modules")

    response = wizard.post(URLS["look"], {**LOOK, **answers})

    body = response.content.decode()
    assert response.status_code == 400
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in body
    assert "look" not in state(wizard)["steps"]


def test_a_logo_is_checked_and_kept_as_a_clean_png_in_the_session(wizard):
    walk(wizard, through="modules")
    before = rows()

    response = wizard.post(URLS["look"], {**LOOK, "logo": image_upload("JPEG", "logo.jpg")})

    assert response.status_code == 302
    logo = wizard.get("/daftar/tampilan/logo.png")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert logo["Cache-Control"] == "private, no-store"
    assert logo.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert state(wizard)["logo_png"]
    assert rows() == before
    assert '<img class="current-logo" src="/daftar/tampilan/logo.png"' in (
        wizard.get(URLS["look"]).content.decode()
    )


def test_a_logos_metadata_does_not_reach_the_session(wizard):
    walk(wizard, through="modules")

    wizard.post(URLS["look"], {**LOOK, "logo": jpeg_with_exif_upload()})

    logo = wizard.get("/daftar/tampilan/logo.png").content
    assert logo.startswith(b"\x89PNG")
    assert CAMERA_MAKE.encode() not in logo


def test_a_logo_stays_unless_removed(wizard):
    walk(wizard, through="modules")
    wizard.post(URLS["look"], {**LOOK, "logo": png_upload()})

    wizard.post(URLS["look"], LOOK)
    kept = state(wizard).get("logo_png")
    wizard.post(URLS["look"], {**LOOK, "remove_logo": "on"})

    assert kept
    assert "logo_png" not in state(wizard)
    assert wizard.get("/daftar/tampilan/logo.png").status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            svg_upload,
            "SVG and other text files are not accepted (they can carry scripts); upload a PNG, "
            "JPEG or WebP image.",
        ),
        (
            lambda: image_upload("GIF", "logo.gif"),
            "GIF images are not accepted; upload a PNG, JPEG or WebP image.",
        ),
        (
            lambda: png_upload(size=(32, 32)),
            "The image is 32×32 pixels; it must be at least 64×64.",
        ),
        (bomb_upload, "The image has too many pixels to process; it may be at most 4096×4096."),
    ],
)
def test_a_logo_that_is_not_a_usable_image_is_refused(wizard, upload, message):
    walk(wizard, through="modules")

    response = wizard.post(URLS["look"], {**LOOK, "logo": upload()})

    refused(response, "logo", message)
    assert "look" not in state(wizard)["steps"]
    assert "logo_png" not in state(wizard)


def test_an_oversized_logo_is_refused(wizard):
    from django.core.files.uploadedfile import SimpleUploadedFile

    walk(wizard, through="modules")
    big = SimpleUploadedFile("besar.png", b"\x89PNG" + b"\0" * (3 * 1024 * 1024))

    response = wizard.post(URLS["look"], {**LOOK, "logo": big})

    refused(response, "logo", "The file is 3.0 MB; the limit is 2.0 MB.")
    assert "logo_png" not in state(wizard)


# 6. The plan


def test_the_free_plan_completes_the_signup(wizard):
    walk(wizard, through="look")

    response = wizard.post(URLS["plan"], {"plan": "gratis"})

    assert response["Location"] == URLS["review"]
    assert state(wizard)["steps"]["plan"] == {"plan": "gratis"}


def test_a_paid_plan_paid_by_card_can_be_chosen(wizard):
    walk(wizard, through="look")
    before = rows()

    body = wizard.get(URLS["plan"]).content.decode()
    response = wizard.post(URLS["plan"], {"plan": "kota"})

    assert '<input type="radio" name="plan" value="kota" id="plan-kota">' in body
    assert "plan-kota-note" not in body
    assert "IDR 2,500,000 a month" in body
    assert "a paid plan is paid by card right after the city is created" in body
    assert "kontrak" not in body  # not offered at signup
    assert response.status_code == 302
    assert response["Location"] == URLS["review"]
    assert state(wizard)["steps"]["plan"] == {"plan": "kota"}
    assert rows() == before  # nothing made, nothing paid


def test_a_plan_billed_by_invoice_is_shown_but_cannot_be_chosen(wizard):
    Plan.objects.filter(key="kontrak").update(is_public=True)
    walk(wizard, through="look")

    body = wizard.get(URLS["plan"]).content.decode()
    response = wizard.post(URLS["plan"], {"plan": "kontrak"})

    assert 'id="plan-kontrak" disabled aria-describedby="plan-kontrak-note"' in body
    assert "Billed by invoice and arranged with us: this plan cannot be chosen here." in body
    refused(
        response,
        "plan",
        "The Kontrak plan is billed by invoice and arranged with us, not chosen here. Choose "
        "another plan for now; you can move to Kontrak later.",
    )
    assert "plan" not in state(wizard)["steps"]


def test_a_plan_without_the_chosen_modules_is_refused(wizard):
    Plan.objects.create(key="hemat", name="Hemat", price_idr=0, modules=[], order=0)
    walk(wizard, through="look")

    response = wizard.post(URLS["plan"], {"plan": "hemat"})

    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "The Hemat plan does not include Citizen reports (test). Choose a plan that does, or "
        "leave them out at the modules step."
    ) in body
    assert '<a href="/daftar/modul/">Change the modules</a>' in body
    assert "plan" not in state(wizard)["steps"]


def test_an_unknown_plan_is_refused(wizard):
    walk(wizard, through="look")

    response = wizard.post(URLS["plan"], {"plan": "kontrak"})  # not offered at signup

    assert response.status_code == 400
    assert "Select a valid choice. kontrak is not one of the available choices." in (
        response.content.decode()
    )


def test_the_modules_step_follows_the_plan_chosen(wizard):
    Plan.objects.create(
        key="lengkap", name="Lengkap", price_idr=0, modules=["aduan-uji", "wisata-uji"]
    )
    walk(wizard, through="look")
    wizard.post(URLS["plan"], {"plan": "lengkap"})

    body = wizard.get(URLS["modules"]).content.decode()

    assert "Shown for the Lengkap plan" in body
    assert module_boxes(body)["wisata-uji"] == "free"
