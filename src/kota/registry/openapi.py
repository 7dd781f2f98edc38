"""drf-spectacular hook: the schema served on a city lists only its live modules' routes."""

from django.db import connection

from kota.registry.catalog import modules
from kota.registry.gating import live_module_keys


def live_endpoints_only(endpoints, **kwargs):
    city = getattr(connection, "tenant", None)
    live = live_module_keys(city) if getattr(city, "pk", None) else frozenset()
    hidden = tuple(m.api_root for m in modules() if m.key not in live)
    return [e for e in endpoints if not e[0].startswith(hidden)]


def city_title(result, generator, request, public):
    """Name the schema after the city whose site serves it."""
    city = getattr(connection, "tenant", None)
    if getattr(city, "pk", None):
        result["info"]["title"] = f"{city.name} API"
    return result
