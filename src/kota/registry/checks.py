"""System checks for the registry: a bad module stops the server before it serves."""

from django.core import checks
from django.urls import include
from django.utils.module_loading import import_string

from kota.registry.catalog import duplicate_registrations, module_keys, modules
from kota.registry.tiers import PLAN_TIERS


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
