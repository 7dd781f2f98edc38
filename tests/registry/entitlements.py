"""Entitlement providers for tests (settings.KOTA_MODULE_ENTITLEMENTS)."""


def nothing_allowed(city) -> set[str]:
    return set()
