"""Every URL a registered module declares, with sample values for its parameters, so the
contract tests cover a new module without new test code."""

import uuid

from django.urls import URLPattern, URLResolver, include

from kota.registry.catalog import modules

_SAMPLES = {
    "IntConverter": "1",
    "SlugConverter": "contoh",
    "UUIDConverter": str(uuid.UUID(int=1)),
    "StringConverter": "contoh",
    "PathConverter": "contoh",
}


def walk_urls(patterns, prefix: str = "/"):
    """(path, has parameters) for every pattern under ``patterns``, samples filled in."""
    for pattern in patterns:
        route = str(pattern.pattern)
        converters = getattr(pattern.pattern, "converters", {})
        for name, converter in converters.items():
            sample = _SAMPLES.get(type(converter).__name__, "contoh")
            for spelled in (f"<{type(converter).__name__}:{name}>", f"<{name}>"):
                route = route.replace(spelled, sample)
            route = _replace_typed(route, name, sample)
        if isinstance(pattern, URLResolver):
            yield from walk_urls(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route.lstrip("^").rstrip("$"), bool(converters)


def _replace_typed(route: str, name: str, sample: str) -> str:
    start = route.find("<")
    while start != -1:
        end = route.find(">", start)
        if route[start + 1 : end].split(":")[-1] == name:
            route = route[:start] + sample + route[end + 1 :]
        start = route.find("<", start + 1)
    return route


def declared_module_urls() -> list[tuple[str, str, bool]]:
    """(module key, path, has parameters) for every citizen, console and API URL."""
    found = []
    for module in modules():
        for prefix, urlconf in (
            (f"/{module.key}/", module.citizen_urls),
            (f"/console/{module.key}/", module.console_urls),
            (f"/api/v1/{module.key}/", module.api_urls),
        ):
            if urlconf:
                patterns = include(urlconf)[0]
                patterns = getattr(patterns, "urlpatterns", patterns)
                for path, has_params in walk_urls(patterns, prefix):
                    found.append((module.key, path, has_params))
    return found
