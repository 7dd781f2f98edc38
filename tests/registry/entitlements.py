"""Entitlement providers for tests (settings.KOTA_MODULE_ENTITLEMENTS)."""


def nothing_allowed(city) -> set[str]:
    return set()


def everything_allowed(city) -> set[str]:
    """Every registered module, including ones a test registers for itself."""
    from kota.registry.catalog import modules

    return {module.key for module in modules()}
