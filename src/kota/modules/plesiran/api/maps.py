"""GET geojson/: every published place of the city as a GeoJSON FeatureCollection, for
maps (the site's own map reads it too)."""

import hashlib
import json

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from kota.modules.plesiran import selectors
from kota.modules.plesiran.api.params import MapParamsSerializer, params_parse

# Browsers and apps may reuse the feed this long; publishing shows on maps after it.
_SLUG = "__slug__"


FEED_CACHE_SECONDS = 3600


class MapFeaturesApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="plesiran_geojson",
        summary="Map of places (GeoJSON)",
        description="Every published destination and facility as a GeoJSON "
        "FeatureCollection of Points ([longitude, latitude]). Each feature's properties: "
        "`type` (`destination` or `facility`), `slug`, `name`, and `category` (with the "
        "page's `url`) for destinations or `kind` for facilities. Served as "
        "`application/geo+json` with an ETag: caches must revalidate (send If-None-Match "
        "for a 304), so a place an officer publishes is on the next map load.",
        parameters=[MapParamsSerializer],
        responses={
            (200, "application/geo+json"): OpenApiTypes.OBJECT,
            304: OpenApiResponse(description="Unchanged since the ETag sent."),
            400: OpenApiResponse(description="An unknown category or kind."),
        },
        tags=["plesiran"],
    )
    def get(self, request: Request) -> HttpResponse:
        city = request.city
        settings = selectors.plesiran_settings(city)
        params = params_parse(MapParamsSerializer, request, categories=settings.categories)
        categories, kinds = params.get("category", ()), params.get("kind", ())
        # The body is kept per city, host and filters for as long as the city's places
        # stay the same (their count and latest change), so an unchanged feed costs one
        # query, and a place an officer publishes is on the next load.
        version = (settings.categories, selectors.map_features_version())
        key = (
            "plesiran:geojson:"
            + hashlib.sha256(
                repr(
                    (
                        city.schema_name,
                        request.scheme,
                        request.get_host(),
                        categories,
                        kinds,
                        version,
                    )
                ).encode()
            ).hexdigest()
        )
        # The feed is large (a city's every place) and public: compressed, it is about a
        # tenth of its size on a phone's connection (it holds no secret for BREACH to
        # find), and kept compressed, so an unchanged feed is not compressed again.
        compressed = "gzip" in request.headers.get("Accept-Encoding", "")
        cache_key = f"{key}:gzip" if compressed else key
        body = cache.get(cache_key)
        if body is None:
            body = self._body(request, city, categories, kinds)
            if compressed:
                body = compress_string(body)
            cache.set(cache_key, body, FEED_CACHE_SECONDS)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if etag in _etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="application/geo+json")
            if compressed:
                response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    @staticmethod
    def _body(request: Request, city, categories, kinds) -> bytes:
        collection = selectors.map_features_filtered(city, categories=categories, kinds=kinds)
        page = request.build_absolute_uri(reverse("plesiran:destination", args=[_SLUG]))
        for feature in collection["features"]:
            properties = feature["properties"]
            if properties["type"] == "destination":
                properties["url"] = page.replace(_SLUG, properties["slug"])
        return json.dumps(collection, separators=(",", ":")).encode()


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
