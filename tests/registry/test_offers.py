"""Pages one module offers the others by name (kota.registry.offers.offer_url): the
noticeboard test module, given an offer for the test, stands in for the reports module's
"report a problem here"."""

from dataclasses import replace

import pytest

from kota.registry.catalog import module_get, module_register, module_unregister, modules
from kota.registry.modules import Offer
from kota.registry.offers import offer_url
from kota.registry.services import module_disable, module_enable
from tests.registry.noticeboard.module import NOTICEBOARD

CATALOGUE_ORDER = [m.key for m in modules()]
REPORT_HERE = Offer(name="report-at-location", url_name="home", params=("lat", "lon", "place"))


def _reregister(replacements: dict) -> None:
    """Register the catalogue again in the same order, some modules replaced."""
    current = modules()
    for module in current:
        module_unregister(module.key)
    for module in current:
        module_register(replacements.get(module.key, module))


@pytest.fixture
def noticeboard_offers_reporting(settings):
    """The noticeboard, for this test, offers "report-at-location" on its home page."""
    original = {m.key: m for m in modules()}
    _reregister({"noticeboard": replace(original["noticeboard"], offers=(REPORT_HERE,))})
    # Outside a request, reverse() reads the city's URLconf.
    settings.ROOT_URLCONF = settings.KOTA_CITY_URLCONF
    yield module_get("noticeboard")
    _reregister(original)


def test_nothing_is_offered_while_no_live_module_offers_it(city_a, noticeboard_offers_reporting):
    assert city_a.enabled_modules == []

    assert offer_url(city_a, "report-at-location", lat="-6.1781", lon="106.63") is None


def test_a_live_module_s_offer_gives_its_url_with_the_declared_parameters_only(
    city_a, noticeboard_offers_reporting
):
    module_enable(city=city_a, key="noticeboard")

    url = offer_url(
        city_a,
        "report-at-location",
        lat="-6.1781",
        lon="106.63",
        place="Pasar Lama & Klenteng",
        secret="ignored",
    )

    assert url == "/noticeboard/?lat=-6.1781&lon=106.63&place=Pasar+Lama+%26+Klenteng"


def test_empty_parameters_are_left_out_and_none_at_all_gives_the_bare_url(
    city_a, noticeboard_offers_reporting
):
    module_enable(city=city_a, key="noticeboard")

    assert offer_url(city_a, "report-at-location", lat="-6.1781", lon="", place="") == (
        "/noticeboard/?lat=-6.1781"
    )
    assert offer_url(city_a, "report-at-location") == "/noticeboard/"


def test_an_offer_no_module_makes_is_none_even_with_modules_live(
    city_a, noticeboard_offers_reporting
):
    module_enable(city=city_a, key="noticeboard")

    assert offer_url(city_a, "pay-a-fine", amount="1000") is None


def test_switching_the_module_off_withdraws_its_offer(city_a, noticeboard_offers_reporting):
    module_enable(city=city_a, key="noticeboard")
    assert offer_url(city_a, "report-at-location", lat="1") == "/noticeboard/?lat=1"

    module_disable(city=city_a, key="noticeboard")

    assert offer_url(city_a, "report-at-location", lat="1") is None


def test_a_module_the_plan_does_not_allow_offers_nothing(
    city_a, noticeboard_offers_reporting, settings
):
    module_enable(city=city_a, key="noticeboard")
    settings.KOTA_MODULE_ENTITLEMENTS = "tests.registry.entitlements.nothing_allowed"

    assert offer_url(city_a, "report-at-location", lat="1") is None


def test_an_offer_is_per_city(city_a, city_b, noticeboard_offers_reporting):
    module_enable(city=city_a, key="noticeboard")

    assert offer_url(city_a, "report-at-location") == "/noticeboard/"
    assert offer_url(city_b, "report-at-location") is None


def test_the_catalogue_is_restored_after_those_tests():
    # Runs after the tests above: the fixture put the real noticeboard back, in its place.
    assert {"noticeboard", "plesiran"} <= set(CATALOGUE_ORDER)
    assert [m.key for m in modules()] == CATALOGUE_ORDER
    assert module_get("noticeboard") is NOTICEBOARD
