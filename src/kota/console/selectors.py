"""Reads for the console."""

from dataclasses import dataclass

from kota.registry.catalog import module_get, modules
from kota.registry.gating import allowed_module_keys, live_module_keys
from kota.registry.modules import Module
from kota.registry.tiers import tier_label


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    allowed: bool
    enabled: bool
    live: bool
    unlocking_tier: str
    missing_dependencies: tuple[str, ...]


def module_rows(*, city) -> list[ModuleRow]:
    """Every registered module with its state on ``city``, for the modules page."""
    allowed = allowed_module_keys(city)
    live = live_module_keys(city)
    return [
        ModuleRow(
            module=m,
            allowed=m.key in allowed,
            enabled=m.key in city.enabled_modules,
            live=m.key in live,
            unlocking_tier=tier_label(m.plan_tier),
            missing_dependencies=tuple(
                str(module_get(dep).name) for dep in m.depends_on if dep not in live
            ),
        )
        for m in modules()
    ]
