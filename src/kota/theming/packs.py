"""Theme packs: folders under ``themes/`` with a ``theme.toml``; a new theme needs no code.

A pack's ``theme.toml`` gives its name, a description (text, or a table of language →
text), its default brand colours, its page colours and its font stacks::

    name = "Kota"
    description = { en = "Clean and neutral…", id = "Bersih dan netral…" }

    [colors]
    primary = "#0b5394"      # default brand colours for a city that picks this theme
    secondary = "#f1c232"
    background = "#ffffff"   # the page
    surface = "#ffffff"      # cards and tiles
    text = "#1b1b1b"         # body text, on background and surface
    muted = "#4f5660"        # secondary text, on background and surface

    [fonts]
    body = "system-ui, sans-serif"
    headings = "Georgia, serif"

Optional ``templates/`` override the base templates for cities on the theme
(kota.theming.loaders); optional ``static/`` is served under ``/static/themes/<key>/``, and
``static/theme.css``, when present, is the theme's stylesheet. Packs are read once per
process; a pack with a problem is left out and reported by the ``kota.theming`` system
check, so the server does not start with it.
"""

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

from kota.theming.contrast import (
    AA_NORMAL_TEXT,
    contrast_ratio,
    hex_normalise,
    ratio_label,
    text_on,
)

DEFAULT_THEME = "default"
STYLESHEET = "theme.css"
KEY_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
# A CSS font stack: family names, quotes, commas, spaces, hyphens. Nothing that could end a
# declaration or a <style> element: the stack is written into the page as it is.
_FONT_STACK = re.compile(r"[A-Za-z0-9 ,'\"-]{1,200}")
_TOP_LEVEL = {"name", "description", "colors", "fonts"}
_COLOR_DEFAULTS = {
    "background": "#ffffff",
    "surface": "#ffffff",
    "text": "#1b1b1b",
    "muted": "#4f5660",
}
_SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


class ThemePackInvalid(ValueError):
    """A theme.toml that cannot be used; the message says which field and why."""


@dataclass(frozen=True)
class ThemePack:
    key: str
    name: str
    # Language code → text; "en" is the fallback.
    descriptions: dict[str, str] = field(compare=False)
    primary: str
    secondary: str
    background: str
    surface: str
    text: str
    muted: str
    font_body: str
    font_headings: str
    folder: Path
    # Static path of the theme's stylesheet (``themes/<key>/theme.css``), if it has one.
    stylesheet: str | None = None

    @property
    def description(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return self.descriptions.get(language) or self.descriptions.get("en", "")

    @property
    def templates_dir(self) -> Path:
        return self.folder / "templates"


def themes_dir() -> Path:
    return Path(settings.KOTA_HOME) / "themes"


def theme_pack_read(folder: Path) -> ThemePack:
    """Read and validate one pack; raise ThemePackInvalid naming the bad field."""
    key = folder.name
    if not KEY_PATTERN.fullmatch(key):
        raise ThemePackInvalid(
            f"folder name {key!r}: use lowercase letters, digits and hyphens (at most 40)"
        )
    try:
        with (folder / "theme.toml").open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemePackInvalid(f"theme.toml cannot be read: {error}") from error

    unknown = sorted(set(data) - _TOP_LEVEL)
    if unknown:
        raise ThemePackInvalid(f"unknown field {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 60:
        raise ThemePackInvalid("name: required text of at most 60 characters")
    descriptions = _descriptions(data.get("description", ""))
    colors = _colors(_table(data, "colors"))
    fonts = _table(data, "fonts")
    unknown = sorted(set(fonts) - {"body", "headings"})
    if unknown:
        raise ThemePackInvalid(f"unknown field 'fonts.{unknown[0]}'")
    font_body = _font_stack(fonts.get("body", _SYSTEM_FONTS), "fonts.body")
    font_headings = _font_stack(fonts.get("headings", font_body), "fonts.headings")
    stylesheet = (
        f"themes/{key}/{STYLESHEET}" if (folder / "static" / STYLESHEET).is_file() else None
    )
    return ThemePack(
        key=key,
        name=name.strip(),
        descriptions=descriptions,
        folder=folder,
        stylesheet=stylesheet,
        font_body=font_body,
        font_headings=font_headings,
        **colors,
    )


@functools.cache
def _scan() -> tuple[dict[str, ThemePack], dict[str, str]]:
    packs, problems = {}, {}
    for toml in sorted(themes_dir().glob("*/theme.toml")):
        try:
            pack = theme_pack_read(toml.parent)
        except ThemePackInvalid as error:
            problems[toml.parent.name] = str(error)
        else:
            packs[pack.key] = pack
    return packs, problems


def theme_packs() -> dict[str, ThemePack]:
    """Every valid pack by key, the default first, then by name."""
    packs = _scan()[0]
    return dict(sorted(packs.items(), key=lambda kv: (kv[0] != DEFAULT_THEME, kv[1].name)))


def theme_pack_problems() -> dict[str, str]:
    """Folder name → why its pack was left out."""
    return dict(_scan()[1])


def theme_keys() -> frozenset[str]:
    """Keys (folder names) of every valid theme pack."""
    return frozenset(_scan()[0])


def theme_pack(key: str | None) -> ThemePack:
    """The pack ``key``, or the default pack when there is no such (valid) pack."""
    packs = _scan()[0]
    return packs.get(key or DEFAULT_THEME) or packs[DEFAULT_THEME]


def theme_active_key() -> str:
    """The theme of the city whose schema is active (django-tenants sets ``connection.tenant``
    per request; ``city_scope`` does too). The platform's pages use the default theme."""
    key = getattr(getattr(connection, "tenant", None), "theme", None)
    return key if key in _scan()[0] else DEFAULT_THEME


def theme_active() -> ThemePack:
    return theme_pack(theme_active_key())


def packs_reload() -> None:
    """Forget what was read (a theme folder changed)."""
    _scan.cache_clear()


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ThemePackInvalid(f"{key}: must be a table")
    return value


def _descriptions(value) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) <= 300 for k, v in value.items()
    ):
        raise ThemePackInvalid("description: text, or a table of language = text (≤ 300 chars)")
    return {k: v.strip() for k, v in value.items()}


def _colors(table: dict) -> dict[str, str]:
    unknown = sorted(set(table) - {"primary", "secondary", *_COLOR_DEFAULTS})
    if unknown:
        raise ThemePackInvalid(f"unknown field 'colors.{unknown[0]}'")
    colors = {}
    for name in ("primary", "secondary", *_COLOR_DEFAULTS):
        if name not in table and name not in _COLOR_DEFAULTS:
            raise ThemePackInvalid(f"colors.{name}: required")
        try:
            colors[name] = hex_normalise(table.get(name, _COLOR_DEFAULTS.get(name)))
        except ValueError as error:
            raise ThemePackInvalid(f"colors.{name}: a colour as #rgb or #rrggbb") from error
    for name in ("primary", "secondary"):
        best = text_on(colors[name])
        if best.ratio < AA_NORMAL_TEXT:
            raise ThemePackInvalid(
                f"colors.{name}: no text colour reads on it at WCAG AA "
                f"(best {ratio_label(best.ratio)})"
            )
    # Every pair the theme's pages put together must read at WCAG AA.
    for fore in ("text", "muted"):
        for back in ("background", "surface"):
            ratio = contrast_ratio(colors[fore], colors[back])
            if ratio < AA_NORMAL_TEXT:
                raise ThemePackInvalid(
                    f"colors.{fore} on colors.{back} has contrast {ratio_label(ratio)}; "
                    f"WCAG AA needs at least {ratio_label(AA_NORMAL_TEXT)}"
                )
    return colors


def _font_stack(value, field_name: str) -> str:
    if not isinstance(value, str) or not _FONT_STACK.fullmatch(value):
        raise ThemePackInvalid(
            f"{field_name}: a CSS font stack (letters, digits, spaces, commas, quotes, hyphens)"
        )
    return value
