"""`kota tenants apply tenants/` and `kota tenants check tenants/`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from kota.tenancy.manifests import ManifestsInvalid, manifests_apply, manifests_load


class Command(BaseCommand):
    help = "Validate (check) or create/update (apply) the cities declared in a manifest folder."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["apply", "check"])
        parser.add_argument("folder", type=Path)

    # In English, like the manifests' field names and the rest of this command's output
    # (validation messages would otherwise come in the default language, Indonesian).
    @no_translations
    def handle(self, *args, action: str, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder of city manifests.")
        try:
            if action == "check":
                specs = manifests_load(folder)
                self.stdout.write(
                    f"{len(specs)} manifest(s) valid: {', '.join(s.slug for s in specs)}"
                )
                return
            result = manifests_apply(folder)
        except ManifestsInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(invalid.problems)} problem(s) in {folder}; nothing was changed."
            ) from None
        self.stdout.write(
            f"cities created: {', '.join(result.created) or '-'}; "
            f"updated: {', '.join(result.updated) or '-'}; "
            f"unchanged: {', '.join(result.unchanged) or '-'}"
        )
