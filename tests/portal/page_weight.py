"""What a first visit to a page downloads, compressed, images excluded: the HTML and the
stylesheets and scripts it links. Shared by the budget test and `make bench`."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

PAGE_BUDGET = 100 * 1024  # bytes, gzip-compressed, first load without images


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_load(client, path: str) -> dict:
    """{"html": bytes, "assets": [static paths], "total": bytes} for ``path``."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content
    links = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    links += re.findall(rb'<script src="([^"]+)"', html)
    files = [finders.find(a.decode().removeprefix(settings.STATIC_URL)) for a in links]
    assert all(files), links
    assets = sum(gzip_size(Path(f).read_bytes()) for f in files)
    return {
        "html": gzip_size(html),
        "assets": [a.decode() for a in links],
        "total": gzip_size(html) + assets,
    }
