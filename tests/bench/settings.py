"""Kota's settings plus one extra city app whose migrations the benchmark can advance."""

import os

from kota.config.settings import *  # noqa: F403
from kota.config.settings import INSTALLED_APPS, MIGRATION_MODULES, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.bench.fleetapp"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench.fleetapp"]
MIGRATION_MODULES = {
    **MIGRATION_MODULES,
    "fleetapp": f"tests.bench.fleetapp.migrations_{os.environ.get('KOTA_BENCH_MIGRATIONS', 'v1')}",
}
