"""Pages one module offers the others, found by name so that modules never import each
other: e-plesiran asks for "report-at-location" and gets the reports module's new-report
page when that module is live on the city, or nothing."""

from urllib.parse import urlencode

from django.urls import reverse

from kota.registry.gating import live_modules


def offer_url(city, name: str, **query) -> str | None:
    """The URL of the page a live module of ``city`` offers as ``name``, with those of
    ``query`` it reads, or None when no live module offers it."""
    for module in live_modules(city):
        for offer in module.offers:
            if offer.name == name:
                url = reverse(f"{module.key}:{offer.url_name}")
                params = {k: v for k, v in query.items() if k in offer.params and v != ""}
                return f"{url}?{urlencode(params)}" if params else url
    return None
