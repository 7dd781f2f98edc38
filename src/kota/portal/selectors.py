"""Reads for the citizen portal, its PWA and the app-config API. No query: everything comes
from the City row the router loaded and from the module registry."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from kota.registry.gating import live_modules
from kota.tenancy.localization import city_default_language, city_language_codes
from kota.theming.branding import branding_icons, branding_logo_url
from kota.theming.packs import ThemePack


@dataclass(frozen=True)
class Tile:
    """A live module on the citizen home."""

    key: str
    name: str
    summary: str
    icon: str
    url: str


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str
    url: str
    icon: str


def short_name(name: str) -> str:
    """A home-screen name: the city's name without "Kota"/"Kabupaten", at most 12 chars."""
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name[:12]


def city_languages(city) -> list[tuple[str, str]]:
    """The city's site languages as (code, name), its default first."""
    names = dict(settings.LANGUAGES)
    codes = city_language_codes(city) if city else list(names)
    return [(code, names[code]) for code in codes]


def home_tiles(*, city) -> list[Tile]:
    """The city's live modules, in registry order, as tiles of the citizen home."""
    return [
        Tile(key=m.key, name=str(m.name), summary=str(m.summary), icon=m.icon, url=m.home_path)
        for m in live_modules(city)
    ]


def site_navigation(*, city) -> list[NavLink]:
    """The city's navigation: each live module's entries, resolved in its namespace."""
    links = []
    for module in live_modules(city):
        for entry in module.navigation:
            try:
                url = reverse(f"{module.key}:{entry.url_name}")
            except NoReverseMatch:
                continue  # an entry of a module without citizen pages
            links.append(NavLink(key=module.key, label=str(entry.label), url=url, icon=module.icon))
    return links


def web_manifest_for(*, city, theme: ThemePack) -> dict:
    """The city's web app manifest (what an installed app is called and looks like)."""
    return {
        "id": "/",
        "name": city.name,
        "short_name": short_name(city.name),
        "description": city.tagline,
        "lang": city_default_language(city),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": city.primary_color,
        "background_color": theme.background,
        "icons": [
            {key: icon[key] for key in ("src", "sizes", "type", "purpose")}
            for icon in branding_icons(city, base_url="")
        ],
    }


def app_config_for(*, city, base_url: str) -> dict:
    return {
        "slug": city.slug,
        "name": city.name,
        "short_name": short_name(city.name),
        "tagline": city.tagline,
        "kind": city.kind,
        "province": city.province,
        "colors": {"primary": city.primary_color, "secondary": city.secondary_color},
        "logo_url": branding_logo_url(city, base_url=base_url),
        "icons": [
            {key: icon[key] for key in ("src", "sizes", "type", "purpose")}
            for icon in branding_icons(city, base_url=base_url)
        ],
        "languages": city_language_codes(city),
        "default_language": city_default_language(city),
        "time_zone": city.time_zone,
        "api_root": f"{base_url}/api/v1/",
        "modules": [
            {
                "key": m.key,
                "name": str(m.name),
                "summary": str(m.summary),
                "icon": m.icon,
                "api_root": base_url + m.api_root,
                "web_url": base_url + m.home_path,
            }
            for m in live_modules(city)
        ],
    }
