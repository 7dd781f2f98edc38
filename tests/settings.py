"""Kota's settings plus one small city app with two migrations, so the suite can take a
city back one real migration and bring it forward again (tests/bench/fleetapp)."""

from kota.config.settings import *  # noqa: F403
from kota.config.settings import INSTALLED_APPS, MIGRATION_MODULES, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.bench.fleetapp"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench.fleetapp"]
MIGRATION_MODULES = {**MIGRATION_MODULES, "fleetapp": "tests.bench.fleetapp.migrations_v2"}
