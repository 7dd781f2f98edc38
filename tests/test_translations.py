"""The translation catalogs: complete, clean, in step with the code, and compiled for the
apps and the theme packs alike.

Every app of the package and every theme pack with translatable text keeps a catalog in
its ``locale/`` folder (`make messages` brings them up to date); the Indonesian one must
translate everything, with the same placeholders as the English source.
"""

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from kota.translations import (
    PACKAGE_DIR,
    catalog_folders,
    messages_extract,
    translations_compile,
)
from kota.translations import main as translations_main

THEMES_DIR = Path(settings.KOTA_HOME) / "themes"
# Every app: the platform's (src/kota/<app>/) and the modules (src/kota/modules/<key>/).
APP_FOLDERS = sorted(path.parent for path in PACKAGE_DIR.glob("**/apps.py"))
THEME_FOLDERS = sorted(path.parent for path in THEMES_DIR.glob("*/theme.toml"))
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge")

# %(name)s, %d, %s…: what Python's % operator fills in (python-format messages).
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<kind>[diouxXeEfFgGcrsa%])"
)
# {name}: what str.format, or the branding preview's script, fills in.
_BRACES = re.compile(r"\{(\w*)\}")
# {{ name }}: a template variable, which a translation must not bring in.
_TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def _catalogs() -> list[Path]:
    return sorted(
        folder / "locale" / "id" / "LC_MESSAGES" / "django.po"
        for folder in [*catalog_folders(PACKAGE_DIR), *catalog_folders(THEMES_DIR)]
    )


def _label(path: Path) -> str:
    return str(
        path.relative_to(settings.KOTA_HOME) if path.is_relative_to(settings.KOTA_HOME) else path
    )


def _placeholders(text: str, flags: list[str]) -> tuple:
    percent = Counter()
    if "python-format" in flags:
        percent = Counter(
            (match["name"], match["kind"])
            for match in _PERCENT.finditer(text)
            if match["kind"] != "%"
        )
    return (
        {key for key in percent if key[0] is not None},
        sorted((kind, count) for (name, kind), count in percent.items() if name is None),
        set(_BRACES.findall(text)) if "python-brace-format" in flags else set(),
        set(_TEMPLATE_VARIABLE.findall(text)),
    )


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def test_the_catalogs_cover_the_apps_and_theme_packs_that_have_text():
    labels = [_label(path) for path in _catalogs()]

    assert labels == [
        "src/kota/accounts/locale/id/LC_MESSAGES/django.po",
        "src/kota/audit/locale/id/LC_MESSAGES/django.po",
        "src/kota/billing/locale/id/LC_MESSAGES/django.po",
        "src/kota/console/locale/id/LC_MESSAGES/django.po",
        "src/kota/core/locale/id/LC_MESSAGES/django.po",
        "src/kota/modules/plesiran/locale/id/LC_MESSAGES/django.po",
        "src/kota/onboarding/locale/id/LC_MESSAGES/django.po",
        "src/kota/portal/locale/id/LC_MESSAGES/django.po",
        "src/kota/registry/locale/id/LC_MESSAGES/django.po",
        "src/kota/tenancy/locale/id/LC_MESSAGES/django.po",
        "src/kota/theming/locale/id/LC_MESSAGES/django.po",
        "themes/pesisir/locale/id/LC_MESSAGES/django.po",
    ]


@pytest.mark.parametrize("catalog", _catalogs(), ids=_label)
def test_every_message_is_translated_without_fuzzy_entries(catalog):
    po = polib.pofile(str(catalog))

    assert po.metadata["Language"] == "id"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    assert all(text.strip() for entry in po for text in _translations(entry))


@pytest.mark.parametrize("catalog", _catalogs(), ids=_label)
def test_translations_keep_the_placeholders_of_the_source(catalog):
    mismatches = [
        (entry.msgid, text)
        for entry in polib.pofile(str(catalog))
        for text in _translations(entry)
        # Indonesian has one form for singular and plural: it matches either source.
        if _placeholders(text, entry.flags)
        not in (
            _placeholders(entry.msgid, entry.flags),
            _placeholders(entry.msgid_plural or entry.msgid, entry.flags),
        )
    ]

    assert mismatches == []


def test_a_message_reads_the_same_in_every_catalog():
    """Django merges the catalogs into one per language (the themes' first): a message in
    two catalogs must not be translated two ways, or one of them silently loses."""
    seen: dict[tuple, dict[str, str]] = {}
    for catalog in _catalogs():
        for entry in polib.pofile(str(catalog)):
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            seen.setdefault(key, {})[_label(catalog)] = " | ".join(_translations(entry))

    differing = {key[1]: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert differing == {}


def test_django_serves_every_translation_as_the_catalogs_say():
    """The compiled catalogs are loaded, the themes' too, and no other catalog (Django's
    admin comes before most of Kota's apps) shadows one of their translations."""
    served = {}
    with translation.override("id"):
        for catalog in _catalogs():
            for entry in polib.pofile(str(catalog)):
                if entry.msgid_plural:
                    text = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                else:
                    text = (
                        translation.pgettext(entry.msgctxt, entry.msgid)
                        if entry.msgctxt
                        else translation.gettext(entry.msgid)
                    )
                if text != _translations(entry)[0]:
                    served[entry.msgid] = text

    assert served == {}


def test_every_theme_catalog_is_on_the_locale_paths():
    assert [Path(path) for path in settings.LOCALE_PATHS] == [
        folder / "locale" for folder in catalog_folders(THEMES_DIR)
    ]


def test_catalogs_of_every_root_given_are_compiled(tmp_path):
    """`python -m kota.translations themes` (make run, the container build) compiles the
    theme packs' catalogs as well as the package's."""
    catalog = tmp_path / "themes" / "lembah" / "locale" / "id" / "LC_MESSAGES" / "django.po"
    catalog.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "id"}
    po.append(polib.POEntry(msgid="Valley", msgstr="Lembah"))
    po.save(str(catalog))

    translations_main([str(tmp_path / "themes")])

    assert polib.mofile(str(catalog.with_suffix(".mo"))).find("Valley").msgstr == "Lembah"
    assert translations_compile(tmp_path / "themes") == []  # up to date: left alone


@pytest.fixture
def gettext_tools():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(
            f"GNU gettext ({', '.join(missing)}) is not installed: install it (e.g. "
            "`apt-get install gettext`, `brew install gettext`) to check that the "
            "translation catalogs are complete."
        )
    assert missing == [], "CI must check the catalogs: install GNU gettext."


def _extracted(folder: Path, scratch: Path) -> set[tuple]:
    """The messages of ``folder``'s code now, extracted into a copy of it."""
    copy = scratch / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    catalog = messages_extract(copy)
    return _message_keys(catalog) if catalog else set()


def _message_keys(catalog: Path) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(catalog))}


@pytest.mark.parametrize("folder", [*APP_FOLDERS, *THEME_FOLDERS], ids=_label)
def test_each_catalog_has_every_message_of_its_code(folder, tmp_path, gettext_tools):
    extracted = _extracted(folder, tmp_path)
    catalog = folder / "locale" / "id" / "LC_MESSAGES" / "django.po"

    if not (folder / "locale").is_dir():
        assert extracted == set(), (
            f"{_label(folder)} has text to translate but no catalog: "
            f"`mkdir {_label(folder)}/locale`, then `make messages` and translate it."
        )
        return
    committed = _message_keys(catalog) if catalog.exists() else set()
    missing = sorted(key[1] for key in extracted - committed)
    stale = sorted(key[1] for key in committed - extracted)
    assert (missing, stale) == ([], []), (
        f"{_label(catalog)} is not in step with the code: run `make messages`, then "
        "translate the new messages."
    )
