"""Kota's settings plus two small city apps: one with two migrations, so the suite can take
a city back one real migration and bring it forward again (tests/bench/fleetapp), and a
module that proves the module contract (tests/registry/noticeboard)."""

import tempfile
from pathlib import Path

from kota.config.settings import *  # noqa: F403
from kota.config.settings import INSTALLED_APPS, MIGRATION_MODULES, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.bench.fleetapp", "tests.registry.noticeboard"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench.fleetapp", "tests.registry.noticeboard"]
MIGRATION_MODULES = {**MIGRATION_MODULES, "fleetapp": "tests.bench.fleetapp.migrations_v2"}

# The suite's uploads go to a throwaway folder (removed at the end of the session by
# tests/conftest.py), never to the checkout's .kota/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kota-test-media-"))

# No map page asks a tile server for anything: maps are drawn without a tile layer.
KOTA_MAP_TILES_URL = ""
