"""A small module defined in the tests, proving the module contract end to end: citizen
pages, a console page, an API route, navigation, settings, seeded defaults, sitemap."""

from django.apps import AppConfig


class NoticeboardConfig(AppConfig):
    name = "tests.registry.noticeboard"
    label = "noticeboard"

    def ready(self) -> None:
        from kota.registry.catalog import module_register
        from tests.registry.noticeboard.module import NOTICEBOARD

        module_register(NOTICEBOARD)
