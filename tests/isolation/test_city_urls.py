"""Every URL of a city's site, walked from its URLconf: another city's admin, carrying
their session to this city's host, gets exactly what an anonymous visitor gets."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import get_resolver

from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope
from tests.conftest import city_login, host_client
from tests.factories import UserFactory
from tests.registry.module_urls import walk_urls

CITY_URLS = sorted(
    {path for path, _ in walk_urls(get_resolver(settings.KOTA_CITY_URLCONF).url_patterns)}
)


@pytest.fixture
def admin_session_of_b(city_b) -> str:
    with city_scope(city_b):
        admin = UserFactory(email="admin@beta.example.id")
        admin.groups.add(Group.objects.get(name="city-admin"))
    client = host_client("beta.localhost")
    city_login(client, admin, city_b)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_walk_covers_the_shell_and_module_urls():
    assert {"/", "/console/modules/", "/api/v1/app-config", "/noticeboard/"} <= set(CITY_URLS)


@pytest.mark.parametrize("path", CITY_URLS)
def test_another_citys_admin_is_a_stranger_here(path, city_a, admin_session_of_b):
    module_enable(city=city_a, key="noticeboard")
    anonymous = host_client("alfa.localhost").get(path)
    stranger = host_client("alfa.localhost")
    stranger.cookies[settings.SESSION_COOKIE_NAME] = admin_session_of_b

    response = stranger.get(path)

    assert response.status_code == anonymous.status_code
    with city_scope(city_a):  # where the request looked the session up
        assert response.wsgi_request.user.is_anonymous
    assert response.get("Location") == anonymous.get("Location")
