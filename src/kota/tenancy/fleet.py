"""Migrating every schema: public, then the template, then all cities in parallel.

One catalog query decides which schemas have anything to apply, so a run with nothing to
do costs a fraction of a second however many cities there are; only stale schemas are
migrated, spread over worker processes.
"""

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, connections

from kota.tenancy import schemas
from kota.tenancy.models import City

logger = logging.getLogger(__name__)

# Cities per unit of work handed to a worker: small enough to balance, large enough
# that a worker's per-chunk overhead does not matter.
_CHUNK_SIZE = 20


@dataclass
class FleetReport:
    public_migrated: bool = False
    template_migrated: bool = False
    platform_migrated: bool = False
    spares_created: int = 0
    cities_total: int = 0
    cities_migrated: list[str] = field(default_factory=list)
    cities_failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.cities_failed


def fleet_migrate(
    *, jobs: int | None = None, verbosity: int = 0, chunk_size: int = _CHUNK_SIZE
) -> FleetReport:
    """Bring public, the template and every city schema up to date."""
    report = FleetReport()
    template = schemas.template_schema()

    if not schemas.public_is_current():
        schemas.schema_migrate(schemas.PUBLIC_SCHEMA, verbosity=verbosity)
        report.public_migrated = True

    template_state = schemas.schema_migration_states([template])[template]
    if not template_state.is_current:
        schemas.template_migrate(verbosity=verbosity)
        report.template_migrated = True
    platform = settings.KOTA_PLATFORM_SCHEMA
    if not schemas.schema_migration_states([platform])[platform].is_current:
        schemas.schema_migrate(platform, verbosity=verbosity)
        report.platform_migrated = True

    # Listed after the template is current: a city provisioned from here on is cloned
    # from the new template, and one provisioned before is in this list.
    city_schemas = list(City.objects.order_by("schema_name").values_list("schema_name", flat=True))
    report.cities_total = len(city_schemas)
    states = schemas.schema_migration_states(city_schemas)

    # Spares of the old template version are dropped and re-cloned from the new one.
    report.spares_created = schemas.spares_refill()

    stale = [name for name in city_schemas if not states[name].is_current]
    if stale:
        results = _migrate_schemas(
            stale, jobs=jobs or os.cpu_count() or 1, verbosity=verbosity, chunk_size=chunk_size
        )
        for schema, error in results:
            if error is None:
                report.cities_migrated.append(schema)
            else:
                report.cities_failed[schema] = error
    return report


def _migrate_schemas(
    names: list[str], *, jobs: int, verbosity: int, chunk_size: int
) -> list[tuple[str, str | None]]:
    chunks = [names[i : i + chunk_size] for i in range(0, len(names), chunk_size)]
    if jobs <= 1 or len(chunks) == 1:
        return [item for chunk in chunks for item in _migrate_chunk(chunk, verbosity)]
    # Workers are forked: they start with Django loaded and open their own connections.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context) as pool:
        batches = pool.map(_migrate_chunk, chunks, [verbosity] * len(chunks))
        return [item for batch in batches for item in batch]


def _migrate_chunk(names: list[str], verbosity: int) -> list[tuple[str, str | None]]:
    results: list[tuple[str, str | None]] = []
    for name in names:
        try:
            schemas.schema_migrate(name, verbosity=verbosity)
        except Exception as error:  # noqa: BLE001 - report every city, keep going
            logger.exception("Migrating %s failed.", name)
            connection.close()
            results.append((name, f"{type(error).__name__}: {error}"))
        else:
            results.append((name, None))
    return results
