"""System checks for the registry: a bad module stops the server before it serves."""

import re

from django.conf import settings
from django.core import checks
from django.urls import URLResolver, get_resolver, include
from django.utils.module_loading import import_string

from kota.registry.catalog import duplicate_registrations, module_keys, modules
from kota.registry.tiers import PLAN_TIERS
from kota.registry.urls import API, CONSOLE


@checks.register()
def registry_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for module in duplicate_registrations():
        errors.append(
            checks.Error(
                f"Module key {module.key!r} is registered twice with different descriptions.",
                id="kota.registry.E001",
            )
        )
    known = set(module_keys())
    for module in modules():
        errors += _key_errors(module)
        for dependency in module.depends_on:
            if dependency not in known:
                errors.append(
                    checks.Error(
                        f"Module {module.key!r} depends on unknown module {dependency!r}.",
                        id="kota.registry.E002",
                    )
                )
        if module.plan_tier not in PLAN_TIERS:
            errors.append(
                checks.Error(
                    f"Module {module.key!r} needs unknown plan tier {module.plan_tier!r}.",
                    id="kota.registry.E003",
                )
            )
        for urlconf in (module.citizen_urls, module.console_urls, module.api_urls):
            if urlconf:
                try:
                    include(urlconf)
                except Exception as error:  # noqa: BLE001 - any failure is the finding
                    errors.append(
                        checks.Error(
                            f"Module {module.key!r}: URLconf {urlconf!r} does not import: {error}",
                            id="kota.registry.E004",
                        )
                    )
        for dotted in (
            module.settings_form,
            module.seed,
            module.sitemap_paths,
            module.personal_data_erase,
            module.content_load,
        ):
            if dotted:
                try:
                    import_string(dotted)
                except ImportError as error:
                    errors.append(
                        checks.Error(
                            f"Module {module.key!r}: {dotted!r} does not import: {error}",
                            id="kota.registry.E005",
                        )
                    )
    return errors


_KEY = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def _key_errors(module) -> list[checks.CheckMessage]:
    """A key must be a short slug and must not take a path the city's site already uses
    (``/offline/``, ``/console/staff/``, ``/api/v1/me/``…)."""
    if not _KEY.match(module.key) or module.key.endswith((CONSOLE, API)):
        return [
            checks.Error(
                f"Module key {module.key!r} must be 2-40 lowercase letters, digits or hyphens, "
                "starting with a letter, and not end in -api or -console (the namespaces of "
                "a module's API and console).",
                id="kota.registry.E006",
            )
        ]
    errors = []
    shell = _shell_routes()
    for prefix in ("", "console/", "api/v1/"):
        mine = f"{prefix}{module.key}"
        if any(route == mine or route.startswith(mine + "/") for route in shell):
            errors.append(
                checks.Error(
                    f"Module key {module.key!r} clashes with /{mine}/, which the city's site "
                    "already uses.",
                    id="kota.registry.E007",
                )
            )
    return errors


def _shell_routes() -> set[str]:
    """Every route of the city's site that is not a module's, up to its first parameter."""
    module_urlconfs = {
        urlconf
        for m in modules()
        for urlconf in (m.citizen_urls, m.console_urls, m.api_urls)
        if urlconf
    }

    def walk(patterns, prefix: str):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).split("<", 1)[0]
            if isinstance(pattern, URLResolver):
                name = getattr(pattern.urlconf_name, "__name__", None)
                if name not in module_urlconfs:
                    yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return set(walk(get_resolver(settings.KOTA_CITY_URLCONF).url_patterns, ""))
