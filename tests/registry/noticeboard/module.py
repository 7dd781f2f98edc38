from kota.registry.modules import Module, NavEntry, Offer

NOTICEBOARD = Module(
    key="noticeboard",
    name="Papan pengumuman",
    summary="Pengumuman kota untuk warga.",
    icon="megaphone",
    plan_tier="city",
    presets=("kota",),
    citizen_urls="tests.registry.noticeboard.urls",
    console_urls="tests.registry.noticeboard.console_urls",
    api_urls="tests.registry.noticeboard.api_urls",
    navigation=(NavEntry("Pengumuman", "home"),),
    settings_form="tests.registry.noticeboard.forms.NoticeboardSettingsForm",
    seed="tests.registry.noticeboard.services.notices_seed",
    sitemap_paths="tests.registry.noticeboard.selectors.notice_paths",
    personal_data_erase="tests.registry.noticeboard.services.notices_anonymise",
    # Stands in for the reports module: e-plesiran links to it from a destination's page.
    offers=(Offer("report-at-location", "home", params=("lat", "lon", "title")),),
)
