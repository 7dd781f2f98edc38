"""A city's host serves its own media folder, and nothing of another city's."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kota.tenancy.scope import city_scope
from tests.conftest import host_client


def _store(city, name: str, data: bytes) -> str:
    with city_scope(city):
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(data))


def test_city_serves_its_own_files_with_long_caching(client_a, city_a):
    _store(city_a, "branding/logo-test.png", b"alfa logo")

    response = client_a.get("/media/city_alfa/branding/logo-test.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"alfa logo"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_uploads_are_cached_for_an_hour(client_a, city_a):
    _store(city_a, "notes/readme.txt", b"hello")

    response = client_a.get("/media/city_alfa/notes/readme.txt")

    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_city_never_serves_another_citys_files(client_a, city_a, city_b):
    _store(city_b, "branding/logo-beta.png", b"beta logo")
    attempts = [
        "/media/city_beta/branding/logo-beta.png",
        "/media/city_alfa/../city_beta/branding/logo-beta.png",
        "/media/city_alfa/%2e%2e/city_beta/branding/logo-beta.png",
        "/media/city_alfa/branding/logo-beta.png",
    ]

    assert [client_a.get(path).status_code for path in attempts] == [404, 404, 404, 404]
    beta = host_client("beta.localhost").get("/media/city_beta/branding/logo-beta.png")
    assert beta.status_code == 200


def test_folders_and_missing_files_are_not_found(client_a, city_a):
    _store(city_a, "branding/logo-test.png", b"alfa logo")

    assert client_a.get("/media/city_alfa/branding/").status_code == 404
    assert client_a.get("/media/city_alfa/branding").status_code == 404
    assert client_a.get("/media/city_alfa/branding/none.png").status_code == 404


def test_the_platform_serves_no_media(platform_client, city_a):
    _store(city_a, "branding/logo-test.png", b"alfa logo")

    assert platform_client.get("/media/city_alfa/branding/logo-test.png").status_code == 404
