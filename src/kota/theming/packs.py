"""Theme packs: folders under ``themes/`` with a ``theme.toml``; a new theme needs no code."""

import functools
import tomllib
from pathlib import Path

from django.conf import settings


def themes_dir() -> Path:
    return Path(settings.KOTA_HOME) / "themes"


@functools.cache
def theme_keys() -> frozenset[str]:
    """Keys (folder names) of every theme pack that has a readable ``theme.toml``."""
    keys = set()
    for folder in sorted(themes_dir().glob("*/theme.toml")):
        with folder.open("rb") as handle:
            tomllib.load(handle)
        keys.add(folder.parent.name)
    return frozenset(keys)
