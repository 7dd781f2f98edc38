from django.conf import settings

from kota.tenancy.allowed_hosts import AllowedHosts
from kota.tenancy.models import Domain
from tests.conftest import host_client


def test_allowed_hosts_follow_root_domain_and_custom_domains(city_a):
    hosts = AllowedHosts("localhost", ("internal.example.id",))
    assert list(hosts) == ["localhost", ".localhost", "internal.example.id"]

    Domain.objects.create(domain="layanan.alfakota.go.id", tenant=city_a, is_primary=False)

    assert "layanan.alfakota.go.id" in list(hosts)


def test_custom_domain_outside_the_root_serves_its_city_with_a_valid_host(city_a, settings):
    settings.ALLOWED_HOSTS = AllowedHosts(settings.KOTA_ROOT_DOMAIN)
    Domain.objects.create(domain="layanan.alfakota.go.id", tenant=city_a, is_primary=False)
    client = host_client("layanan.alfakota.go.id")

    # The login form posts back (CSRF + get_host) on the custom domain.
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert response.wsgi_request.get_host() == "layanan.alfakota.go.id"


def test_production_allowed_hosts_is_not_a_wildcard():
    assert "*" not in list(AllowedHosts(settings.KOTA_ROOT_DOMAIN))
