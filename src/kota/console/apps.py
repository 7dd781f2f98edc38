from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "kota.console"
    label = "console"
    verbose_name = _("City console")
