"""Loaded with ``-p`` before pytest-django configures Django: decides the environment.

Tests run against real PostgreSQL: DATABASE_URL when set, otherwise the embedded server.
The cache stays in-process and tasks run eagerly unless a test asks for the real broker.
The translation catalogs (the package's and the theme packs') are compiled first.
"""

import os

os.environ["KOTA_CACHE"] = "locmem"
os.environ["KOTA_TASKS_EAGER"] = "1"
os.environ.setdefault("KOTA_ENV", "test")

from kota import runtime  # noqa: E402
from kota.translations import PACKAGE_DIR, translations_compile  # noqa: E402

translations_compile(PACKAGE_DIR, runtime.home_dir() / "themes")
runtime.database_url_ensure()
