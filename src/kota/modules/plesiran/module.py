"""e-plesiran's description for the registry: everything the platform knows about it."""

from django.utils.translation import gettext_lazy as _

from kota.registry.modules import Module, NavEntry

PLESIRAN = Module(
    key="plesiran",
    name=_("Tourism"),
    summary=_("Places to visit, events and the facilities around them, on a map."),
    icon="map",
    plan_tier="city",
    presets=("kota", "kabupaten"),
    citizen_urls="kota.modules.plesiran.urls",
    console_urls="kota.modules.plesiran.console_urls",
    api_urls="kota.modules.plesiran.api.urls",
    navigation=(
        NavEntry(_("Places to visit"), "home"),
        NavEntry(_("Events"), "events"),
        NavEntry(_("Map"), "map"),
    ),
    settings_form="kota.modules.plesiran.forms.PlesiranSettingsForm",
    seed="kota.modules.plesiran.services.plesiran_seed",
    content_load="kota.modules.plesiran.imports.content_load",
    sitemap_paths="kota.modules.plesiran.selectors.plesiran_sitemap_paths",
    personal_data_erase="kota.modules.plesiran.services.plesiran_personal_data_erase",
)
