"""`kota migrate`: migrate public, the template schema and every city.

Replaces Django's and django-tenants' ``migrate`` (Kota's tenancy app comes before both
in INSTALLED_APPS), so test-database creation uses it too.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.autodetector import MigrationAutodetector

from kota.tenancy.fleet import fleet_migrate


class Command(BaseCommand):
    autodetector = MigrationAutodetector  # must match makemigrations' (a Django check)
    help = "Apply migrations to public, the template schema and every city (only where needed)."

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=None, help="Parallel workers for cities.")
        parser.add_argument("--database", default="default", help="Only 'default' is supported.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--run-syncdb", action="store_true", help="Accepted for compatibility.")

    def handle(self, *args, **options):
        if options["database"] != "default":
            raise CommandError("Kota keeps every schema in the 'default' database.")
        verbosity = options["verbosity"]
        report = fleet_migrate(jobs=options["jobs"], verbosity=max(verbosity - 1, 0))
        if verbosity:
            self.stdout.write(
                f"public: {'migrated' if report.public_migrated else 'up to date'}; "
                f"template: {'migrated' if report.template_migrated else 'up to date'}; "
                f"platform: {'migrated' if report.platform_migrated else 'up to date'}; "
                f"cities: {report.cities_total} total, {len(report.cities_migrated)} migrated, "
                f"{len(report.cities_failed)} failed"
            )
        for schema, error in sorted(report.cities_failed.items()):
            self.stderr.write(f"{schema}: {error}")
        if not report.ok:
            raise CommandError(f"{len(report.cities_failed)} city schema(s) failed to migrate.")
