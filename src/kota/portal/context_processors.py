"""What every page of a city's site shows around its content: navigation and languages."""

from django.http import HttpRequest

from kota.portal.selectors import city_languages, site_navigation


def site(request: HttpRequest) -> dict:
    city = getattr(request, "city", None)
    links = site_navigation(city=city) if city else []
    # The most specific link that holds the page: /plesiran/acara/ is "Events", not the
    # module's first link /plesiran/.
    current = max(
        (link.url for link in links if request.path.startswith(link.url)),
        key=len,
        default=None,
    )
    return {
        "site_nav": links,
        "site_nav_current": current,
        "site_languages": city_languages(city) if city else [],
    }
