from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kota.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kota.accounts.services import city_admin_ensure, roles_seed
        from kota.tenancy.seeding import register_city_admin_handler, register_city_seeder

        register_city_seeder(roles_seed)
        register_city_admin_handler(city_admin_ensure)
