"""Template loaders: the active city's theme first, then the apps' templates.

``ThemeLoader`` finds templates in ``themes/<theme>/templates/`` of the city whose schema
is active. ``ThemeCachedLoader`` is Django's cached loader with the theme key in every
cache key: the compiled ``base.html`` of one theme is never handed to a city on another,
even though one process serves every city. Configure them together::

    "loaders": [
        ("kota.theming.loaders.ThemeCachedLoader", [
            "kota.theming.loaders.ThemeLoader",
            "django.template.loaders.app_directories.Loader",
        ]),
    ]
"""

from django.core.exceptions import SuspiciousFileOperation
from django.template import Origin
from django.template.loaders import cached, filesystem
from django.utils._os import safe_join

from kota.theming.packs import theme_active, theme_active_key, theme_packs


class ThemeLoader(filesystem.Loader):
    def get_dirs(self) -> list:
        # Every theme's folder: what the development autoreloader watches.
        return [pack.templates_dir for pack in theme_packs().values()]

    def get_template_sources(self, template_name):
        # Only the active theme's folder is searched. (No shared state: the loader serves
        # every thread, each in its own city.)
        try:
            name = safe_join(theme_active().templates_dir, template_name)
        except SuspiciousFileOperation:
            return
        yield Origin(name=name, template_name=template_name, loader=self)


class ThemeCachedLoader(cached.Loader):
    def cache_key(self, template_name, skip=None) -> str:
        return f"{theme_active_key()}:{super().cache_key(template_name, skip)}"
