"""A city's branding on top of its theme: colours, logo, favicon and app icons.

Everything here is computed from the City row the router already loaded and from the
theme pack in memory: no query. Colours become CSS custom properties (``--kota-primary``,
``--kota-on-primary``, …); text colours on the brand colours are white or near-black,
whichever reads better (kota.theming.contrast).

A city with a logo has app icons made from it (stored by kota.theming.services); a city
without one gets icons drawn from its initials on its primary colour, served by
kota.theming.views.initials_icon at a URL that changes whenever they would.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from kota.tenancy.scope import city_scope
from kota.theming.contrast import AA_NORMAL_TEXT, contrast_ratio, text_on
from kota.theming.packs import ThemePack, theme_pack

ICON_VARIANTS = {
    # variant: (size, purpose)
    "any-192": (192, "any"),
    "any-512": (512, "any"),
    "maskable-512": (512, "maskable"),
}
# The words of an official name that are not the place's own name.
_KIND_WORDS = {"kota", "kabupaten", "kab.", "kab"}


@dataclass(frozen=True)
class Branding:
    primary: str
    secondary: str
    on_primary: str
    on_secondary: str
    # Links and accents on the page: the primary colour when it reads on the theme's page
    # and card colours, else the theme's text colour.
    accent: str
    logo_url: str | None
    favicon_url: str
    touch_icon_url: str


def branding_for(city, *, theme: ThemePack | None = None) -> Branding:
    """The branding of ``city`` (None: the platform's own pages, in the theme's colours)."""
    theme = theme or theme_pack(getattr(city, "theme", None))
    primary = city.primary_color if city else theme.primary
    secondary = city.secondary_color if city else theme.secondary
    readable = all(
        contrast_ratio(primary, back) >= AA_NORMAL_TEXT
        for back in (theme.background, theme.surface)
    )
    icons = {icon["variant"]: icon["src"] for icon in branding_icons(city, base_url="")}
    favicon_url = _media_url(city, city.favicon) if city and city.favicon else None
    return Branding(
        primary=primary,
        secondary=secondary,
        on_primary=text_on(primary).color,
        on_secondary=text_on(secondary).color,
        accent=primary if readable else theme.text,
        logo_url=branding_logo_url(city, base_url=""),
        favicon_url=favicon_url or icons.get("any-192", ""),
        touch_icon_url=icons.get("any-192", ""),
    )


def branding_css_variables(branding: Branding, theme: ThemePack) -> SafeString:
    """The ``:root`` rule that puts the branding and the theme's colours and fonts into CSS.

    Safe to write into a ``<style>`` element as it is: colours are validated hex values and
    font stacks are checked against a strict pattern when the pack is read.
    """
    values = {
        "primary": branding.primary,
        "on-primary": branding.on_primary,
        "secondary": branding.secondary,
        "on-secondary": branding.on_secondary,
        "accent": branding.accent,
        "bg": theme.background,
        "surface": theme.surface,
        "text": theme.text,
        "muted": theme.muted,
        "font-body": theme.font_body,
        "font-headings": theme.font_headings,
    }
    body = "".join(f"--kota-{name}:{value};" for name, value in values.items())
    return mark_safe(":root{" + body + "}")  # noqa: S308 - validated values only, see above


def branding_logo_url(city, *, base_url: str) -> str | None:
    """Absolute URL of the city's logo (``base_url`` is ``scheme://host``), or None."""
    if city is None or not city.logo:
        return None
    return base_url + _media_url(city, city.logo)


def branding_icons(city, *, base_url: str) -> list[dict]:
    """The city's app icons as web app manifest entries (``src``, ``sizes``, ``type``,
    ``purpose``) plus ``variant``; from its logo, or drawn from its initials."""
    if city is None:
        return []
    icons = []
    for variant, (size, purpose) in ICON_VARIANTS.items():
        stored = (city.icons or {}).get(variant) if city.logo else None
        if stored:
            path = _media_url(city, stored)
        else:
            path = reverse(
                "theming:initials-icon",
                kwargs={"variant": variant},
                urlconf=settings.KOTA_CITY_URLCONF,
            )
            path += "?v=" + initials_version(city)
        icons.append(
            {
                "src": base_url + path,
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
                "variant": variant,
            }
        )
    return icons


def initials_for(name: str) -> str:
    """One or two capital letters for a city's icon: "Kota Tangerang Selatan" → "TS"."""
    words = [w for w in name.split() if w.lower() not in _KIND_WORDS and w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "K"


def initials_version(city) -> str:
    """Changes whenever the initials icon would look different."""
    text = f"{initials_for(city.name)}|{city.primary_color}|{text_on(city.primary_color).color}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _media_url(city, name: str) -> str:
    # The storage names a file by the active schema's folder: be in the city's.
    if connection.schema_name == city.schema_name:
        return default_storage.url(name)
    with city_scope(city):
        return default_storage.url(name)
