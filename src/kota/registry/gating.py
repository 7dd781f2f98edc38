"""Allowed × enabled: which of a city's modules are live. The one place that decides.

*Allowed* comes from the city's plan (``KOTA_MODULE_ENTITLEMENTS`` names a function
``(city) -> set of keys``; without one, every module is allowed). *Enabled* is the city
admin's switch, stored on the City row the router has already loaded, so deciding costs
no query. A module is live when it is allowed, enabled, and every module it depends on is
live too.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from kota.registry.catalog import module_get, modules
from kota.registry.modules import Module


def allowed_module_keys(city) -> frozenset[str]:
    provider = getattr(settings, "KOTA_MODULE_ENTITLEMENTS", None)
    if not provider:
        return frozenset(m.key for m in modules())
    return frozenset(import_string(provider)(city))


def live_module_keys(city) -> frozenset[str]:
    if city is None:
        return frozenset()
    allowed = allowed_module_keys(city)
    candidates = {key for key in city.enabled_modules if key in allowed and module_get(key)}
    # Drop modules whose dependencies are not live, until nothing changes (chains).
    changed = True
    while changed:
        changed = False
        for key in sorted(candidates):
            if any(dep not in candidates for dep in module_get(key).depends_on):
                candidates.discard(key)
                changed = True
    return frozenset(candidates)


def live_modules(city) -> tuple[Module, ...]:
    """The city's live modules, in registry order."""
    live = live_module_keys(city)
    return tuple(m for m in modules() if m.key in live)


def module_is_live(city, key: str) -> bool:
    return key in live_module_keys(city)
