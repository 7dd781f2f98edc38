from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "kota.tenancy"
    label = "tenancy"
    verbose_name = _("Cities")

    def ready(self) -> None:
        from kota.tenancy import routing

        routing.connect_invalidation()
