from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemingConfig(AppConfig):
    name = "kota.theming"
    label = "theming"
    verbose_name = _("Themes and branding")

    def ready(self) -> None:
        from kota.theming import checks  # noqa: F401 - registers the system check
