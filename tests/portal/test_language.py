"""A city's site speaks the city's languages: the visitor's choice among them, else the
city's first one. The platform keeps the browser's preference."""

from django.conf import settings

from kota.registry.services import module_enable


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


def test_the_citizen_home_is_in_indonesian_until_english_is_chosen(client_a):
    indonesian = client_a.get("/").content.decode()

    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client_a.get("/").content.decode()

    assert '<p class="muted">Kota · Banten</p>' in indonesian
    assert '<h2 id="services-title">Layanan</h2>' in indonesian
    assert '<a class="skip-link" href="#main">Lewati ke isi utama</a>' in indonesian
    assert "<strong>Belum ada layanan yang diaktifkan</strong>" in indonesian
    assert '<p class="muted">City · Banten</p>' in english
    assert '<h2 id="services-title">Services</h2>' in english
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in english
    assert "<strong>No services are switched on yet</strong>" in english


def test_a_theme_packs_own_text_follows_the_language_too(client_a, city_a):
    module_enable(city=city_a, key="noticeboard")
    city_a.theme = "pesisir"
    city_a.save(update_fields=["theme"])

    indonesian = client_a.get("/").content.decode()
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client_a.get("/").content.decode()

    assert '<nav class="tabbar" aria-label="Layanan">' in indonesian
    assert "<span>Beranda</span></a></li>" in indonesian
    assert '<nav class="tabbar" aria-label="Services">' in english
    assert "<span>Home</span></a></li>" in english


def test_the_platform_home_is_in_indonesian_unless_the_browser_asks_for_english(
    platform_client,
):
    indonesian = platform_client.get("/").content.decode()
    english = platform_client.get("/", headers={"accept-language": "en"}).content.decode()

    assert "<h2>Kota dan kabupaten yang sudah aktif</h2>" in indonesian
    assert "<h2>Cities and regencies already live</h2>" in english
