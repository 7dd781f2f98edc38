from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlesiranConfig(AppConfig):
    name = "kota.modules.plesiran"
    label = "plesiran"
    verbose_name = _("e-plesiran")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kota.modules.plesiran.module import PLESIRAN
        from kota.registry.catalog import module_register

        module_register(PLESIRAN)
