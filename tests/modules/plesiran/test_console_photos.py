"""Photos of a destination in the console: uploaded, checked by content, resized,
re-encoded as JPEG without metadata, stored in the city's media; captions, order and
deletion."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kota.audit.models import AuditEntry
from kota.modules.plesiran.models import Photo
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import cookies_to, logged_in, person
from tests.modules.plesiran.conftest import destination

pytestmark = pytest.mark.usefixtures("plesiran_a")

GPS_IFD = 0x8825


def _jpeg(
    width=800, height=600, *, gps=False, name="foto.jpg", color=(200, 80, 40)
) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    exif[0x010F] = "KameraKu"  # Make
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (6.0, 10.0, 41.0), 3: "E", 4: (106.0, 37.0, 48.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _png(width=300, height=200, name="foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _photos(city) -> list[tuple]:
    with city_scope(city):
        return list(Photo.objects.order_by("position", "id").values_list("caption", "position"))


def _stored(city, photo_name: str) -> bytes:
    with city_scope(city), default_storage.open(photo_name) as handle:
        return handle.read()


def _files(city, folder: str) -> list[str]:
    with city_scope(city):
        if not default_storage.exists(folder):
            return []
        return default_storage.listdir(folder)[1]


def test_an_uploaded_jpeg_loses_its_gps_and_camera_metadata(city_a, tourism_officer_client_a):
    place = destination(city_a)
    upload = _jpeg(gps=True)
    assert GPS_IFD in Image.open(io.BytesIO(upload.read())).getexif()
    upload.seek(0)

    response = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/", {"photos": [upload], "caption": "Depan"}
    )

    assert response.status_code == 302
    with city_scope(city_a):
        photo = Photo.objects.get()
        assert photo.image.name.startswith(f"plesiran/{place.slug}/")
        assert photo.image.name.endswith(".jpg")
        assert (photo.width, photo.height, photo.caption) == (800, 600, "Depan")
        # In the city's own media folder.
        assert photo.image.path.startswith(f"{default_storage.location}/")
        assert f"/{city_a.schema_name}/plesiran/" in photo.image.path
    stored = Image.open(io.BytesIO(_stored(city_a, photo.image.name)))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert stored.getpixel((400, 300)) == pytest.approx((200, 80, 40), abs=3)


def test_a_large_image_is_resized_to_1600_pixels_on_its_long_side(city_a, tourism_officer_client_a):
    place = destination(city_a)

    tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/", {"photos": [_jpeg(3200, 2000)]}
    )

    with city_scope(city_a):
        photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1600, 1000)
    assert Image.open(io.BytesIO(_stored(city_a, photo.image.name))).size == (1600, 1000)


def test_several_photos_are_added_in_order_and_a_transparent_png_becomes_a_jpeg(
    city_a, tourism_officer_client_a
):
    place = destination(city_a)

    response = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/", {"photos": [_jpeg(), _png()]}
    )

    assert response.status_code == 302
    assert _photos(city_a) == [("", 0), ("", 1)]
    with city_scope(city_a):
        second = Photo.objects.get(position=1)
    assert Image.open(io.BytesIO(_stored(city_a, second.image.name))).format == "JPEG"
    page = tourism_officer_client_a.get(f"/console/plesiran/tempat/{place.slug}/foto/")
    assert "2 photos added." in [str(m) for m in page.context["messages"]]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "peta.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"
            ),
            "peta.svg: SVG and other text files are not accepted (they can carry scripts); "
            "upload a PNG, JPEG or WebP image.",
        ),
        (
            SimpleUploadedFile("catatan.jpg", b"bukan gambar sama sekali", "image/jpeg"),
            "catatan.jpg: This file is not an image that can be read; upload a PNG, JPEG or "
            "WebP image.",
        ),
        (
            SimpleUploadedFile(
                "besar.jpg", b"\xff\xd8\xff" + b"0" * (3 * 1024 * 1024), "image/jpeg"
            ),
            "besar.jpg: The file is 3.0 MB; the limit is 2.0 MB.",
        ),
        (
            _png(5000, 80, name="panorama.png"),
            "panorama.png: The image is 5000×80 pixels; it may be at most 4096×4096.",
        ),
    ],
    ids=["svg", "text", "too-large", "too-wide"],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    city_a, tourism_officer_client_a, upload, message
):
    place = destination(city_a)
    # (Files of earlier tests stay in the session's media folder: compare, not count.)
    files_before = _files(city_a, f"plesiran/{place.slug}")

    response = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/", {"photos": [_jpeg(), upload]}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"photos": [message]}
    assert _photos(city_a) == []
    assert _files(city_a, f"plesiran/{place.slug}") == files_before


def test_more_than_ten_photos_at_once_are_refused(city_a, tourism_officer_client_a):
    place = destination(city_a)

    response = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/",
        {"photos": [_png(64, 64, name=f"{n}.png") for n in range(11)]},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"photos": ["Upload at most 10 photos at a time."]}
    assert _photos(city_a) == []


def test_an_upload_without_files_is_refused(city_a, tourism_officer_client_a):
    place = destination(city_a)

    response = tourism_officer_client_a.post(f"/console/plesiran/tempat/{place.slug}/foto/", {})

    assert response.status_code == 400
    assert response.context["form"].errors == {"photos": ["This field is required."]}


def _add(city, place, count: int) -> list[Photo]:
    from kota.modules.plesiran import services

    with city_scope(city):
        return services.photos_add(
            destination=place,
            actor=None,
            uploads=[_jpeg(color=(n * 40, 0, 0)) for n in range(count)],
        )


def test_captions_order_and_deletion(
    city_a, tourism_officer_client_a, django_capture_on_commit_callbacks
):
    place = destination(city_a)
    first, second, third = _add(city_a, place, 3)
    url = f"/console/plesiran/tempat/{place.slug}/foto"

    captioned = tourism_officer_client_a.post(
        f"{url}/{second.pk}/", {"action": "caption", "caption": " Gerbang "}
    )
    moved = tourism_officer_client_a.post(f"{url}/{third.pk}/", {"action": "earlier"})
    with django_capture_on_commit_callbacks(execute=True):
        deleted = tourism_officer_client_a.post(f"{url}/{first.pk}/", {"action": "delete"})

    assert [r.status_code for r in (captioned, moved, deleted)] == [302, 302, 302]
    with city_scope(city_a):
        assert list(Photo.objects.order_by("position").values_list("pk", "caption")) == [
            (third.pk, ""),
            (second.pk, "Gerbang"),
        ]
        actions = list(
            AuditEntry.objects.filter(action__startswith="plesiran.photo.").values_list(
                "action", flat=True
            )
        )
        assert not default_storage.exists(first.image.name)
        assert default_storage.exists(second.image.name)
    assert sorted(actions) == [
        "plesiran.photo.add",
        "plesiran.photo.caption",
        "plesiran.photo.move",
        "plesiran.photo.remove",
    ]


def test_a_caption_too_long_is_refused(city_a, tourism_officer_client_a):
    place = destination(city_a)
    (photo,) = _add(city_a, place, 1)

    response = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/{photo.pk}/",
        {"action": "caption", "caption": "x" * 161},
    )

    assert response.status_code == 400
    assert response.context["caption_errors"] == {
        photo.pk: ["A caption may be at most 160 characters."]
    }
    assert _photos(city_a) == [("", 0)]


def test_a_photo_of_another_place_or_city_is_not_found(
    city_a, city_b, plesiran_b, tourism_officer_client_a, admin_client_b
):
    place = destination(city_a, name="Pasar Lama")
    other = destination(city_a, name="Situ Cipondoh")
    (photo,) = _add(city_a, other, 1)
    officer_b = person(city_b, email="wisata@beta.id", roles=["officer-plesiran"])
    b_on_a = cookies_to("alfa.localhost", logged_in("beta.localhost", officer_b, city_b))

    wrong_place = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{place.slug}/foto/{photo.pk}/", {"action": "delete"}
    )
    other_city = b_on_a.post(
        f"/console/plesiran/tempat/{other.slug}/foto/{photo.pk}/", {"action": "delete"}
    )
    upload_from_b = b_on_a.post(
        f"/console/plesiran/tempat/{other.slug}/foto/", {"photos": [_jpeg()]}
    )

    assert wrong_place.status_code == 404
    assert other_city["Location"].startswith("/accounts/login/")
    assert upload_from_b["Location"].startswith("/accounts/login/")
    assert _photos(city_a) == [("", 0)]
