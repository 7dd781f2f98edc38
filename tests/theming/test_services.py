"""branding_update: every rule, the images, the audit entry, and all-or-nothing."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from kota.audit.models import AuditEntry
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from kota.theming import services
from kota.theming.services import branding_update
from tests.theming.uploads import (
    CAMERA_MAKE,
    bomb_upload,
    image_upload,
    jpeg_with_exif_upload,
    noise_png_upload,
    png_upload,
    svg_upload,
    truncated_png_upload,
)

UNCHANGED = {
    "tagline": "",
    "primary_color": "#0b5394",
    "secondary_color": "#f1c232",
    "theme": "default",
}


def _update(city, actor=None, **changes):
    return branding_update(city=city, actor=actor, **{**UNCHANGED, **changes})


def _media(city) -> Path:
    return Path(settings.MEDIA_ROOT) / city.schema_name


def _files(city) -> set[str]:
    folder = _media(city)
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _audit(city) -> list[AuditEntry]:
    with city_scope(city):
        return list(AuditEntry.objects.filter(action="branding.update"))


def _branding_row(city) -> dict:
    row = City.objects.get(pk=city.pk)
    return {name: getattr(row, name) for name in (*UNCHANGED, "logo", "favicon", "icons")}


def _png(city, name: str) -> Image.Image:
    return Image.open(io.BytesIO((_media(city) / name).read_bytes()))


def test_colours_tagline_and_theme_are_saved_normalised_and_audited(city_a, admin_a):
    changed = _update(
        city_a,
        actor=admin_a,
        tagline="  Kota yang ramah  ",
        primary_color="#7A1F1F",
        secondary_color="#FC9",
        theme="pesisir",
    )

    assert changed is True
    assert _branding_row(city_a) == {
        "tagline": "Kota yang ramah",
        "primary_color": "#7a1f1f",
        "secondary_color": "#ffcc99",
        "theme": "pesisir",
        "logo": "",
        "favicon": "",
        "icons": {},
    }
    assert (city_a.theme, city_a.primary_color) == ("pesisir", "#7a1f1f")  # caller's copy too
    [entry] = _audit(city_a)
    assert (entry.actor_id, entry.actor_label, entry.target) == (
        admin_a.pk,
        admin_a.email,
        "branding",
    )
    assert entry.before == {**UNCHANGED, "logo": "", "favicon": "", "icons": {}}
    assert entry.after == {**_branding_row(city_a)}


def test_the_audit_entry_is_written_in_the_citys_own_schema(city_a, city_b):
    _update(city_a, tagline="Baru")

    assert len(_audit(city_a)) == 1
    assert _audit(city_b) == []


def test_nothing_to_change_writes_nothing(city_a):
    updated_at = City.objects.get(pk=city_a.pk).updated_at

    assert _update(city_a, primary_color="#0B5394") is False

    assert City.objects.get(pk=city_a.pk).updated_at == updated_at
    assert _audit(city_a) == []


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"primary_color": "#ffd70"},
            {"primary_color": ["Enter a colour as # followed by 3 or 6 hexadecimal digits."]},
        ),
        (
            {"primary_color": "#777"},
            {
                "primary_color": [
                    "Primary colour #777777 with white text has contrast 4.47:1; WCAG AA needs "
                    "at least 4.5:1. Choose a darker colour."
                ]
            },
        ),
        (
            {"secondary_color": "#7a7a7a"},
            {
                "secondary_color": [
                    "Secondary colour #7a7a7a with dark text has contrast 4.4:1; WCAG AA needs "
                    "at least 4.5:1. Choose a lighter colour."
                ]
            },
        ),
        ({"theme": "nowhere"}, {"theme": ["“nowhere” is not one of: default, pesisir."]}),
        (
            {"tagline": "<b>Kota</b>"},
            {"tagline": ["Angle brackets and control characters are not allowed."]},
        ),
        ({"tagline": "x" * 161}, {"tagline": ["At most 160 characters (this has 161)."]}),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(city_a, changes, errors):
    before = _branding_row(city_a)

    with pytest.raises(ValidationError) as error:
        _update(city_a, **changes)

    assert error.value.message_dict == errors
    assert _branding_row(city_a) == before
    assert _audit(city_a) == []


def test_every_bad_field_is_reported_at_once(city_a):
    with pytest.raises(ValidationError) as error:
        _update(city_a, primary_color="red", theme="nowhere", logo=svg_upload())

    assert sorted(error.value.message_dict) == ["logo", "primary_color", "theme"]


def test_logo_is_reencoded_resized_and_gives_app_icons(city_a):
    _update(city_a, logo=png_upload(size=(1200, 400)))

    row = _branding_row(city_a)
    assert row["logo"].startswith("branding/logo-")
    assert row["logo"].endswith(".png")
    assert sorted(row["icons"]) == ["any-192", "any-512", "maskable-512"]
    logo = _png(city_a, row["logo"])
    assert (logo.format, logo.size) == ("PNG", (512, 171))
    sizes = {variant: _png(city_a, name).size for variant, name in row["icons"].items()}
    assert sizes == {"any-192": (192, 192), "any-512": (512, 512), "maskable-512": (512, 512)}
    # The maskable icon is opaque to its edges; the others keep a transparent margin.
    assert _png(city_a, row["icons"]["maskable-512"]).getpixel((0, 0)) == (255, 255, 255, 255)
    assert _png(city_a, row["icons"]["any-512"]).getpixel((0, 0))[3] == 0


def test_file_names_are_the_hash_of_their_content(city_a, city_b):
    _update(city_a, logo=png_upload())
    _update(city_b, logo=png_upload())
    name_a, name_b = _branding_row(city_a)["logo"], _branding_row(city_b)["logo"]

    assert name_a == name_b  # same picture, same name …
    assert (_media(city_a) / name_a).is_file()
    assert (_media(city_b) / name_b).is_file()  # … in each city's own folder


def test_exif_and_gps_are_gone_from_every_stored_image(city_a):
    upload = jpeg_with_exif_upload()
    exif = Image.open(upload).getexif()  # the upload does carry them
    assert exif[0x010F] == CAMERA_MAKE
    assert exif.get_ifd(0x8825)[1] == "S"

    _update(city_a, logo=upload, favicon=jpeg_with_exif_upload())

    row = _branding_row(city_a)
    names = [row["logo"], row["favicon"], *row["icons"].values()]
    for name in names:
        data = (_media(city_a) / name).read_bytes()
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG"
        assert dict(image.getexif()) == {}
        assert sorted(image.info) == []
        assert b"Exif" not in data
        assert CAMERA_MAKE.encode() not in data


def test_favicon_is_a_small_square_png(city_a):
    _update(city_a, favicon=image_upload("WEBP", "favicon.webp", size=(300, 100)))

    favicon = _png(city_a, _branding_row(city_a)["favicon"])
    assert (favicon.format, favicon.size) == ("PNG", (64, 64))


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
            lambda: image_upload("BMP", "logo.png"),
            "BMP images are not accepted; upload a PNG, JPEG or WebP image.",
        ),
        (
            lambda: png_upload(size=(40, 300)),
            "The image is 40×300 pixels; it must be at least 64×64.",
        ),
        (
            lambda: png_upload(size=(5000, 100)),
            "The image is 5000×100 pixels; it may be at most 4096×4096.",
        ),
        (
            bomb_upload,
            "The image has too many pixels to process; it may be at most 4096×4096.",
        ),
        (
            lambda: bomb_upload(8000, 8000),
            "The image is 8000×8000 pixels; it may be at most 4096×4096.",
        ),
        (truncated_png_upload, "The image file is damaged or incomplete."),
        (
            lambda: noise_png_upload(side=1000),
            "The file is 2.9 MB; the limit is 2.0 MB.",
        ),
    ],
)
def test_bad_logo_is_refused_and_leaves_nothing_behind(city_a, upload, message):
    files_before, row_before = _files(city_a), _branding_row(city_a)

    with pytest.raises(ValidationError) as error:
        _update(city_a, tagline="Tidak disimpan", logo=upload())

    assert error.value.message_dict == {"logo": [message]}
    assert _files(city_a) == files_before
    assert _branding_row(city_a) == row_before
    assert _audit(city_a) == []


def test_a_failure_after_the_files_are_written_removes_them(city_a, monkeypatch):
    files_before, row_before = _files(city_a), _branding_row(city_a)

    def audit_fails(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", audit_fails)

    with pytest.raises(RuntimeError, match="audit log unavailable"):
        _update(city_a, logo=png_upload(color=(1, 2, 3, 255)))

    assert _files(city_a) == files_before
    assert _branding_row(city_a) == row_before


def test_removing_the_logo_deletes_its_files_once_committed(
    city_a, django_capture_on_commit_callbacks
):
    _update(city_a, logo=png_upload(color=(9, 9, 9, 255)))
    written = {_branding_row(city_a)["logo"], *_branding_row(city_a)["icons"].values()}
    assert written <= _files(city_a)

    with django_capture_on_commit_callbacks(execute=True):
        changed = _update(city_a, remove_logo=True)

    assert changed is True
    assert (_branding_row(city_a)["logo"], _branding_row(city_a)["icons"]) == ("", {})
    assert written & _files(city_a) == set()


def test_replacing_the_logo_keeps_the_favicon(city_a, django_capture_on_commit_callbacks):
    _update(city_a, logo=png_upload(), favicon=png_upload(name="f.png", size=(64, 64)))
    favicon = _branding_row(city_a)["favicon"]

    with django_capture_on_commit_callbacks(execute=True):
        _update(city_a, logo=png_upload(color=(120, 10, 10, 255)))

    assert _branding_row(city_a)["favicon"] == favicon
    assert favicon in _files(city_a)
