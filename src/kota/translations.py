"""Translation catalogs: extract them from the code (GNU gettext), compile them (polib).

A *catalog folder* is a folder with a ``locale/`` folder in it: an app of the package
(``src/kota/<app>/``, ``src/kota/modules/<key>/``) or a theme pack (``themes/<key>/``).
Its English messages, from its Python files and templates, are translated in
``locale/id/LC_MESSAGES/django.po``.

``python -m kota.translations [ROOT ...]`` compiles the catalogs (``.po`` → ``.mo``) of
the package and of every ROOT given (the theme packs' folder), rewriting only catalogs
older than their source. Compiled catalogs are build output, not source: `make run`,
`make test` (the test plugin), `make bench` and the container build run it. It needs
neither GNU gettext nor Django settings, so a machine with only Python can build Kota.

``python -m kota.translations --extract [ROOT ...]`` (`make messages`) brings the catalog
of every catalog folder of the package and of each ROOT up to date with the code, with
Django's ``makemessages``; that needs GNU gettext (xgettext, msgmerge). A new app or theme
gets a catalog once it has a ``locale/`` folder.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent
# The languages translated from the English source; Indonesian is every city's default.
LANGUAGES = ("id",)
CATALOG = Path("LC_MESSAGES") / "django.po"
_LANGUAGE_NAMES = {"id": "Indonesian"}


class MessagesNotExtracted(Exception):
    """makemessages failed (no GNU gettext, a template it cannot read…)."""


def catalogs(*roots: Path) -> list[Path]:
    """Every ``.po`` file under the roots (the package when none is given)."""
    return sorted(
        source
        for root in roots or (PACKAGE_DIR,)
        for source in root.glob("**/locale/*/LC_MESSAGES/*.po")
    )


def translations_compile(*roots: Path) -> list[Path]:
    """Compile every catalog under ``roots`` (the package when none is given) whose .mo is
    missing or stale; return the compiled ones."""
    compiled = []
    for source in catalogs(*roots):
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        polib.pofile(str(source)).save_as_mofile(str(target))
        compiled.append(target)
    return compiled


def catalog_folders(root: Path) -> list[Path]:
    """The folders under ``root`` that keep a catalog (have a ``locale/``): the apps, the
    modules (``modules/<key>/``) and the theme packs."""
    return sorted(
        folder.parent
        for folder in root.glob("**/locale")
        if folder.is_dir() and folder.parent.parent.name != "locale"
    )


def messages_extract(folder: Path, *, language: str = "id") -> Path | None:
    """Bring ``folder``'s catalog for ``language`` up to date with its Python files and
    templates (Django's ``makemessages``: new messages added, gone ones dropped, locations
    by file only). Return the catalog, or None when the folder has no messages.

    Runs without Django settings, in a subprocess (``makemessages`` works in the current
    directory). Needs GNU gettext; raises MessagesNotExtracted with the reason otherwise.
    """
    (folder / "locale").mkdir(exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-P",  # not the folder on sys.path: an app's selectors.py is not the stdlib's
            "-m",
            "django",
            "makemessages",
            "--locale",
            language,
            "--add-location=file",
            "--no-obsolete",
            "--verbosity",
            "0",
        ],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise MessagesNotExtracted(f"makemessages failed in {folder}:\n{result.stderr}")
    catalog = folder / "locale" / language / CATALOG
    if not catalog.exists():
        return None
    _header_complete(catalog, folder=folder.name, language=language)
    return catalog


def _header_complete(catalog: Path, *, folder: str, language: str) -> None:
    """Give a new catalog a header of its own instead of gettext's placeholders (msgmerge
    keeps it from then on)."""
    text = catalog.read_text(encoding="utf-8")
    header, separator, entries = text.partition("\n\n")
    if "PACKAGE VERSION" not in header:
        return
    values = {
        "Project-Id-Version": "Kota",
        "Language-Team": _LANGUAGE_NAMES.get(language, language),
        "Language": language,
    }
    lines = [f"# Kota, {folder}: translations from the English source."]
    for line in header.splitlines():
        field = line[1:].split(":", 1)[0] if line.startswith('"') else None
        if line.startswith("#") or field in {"Last-Translator", "PO-Revision-Date"}:
            continue
        lines.append(f'"{field}: {values[field]}\\n"' if field in values else line)
    catalog.write_text("\n".join(lines) + separator + entries, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kota.translations",
        description="Compile the translation catalogs of the package and of each ROOT "
        "(.po to .mo), or extract them from the code first (--extract).",
    )
    parser.add_argument("roots", nargs="*", type=Path, metavar="ROOT", help="e.g. themes")
    parser.add_argument(
        "--extract",
        action="store_true",
        help="update the catalog of every folder with a locale/ folder from its code "
        "(needs GNU gettext)",
    )
    arguments = parser.parse_args(argv)
    roots = [PACKAGE_DIR, *arguments.roots]
    if arguments.extract:
        for folder in (folder for root in roots for folder in catalog_folders(root)):
            for language in LANGUAGES:
                messages_extract(folder, language=language)
    compiled = translations_compile(*roots)
    if compiled:
        print(f"Compiled {len(compiled)} translation catalog(s).", file=sys.stderr)


if __name__ == "__main__":
    main()
