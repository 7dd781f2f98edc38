"""Compile the translation catalogs (``locale/*/LC_MESSAGES/*.po`` → ``.mo``).

Compiled catalogs are build output, not source: `make run`, `make test`, the test plugin
and the container build call this, and it rewrites only catalogs older than their
source. It needs no GNU gettext tools, so a machine with only Python can build Kota.
"""

import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent


def catalogs(root: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


def translations_compile(root: Path = PACKAGE_DIR) -> list[Path]:
    """Compile every catalog under ``root`` whose .mo is missing or stale; return them."""
    compiled = []
    for source in catalogs(root):
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        polib.pofile(str(source)).save_as_mofile(str(target))
        compiled.append(target)
    return compiled


def main() -> None:
    compiled = translations_compile()
    if compiled:
        print(f"Compiled {len(compiled)} translation catalog(s).", file=sys.stderr)


if __name__ == "__main__":
    main()
