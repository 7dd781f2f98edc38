from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kota.registry"
    label = "registry"
    verbose_name = _("Modules")

    def ready(self) -> None:
        from kota.registry import checks  # noqa: F401 - registers the system check
        from kota.registry.services import modules_seed_enabled
        from kota.tenancy.seeding import register_city_seeder

        register_city_seeder(modules_seed_enabled)
