"""The city's sitemap: the home page and the public pages of its live modules only."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from kota.registry.gating import live_modules


def sitemap_paths(city) -> list[str]:
    paths = ["/"]
    for module in live_modules(city):
        if module.sitemap_paths:
            paths.extend(import_string(module.sitemap_paths)())
        elif module.citizen_urls:
            paths.append(module.home_path)
    return paths


def sitemap(request: HttpRequest) -> HttpResponse:
    base = f"{request.scheme}://{request.get_host()}"
    body = render_to_string(
        "registry/sitemap.xml", {"urls": [base + p for p in sitemap_paths(request.city)]}
    )
    return HttpResponse(body, content_type="application/xml")
