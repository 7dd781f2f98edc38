"""Mount every registered module's URLs on the city's site, each under its own namespace.

The namespace says which module a URL belongs to; ModuleGateMiddleware reads it to answer
404 for a module that is not live on the requesting city.
"""

from django.urls import URLResolver, include, path

from kota.registry.catalog import module_get, modules

# The namespaces of a module's console and API URLs: "<key>-console", "<key>-api" (its
# citizen URLs are in "<key>"). Keys may not end in these (kota.registry.checks).
CONSOLE, API = "-console", "-api"


def namespace_module_key(namespace: str) -> str | None:
    """The module key a top-level namespace belongs to, or None for shell URLs."""
    for suffix in (CONSOLE, API):
        if namespace.endswith(suffix):
            candidate = namespace[: -len(suffix)]
            if module_get(candidate):
                return candidate
    return namespace if module_get(namespace) else None


def citizen_urlpatterns() -> list[URLResolver]:
    return [
        path(f"{m.key}/", include((m.citizen_urls, m.key), namespace=m.key))
        for m in modules()
        if m.citizen_urls
    ]


def console_urlpatterns() -> list[URLResolver]:
    return [
        path(f"{m.key}/", include((m.console_urls, m.key), namespace=m.key + CONSOLE))
        for m in modules()
        if m.console_urls
    ]


def api_urlpatterns() -> list[URLResolver]:
    return [
        path(f"{m.key}/", include((m.api_urls, m.key), namespace=m.key + API))
        for m in modules()
        if m.api_urls
    ]
