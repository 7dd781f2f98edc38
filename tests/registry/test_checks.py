import pytest

from kota.registry import catalog
from kota.registry.checks import registry_check
from kota.registry.modules import Module


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry for the test, restored afterwards."""
    monkeypatch.setattr(catalog, "_modules", {})
    monkeypatch.setattr(catalog, "_duplicates", [])


def _module(key: str, **fields) -> Module:
    return Module(**{"key": key, "name": key.title(), "summary": "", "icon": "home", **fields})


def test_the_real_registry_passes():
    assert registry_check() == []


def test_duplicate_keys_are_rejected(scratch_registry):
    catalog.module_register(_module("peta"))
    catalog.module_register(_module("peta", icon="map"))

    assert [e.id for e in registry_check()] == ["kota.registry.E001"]


def test_unknown_dependencies_are_rejected(scratch_registry):
    catalog.module_register(_module("peta", depends_on=("lalu-lintas",)))

    errors = registry_check()

    assert [e.id for e in errors] == ["kota.registry.E002"]
    assert "lalu-lintas" in errors[0].msg


def test_unimportable_urls_are_rejected(scratch_registry):
    catalog.module_register(_module("peta", citizen_urls="kota.nowhere.urls"))

    assert [e.id for e in registry_check()] == ["kota.registry.E004"]


def test_unimportable_callables_and_unknown_tiers_are_rejected(scratch_registry):
    catalog.module_register(_module("peta", seed="kota.nowhere.seed", plan_tier="gold"))

    assert sorted(e.id for e in registry_check()) == ["kota.registry.E003", "kota.registry.E005"]


@pytest.mark.parametrize("key", ["Peta", "p", "peta_wisata", "1peta", "peta-api", "peta-console"])
def test_keys_must_be_short_slugs(scratch_registry, key):
    catalog.module_register(_module(key))

    assert [e.id for e in registry_check()] == ["kota.registry.E006"]


@pytest.mark.parametrize("key", ["offline", "staff", "me", "accounts"])
def test_keys_that_take_a_path_of_the_shell_are_rejected(scratch_registry, key):
    catalog.module_register(_module(key))

    assert "kota.registry.E007" in [e.id for e in registry_check()]
