"""The citizen portal: the city's home, its installable web app (manifest, service worker,
offline page) and its media files."""

import hashlib
import json

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils._os import safe_join
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kota.portal.selectors import home_tiles, web_manifest_for
from kota.theming.branding import branding_for
from kota.theming.packs import theme_active

SERVICE_WORKER_CACHE_PREFIX = "kota-"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The city's citizen home: its live modules as tiles."""
    tiles = home_tiles(city=request.city)
    return render(
        request,
        "portal/home.html",
        {"tiles": tiles, "live_keys": ",".join(tile.key for tile in tiles)},
    )


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when a page cannot be reached."""
    return render(request, "portal/offline.html")


@require_safe
def web_manifest(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        web_manifest_for(city=request.city, theme=theme_active()),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The city's service worker, from the site root so that its scope is the whole site."""
    theme = theme_active()
    branding = branding_for(request.city, theme=theme)
    precache = [
        "/offline/",
        static("kota/base.css"),
        *([static(theme.stylesheet)] if theme.stylesheet else []),
        static("kota/icons.svg"),
        *([branding.logo_url] if branding.logo_url else []),
    ]
    # A new version whenever what it caches would change: the files, the theme, the branding,
    # the language (a visitor who switches gets the offline page in their new language).
    fingerprint = json.dumps(
        [connection.schema_name, precache, request.city.updated_at.isoformat(), get_language()]
    )
    version = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
    body = render_to_string(
        "portal/sw.js",
        {
            "cache_prefix": SERVICE_WORKER_CACHE_PREFIX,
            "cache_name": f"{SERVICE_WORKER_CACHE_PREFIX}{version}",
            "offline_url": "/offline/",
            "precache_json": json.dumps(precache),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers re-check it at least daily anyway; no-cache makes them see a change at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def city_media(request: HttpRequest, schema: str, path: str) -> FileResponse:
    """A file of this city's media storage (MEDIA_ROOT/<schema>/), and only of this city's:
    another city's folder is not found here, whatever the path says."""
    if schema != connection.schema_name:
        raise Http404
    try:
        full_path = safe_join(default_storage.location, path)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    try:
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404 from error
    response = FileResponse(handle)
    # Branding files are named by their content's hash: they never change under a name.
    if path.startswith("branding/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    # Never run anything from an upload, whatever a browser may guess it to be.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
