"""The registry of modules. Apps register in AppConfig.ready(); everyone else reads.

Kept deliberately small: a dict of frozen descriptions in registration order. Checks
(duplicates, unknown dependencies, URLconfs that do not import) run as Django system
checks in kota.registry.checks, so a bad module stops ``check``/``migrate``/the server.
"""

from kota.registry.modules import Module

_modules: dict[str, Module] = {}
# Registrations that collided with an existing key; reported by the system check.
_duplicates: list[Module] = []


def module_register(module: Module) -> Module:
    """Add ``module`` to the registry; registering the same description twice is a no-op."""
    existing = _modules.get(module.key)
    if existing is None:
        _modules[module.key] = module
    elif existing != module:
        _duplicates.append(module)
    return module


def module_unregister(key: str) -> None:
    _modules.pop(key, None)


def modules() -> tuple[Module, ...]:
    return tuple(_modules.values())


def module_keys() -> tuple[str, ...]:
    return tuple(_modules)


def module_get(key: str) -> Module | None:
    return _modules.get(key)


def duplicate_registrations() -> tuple[Module, ...]:
    return tuple(_duplicates)
