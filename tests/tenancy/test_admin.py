from django.contrib.auth import get_user_model

from kota.tenancy.models import City, CityStatus
from kota.tenancy.scope import platform_scope


def _operator_client(platform_client):
    with platform_scope():
        operator = get_user_model().objects.create_superuser(
            email="ops@kota.id", password="x-ops-123"
        )
        platform_client.force_login(operator)
    return platform_client


def test_operator_sees_cities_with_status_and_domains(platform_client, city_a, city_b):
    client = _operator_client(platform_client)

    response = client.get("/operator/tenancy/city/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kota Alfa" in body
    assert "Kabupaten Beta" in body
    assert "alfa.localhost" in body


def test_operator_suspends_and_resumes_a_city(platform_client, city_a, client_a):
    client = _operator_client(platform_client)

    client.post(
        "/operator/tenancy/city/", {"action": "suspend_cities", "_selected_action": [city_a.pk]}
    )
    assert City.objects.get(pk=city_a.pk).status == CityStatus.SUSPENDED
    assert client_a.get("/").status_code == 503

    client.post(
        "/operator/tenancy/city/", {"action": "resume_cities", "_selected_action": [city_a.pk]}
    )
    assert City.objects.get(pk=city_a.pk).status == CityStatus.ACTIVE
    assert client_a.get("/").status_code == 200


def test_operator_console_needs_an_operator(platform_client, city_a):
    response = platform_client.get("/operator/tenancy/city/")

    assert response.status_code == 302
    assert response["Location"].startswith("/operator/login/")
