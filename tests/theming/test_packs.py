"""Theme packs: read from themes/<key>/theme.toml, validated, a new one needs no code."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from kota.theming.checks import theme_packs_check
from kota.theming.packs import (
    ThemePackInvalid,
    packs_reload,
    theme_keys,
    theme_pack,
    theme_pack_problems,
    theme_pack_read,
    theme_packs,
)

SHIPPED = Path(settings.KOTA_HOME) / "themes"
MINIMAL = """
name = "Laut"
description = "Deep blue."
[colors]
primary = "#003049"
secondary = "#FCBF49"
"""


@pytest.fixture
def themes_home(settings, tmp_path):
    """A KOTA_HOME of its own with a copy of the default theme; packs are re-read."""
    shutil.copytree(SHIPPED / "default", tmp_path / "themes" / "default")
    settings.KOTA_HOME = tmp_path
    packs_reload()
    yield tmp_path / "themes"
    packs_reload()


def _theme(themes: Path, key: str, toml: str) -> Path:
    folder = themes / key
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(toml)
    return folder


def test_shipped_packs_are_read_with_their_colours_fonts_and_stylesheet():
    default, pesisir = theme_pack("default"), theme_pack("pesisir")

    assert theme_keys() == frozenset({"default", "pesisir"})
    assert list(theme_packs()) == ["default", "pesisir"]
    assert (default.name, default.primary, default.secondary) == ("Kota", "#0b5394", "#f1c232")
    assert (pesisir.name, pesisir.primary, pesisir.background) == ("Pesisir", "#006d77", "#f7f0e3")
    assert pesisir.font_headings.startswith("Georgia")
    assert default.font_headings.startswith("system-ui")
    assert default.stylesheet == "themes/default/theme.css"
    assert pesisir.stylesheet == "themes/pesisir/theme.css"
    assert pesisir.templates_dir == SHIPPED / "pesisir" / "templates"
    assert theme_pack_problems() == {}
    assert theme_packs_check() == []


def test_description_follows_the_language():
    pack = theme_pack("pesisir")

    with translation.override("en"):
        english = pack.description
    with translation.override("id"):
        indonesian = pack.description

    assert english.startswith("Coastal and warm")
    assert indonesian.startswith("Pesisir dan hangat")


def test_unknown_theme_falls_back_to_default():
    assert theme_pack("nowhere").key == "default"
    assert theme_pack(None).key == "default"


def test_new_theme_folder_is_a_theme_without_code(themes_home):
    _theme(themes_home, "laut", MINIMAL)

    pack = theme_pack("laut")
    assert theme_keys() == frozenset({"default", "laut"})
    assert (pack.name, pack.description, pack.secondary) == ("Laut", "Deep blue.", "#fcbf49")
    assert (pack.background, pack.text) == ("#ffffff", "#1b1b1b")  # the defaults
    assert pack.stylesheet is None


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("shadow = true\n" + MINIMAL, "unknown field 'shadow'"),
        (MINIMAL + "shadow = true\n", "unknown field 'colors.shadow'"),
        (MINIMAL.replace('"#003049"', '"blue"'), "colors.primary: a colour as #rgb or #rrggbb"),
        (MINIMAL.replace('primary = "#003049"\n', ""), "colors.primary: required"),
        (
            MINIMAL + 'text = "#999999"\n',
            "colors.text on colors.background has contrast 2.8:1; WCAG AA needs at least 4.5:1",
        ),
        (
            MINIMAL.replace('"#003049"', '"#7a7a7a"'),
            "colors.primary: no text colour reads on it at WCAG AA (best 4.4:1)",
        ),
        (
            MINIMAL + '[fonts]\nbody = "serif;} body{display:none"\n',
            "fonts.body: a CSS font stack (letters, digits, spaces, commas, quotes, hyphens)",
        ),
        (
            MINIMAL.replace('name = "Laut"', 'name = ""'),
            "name: required text of at most 60 characters",
        ),
        ("name = ", None),  # not TOML at all
    ],
)
def test_bad_pack_is_left_out_and_stops_the_system_check(themes_home, toml, problem):
    _theme(themes_home, "laut", toml)

    problems = theme_pack_problems()
    errors = theme_packs_check()

    assert theme_keys() == frozenset({"default"})
    assert list(problems) == ["laut"]
    if problem:
        assert problems["laut"] == problem
    else:
        assert problems["laut"].startswith("theme.toml cannot be read:")
    assert [(e.id, e.msg) for e in errors] == [
        ("kota.theming.E001", f"Theme pack 'laut': {problems['laut']}.")
    ]


def test_folder_name_must_be_a_theme_key(tmp_path):
    folder = _theme(tmp_path, "Laut_Biru", MINIMAL)

    with pytest.raises(ThemePackInvalid, match="folder name 'Laut_Biru'"):
        theme_pack_read(folder)


def test_missing_default_theme_stops_the_system_check(themes_home):
    shutil.rmtree(themes_home / "default")
    _theme(themes_home, "laut", MINIMAL)

    errors = theme_packs_check()

    assert [e.id for e in errors] == ["kota.theming.E002"]
