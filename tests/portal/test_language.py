"""A city's site speaks the city's languages: the visitor's choice among them, else the
city's first one. The platform keeps the browser's preference."""

from django.conf import settings


def _lang(response) -> str:
    return response.content.decode().split('<html lang="')[1].split('"')[0]


def test_city_site_is_in_its_first_language_whatever_the_browser_prefers(client_a):
    response = client_a.get("/", headers={"accept-language": "en-US,en;q=0.9"})

    assert _lang(response) == "id"
    assert response["Content-Language"] == "id"


def test_the_visitors_choice_wins_when_the_city_offers_it(client_a):
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert _lang(client_a.get("/")) == "en"


def test_a_language_the_city_does_not_offer_is_not_used(client_b, city_b):
    city_b.languages = ["id"]
    city_b.save(update_fields=["languages"])
    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert _lang(client_b.get("/")) == "id"


def test_a_city_may_put_english_first(client_b, city_b):
    city_b.languages = ["en", "id"]
    city_b.save(update_fields=["languages"])

    assert _lang(client_b.get("/")) == "en"


def test_the_platform_follows_the_browser(platform_client):
    response = platform_client.get("/", headers={"accept-language": "en"})

    assert _lang(response) == "en"
