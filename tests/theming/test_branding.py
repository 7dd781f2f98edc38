"""Branding on top of the theme: CSS custom properties, text colours, icons."""

import io

from PIL import Image

from kota.theming.branding import (
    branding_css_variables,
    branding_for,
    branding_icons,
    initials_for,
    initials_version,
)
from kota.theming.packs import theme_pack
from kota.theming.services import branding_update
from tests.theming.uploads import png_upload


def test_css_variables_carry_brand_and_computed_text_colours(city_a):
    theme = theme_pack("default")

    css = branding_css_variables(branding_for(city_a, theme=theme), theme)

    assert css == (
        ":root{--kota-primary:#0b5394;--kota-on-primary:#ffffff;--kota-secondary:#f1c232;"
        "--kota-on-secondary:#111111;--kota-accent:#0b5394;--kota-bg:#ffffff;"
        "--kota-surface:#f3f5f8;--kota-text:#1b1b1b;--kota-muted:#4f5660;"
        f"--kota-font-body:{theme.font_body};--kota-font-headings:{theme.font_headings};}}"
    )


def test_a_light_primary_gets_dark_text_and_links_take_the_text_colour(city_a):
    city_a.primary_color = "#f1c232"

    branding = branding_for(city_a, theme=theme_pack("pesisir"))

    assert (branding.on_primary, branding.accent) == ("#111111", "#1d2b2f")


def test_the_platform_has_the_default_themes_colours_and_no_icons():
    branding = branding_for(None)

    assert (branding.primary, branding.secondary, branding.logo_url) == (
        "#0b5394",
        "#f1c232",
        None,
    )
    assert branding_icons(None, base_url="http://localhost") == []


def test_without_a_logo_the_icons_are_drawn_from_the_initials(city_a):
    version = initials_version(city_a)

    icons = branding_icons(city_a, base_url="http://alfa.localhost")

    assert icons == [
        {
            "src": f"http://alfa.localhost/brand-icons/{variant}.png?v={version}",
            "sizes": size,
            "type": "image/png",
            "purpose": purpose,
            "variant": variant,
        }
        for variant, size, purpose in (
            ("any-192", "192x192", "any"),
            ("any-512", "512x512", "any"),
            ("maskable-512", "512x512", "maskable"),
        )
    ]
    branding = branding_for(city_a)
    assert branding.favicon_url == f"/brand-icons/any-192.png?v={version}"
    assert branding.touch_icon_url == f"/brand-icons/any-192.png?v={version}"


def test_the_initials_version_changes_with_the_name_or_colour(city_a):
    before = initials_version(city_a)
    city_a.primary_color = "#7a1f1f"
    after_colour = initials_version(city_a)
    city_a.name = "Kota Gamma"

    assert len({before, after_colour, initials_version(city_a)}) == 3


def test_initials_leave_out_the_kind_of_region():
    assert initials_for("Kota Tangerang") == "T"
    assert initials_for("Kota Tangerang Selatan") == "TS"
    assert initials_for("Kabupaten Badung") == "B"
    assert initials_for("Kab. Kepulauan Seribu") == "KS"
    assert initials_for("Kota") == "K"


def test_with_a_logo_the_icons_and_favicon_come_from_the_stored_files(city_a):
    branding_update(
        city=city_a,
        actor=None,
        tagline="",
        primary_color="#0b5394",
        secondary_color="#f1c232",
        theme="default",
        logo=png_upload(),
    )

    icons = {icon["variant"]: icon["src"] for icon in branding_icons(city_a, base_url="")}
    branding = branding_for(city_a)

    assert icons == {variant: f"/media/city_alfa/{name}" for variant, name in city_a.icons.items()}
    assert branding.logo_url == f"/media/city_alfa/{city_a.logo}"
    assert branding.favicon_url == icons["any-192"]


def test_initials_icon_is_a_png_of_the_primary_colour(client_a, city_a):
    response = client_a.get(f"/brand-icons/maskable-512.png?v={initials_version(city_a)}")

    image = Image.open(io.BytesIO(response.content))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (image.format, image.size) == ("PNG", (512, 512))
    assert image.convert("RGB").getpixel((0, 0)) == (11, 83, 148)
    # The initial is drawn in the text colour on it (white on this blue).
    assert (255, 255, 255) in {colour for _count, colour in image.convert("RGB").getcolors(4096)}


def test_initials_icon_with_an_old_version_is_not_cached_for_long(client_a):
    response = client_a.get("/brand-icons/any-192.png?v=old")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"


def test_unknown_icon_variant_is_not_found(client_a):
    assert client_a.get("/brand-icons/any-64.png").status_code == 404
