import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.tenancy.models import CityStatus, Domain
from kota.tenancy.scope import city_scope
from kota.tenancy.services import city_resume, city_suspend
from tests.conftest import city_login, host_client


def test_platform_host_serves_the_platform_site(platform_client, city_a, city_b):
    response = platform_client.get("/")

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/"
    body = response.content.decode()
    assert "<h1>Kota</h1>" in body
    assert 'href="http://alfa.localhost/"' in body
    assert 'href="http://beta.localhost/"' in body


def test_city_host_serves_that_citys_site(client_a, client_b):
    response_a = client_a.get("/")
    response_b = client_b.get("/")

    assert response_a.status_code == 200
    assert "<h1>Kota Alfa</h1>" in response_a.content.decode()
    assert "<h1>Kabupaten Beta</h1>" in response_b.content.decode()
    assert "Kota Alfa" not in response_b.content.decode()


def test_custom_domain_serves_its_city(city_a):
    response = host_client("layanan.alfa.localhost").get("/")

    assert response.status_code == 200
    assert "<h1>Kota Alfa</h1>" in response.content.decode()


def test_host_with_port_and_uppercase_is_routed(city_a):
    response = host_client("ALFA.localhost:8000").get("/")

    assert response.status_code == 200
    assert "<h1>Kota Alfa</h1>" in response.content.decode()


def test_unknown_host_gets_friendly_404_not_the_platform(city_a):
    response = host_client("tidak-ada.localhost").get("/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Alamat ini belum terdaftar" in body
    assert "tidak-ada.localhost" in body
    assert "Kota dan kabupaten yang sudah aktif" not in body  # not the platform's front page
    assert "Traceback" not in body


def test_unknown_host_page_speaks_indonesian_and_english_whatever_was_chosen(city_a):
    """No city, so no city language to go by: both languages, each marked as such."""
    client = host_client("tidak-ada.localhost")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert body.startswith('<!doctype html>\n<html lang="id"')
    assert "<title>Alamat tidak dikenal · Unknown address</title>" in body
    indonesian = body.split('<div class="card" lang="id">')[1].split("</div>")[0]
    english = body.split('<div class="card" lang="en">')[1].split("</div>")[0]
    assert "<h1>Alamat ini belum terdaftar</h1>" in indonesian
    assert (
        "Tidak ada kota atau kabupaten di Kota yang menggunakan "
        "<strong>tidak-ada.localhost</strong>. Periksa kembali ejaan alamatnya."
    ) in indonesian
    assert "<h2>This address is not registered</h2>" in english
    assert (
        "No city or regency on Kota uses <strong>tidak-ada.localhost</strong>. "
        "Please check how the address is spelt."
    ) in english


def test_unknown_host_gets_404_on_every_path(city_a):
    assert host_client("evil.example.com").get("/operator/").status_code == 404
    assert host_client("evil.example.com").get("/accounts/login/").status_code == 404


def test_malformed_host_gets_400(city_a):
    response = host_client("bad_host!.localhost").get("/")

    assert response.status_code == 400


def test_platform_paths_are_not_served_on_city_hosts(client_a):
    assert client_a.get("/operator/").status_code == 404


def test_suspended_city_gets_503_and_keeps_its_data(city_a, client_a, citizen_a):
    city_suspend(city=city_a)

    response = client_a.get("/")

    assert response.status_code == 503
    body = response.content.decode()
    assert (
        "<title>Kota Alfa sementara tidak tersedia · Kota Alfa is temporarily unavailable</title>"
        in body
    )
    assert '<div class="card" lang="id">\n  <h1>Layanan sementara tidak tersedia</h1>' in body
    assert '<div class="card" lang="en">\n  <h2>The service is temporarily unavailable</h2>' in body
    assert response["Retry-After"] == "3600"
    with city_scope(city_a):
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.filter(email="siti@example.id").count() == 1

    city_resume(city=city_a)
    assert client_a.get("/").status_code == 200


def test_provisioning_and_archived_cities_are_not_served(city_a, client_a):
    for status in (CityStatus.PROVISIONING, CityStatus.ARCHIVED):
        city_a.status = status
        city_a.save(update_fields=["status"])

        assert client_a.get("/").status_code == 404


def test_warm_request_spends_no_query_on_finding_the_city(client_a, citizen_a, city_a):
    city_login(client_a, citizen_a, city_a)
    client_a.get("/accounts/")  # warms the routing cache

    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/accounts/")

    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in statements if "tenancy_" in s]
    assert [s for s in statements if s.startswith("SET search_path")] == [
        'SET search_path = "city_alfa","public"'
    ]
    # session + user; nothing per cursor
    assert len(statements) == 3


def test_new_domain_is_routed_at_once_and_removed_domain_stops(city_a):
    client = host_client("baru.alfa.localhost")
    assert client.get("/").status_code == 404  # cached as unknown

    domain = Domain.objects.create(domain="baru.alfa.localhost", tenant=city_a, is_primary=False)
    assert client.get("/").status_code == 200

    domain.delete()
    assert client.get("/").status_code == 404


def test_renamed_domain_forgets_the_old_name(city_a):
    domain = Domain.objects.create(domain="lama.alfa.localhost", tenant=city_a, is_primary=False)
    assert host_client("lama.alfa.localhost").get("/").status_code == 200

    domain.domain = "kini.alfa.localhost"
    domain.save()

    assert host_client("lama.alfa.localhost").get("/").status_code == 404
    assert host_client("kini.alfa.localhost").get("/").status_code == 200


def test_city_change_is_seen_by_the_next_request(city_a, client_a):
    client_a.get("/")  # cached
    city_a.name = "Kota Alfa Baru"
    city_a.save()

    assert "<h1>Kota Alfa Baru</h1>" in client_a.get("/").content.decode()


def test_healthz_answers_on_every_host(city_a):
    for host in ("localhost", "alfa.localhost", "10.0.0.7"):
        response = host_client(host).get("/healthz")

        assert response.status_code == 200
        assert response.json()["database"] == "ok"


def test_host_names_cannot_collide_with_other_cache_entries(city_a):
    from kota.tenancy.allowed_hosts import custom_domains

    custom_domains("localhost")  # fills the allowed-hosts entry
    for host in ("custom-domains", "allowed-hosts", "kota", "route"):
        assert host_client(host).get("/").status_code == 404
    assert isinstance(custom_domains("localhost"), frozenset)


def test_archived_city_cannot_be_suspended_or_resumed(city_a):
    from django.core.exceptions import ValidationError

    city_a.status = CityStatus.ARCHIVED
    city_a.save(update_fields=["status"])

    for change in (city_suspend, city_resume):
        with pytest.raises(ValidationError):
            change(city=city_a)
    city_a.refresh_from_db()
    assert city_a.status == CityStatus.ARCHIVED


def test_route_read_before_a_change_committed_is_not_trusted_after_it(city_a, client_a):
    from django.core.cache import cache

    from kota.tenancy import routing

    client_a.get("/")  # warm
    generation = cache.get(routing._GENERATION_KEY, 0)
    stale_city = routing.city_for_host("alfa.localhost")

    city_a.name = "Kota Alfa Baru"
    city_a.save()  # commits (in a real deployment) and bumps the generation
    # A request that read the old row before the commit writes it back afterwards:
    cache.set(routing._cache_key("alfa.localhost"), (generation, stale_city), 600)

    assert "<h1>Kota Alfa Baru</h1>" in client_a.get("/").content.decode()


def test_streamed_body_is_produced_in_the_requests_city(city_a, client_a, citizen_a, settings):
    settings.KOTA_CITY_URLCONF = "tests.tenancy.streaming_urls"

    response = client_a.get("/stream/")
    body = b"".join(response.streaming_content).decode()

    assert body == "schema=city_alfa\nsiti@example.id\n"
    assert connection.schema_name == "public"  # and left again afterwards


def test_lost_generation_token_is_replaced_by_a_new_one_not_an_old_one(city_a, client_a):
    from django.core.cache import cache

    from kota.tenancy import routing

    client_a.get("/")  # warm
    stale = (cache.get(routing._GENERATION_KEY), routing.city_for_host("alfa.localhost"))
    city_a.name = "Kota Alfa Baru"
    city_a.save()
    cache.set(routing._cache_key("alfa.localhost"), stale, 600)
    cache.delete(routing._GENERATION_KEY)  # evicted

    assert "<h1>Kota Alfa Baru</h1>" in client_a.get("/").content.decode()
