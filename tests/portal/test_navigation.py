"""The city's menu marks the page the visitor is on: the most specific link holding it."""

from kota.registry.services import module_enable


def test_the_most_specific_menu_link_is_current(city_a, client_a):
    module_enable(city=city_a, key="plesiran")

    events = client_a.get("/plesiran/acara/")
    places = client_a.get("/plesiran/")

    assert events.context["site_nav_current"] == "/plesiran/acara/"
    assert places.context["site_nav_current"] == "/plesiran/"
    assert '<a href="/plesiran/acara/" aria-current="page">' in events.content.decode()
