"""e-plesiran's reads. Citizen-facing selectors return published content only; every
list is built with a fixed number of queries (related rows are prefetched), whatever
the number of rows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.urls import reverse

from kota.modules.plesiran.categories import CATEGORY_SLUGS
from kota.modules.plesiran.geo import (
    BoundingBox,
    Point,
    box_around,
    distance_km,
    distance_km_expression,
    visiting_order,
)
from kota.modules.plesiran.models import (
    Category,
    Destination,
    Event,
    Facility,
    Photo,
    Review,
    Status,
    Trip,
)
from kota.registry.services import module_settings_get

# How close a facility must be to be shown "around" a destination.
NEARBY_FACILITIES_KM = 2.0
# A name this similar (pg_trgm word similarity, 0–1) to the search text is a match even
# when the words differ: typos and spellings of names ("Boen Tek Bio", "bontek").
NAME_SIMILARITY_MIN = 0.35


# --- Settings --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlesiranSettings:
    categories: tuple[str, ...]
    map_center: Point | None
    map_zoom: int


def plesiran_settings(city) -> PlesiranSettings:
    """The city's settings for the module, with defaults: every category, and the map
    centre and zoom of the city's manifest."""
    stored = module_settings_get(city=city, key="plesiran")
    lat = stored.get("map_center_lat", city.map_center_lat)
    lon = stored.get("map_center_lon", city.map_center_lon)
    return PlesiranSettings(
        categories=tuple(stored.get("categories") or CATEGORY_SLUGS),
        map_center=Point(lat, lon) if lat is not None and lon is not None else None,
        map_zoom=int(stored.get("map_zoom") or city.map_zoom or 13),
    )


def categories_in_use(city) -> QuerySet[Category]:
    return Category.objects.filter(slug__in=plesiran_settings(city).categories)


# --- Destinations ----------------------------------------------------------------------


def destinations_published(city) -> QuerySet[Destination]:
    """Published destinations of the categories the city uses, with everything a list
    shows (category, hours, closures, tickets, the first photo, the rating)."""
    return (
        Destination.objects.filter(
            status=Status.PUBLISHED, category__slug__in=plesiran_settings(city).categories
        )
        .select_related("category")
        .prefetch_related(
            "hours",
            "closures",
            "tickets",
            Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        )
        .annotate(
            rating_average=Avg("reviews__rating", filter=Q(reviews__hidden_at=None)),
            rating_count=Count("reviews", filter=Q(reviews__hidden_at=None)),
        )
    )


def destinations_filter(
    queryset: QuerySet[Destination],
    *,
    category: str | None = None,
    text: str | None = None,
    bbox: BoundingBox | None = None,
    near: Point | None = None,
    radius_km: float | None = None,
) -> QuerySet[Destination]:
    """Narrow a destination queryset: by category slug, search text (ranked), map box,
    and distance from a point (annotated ``distance_km`` and sorted nearest first)."""
    if category:
        queryset = queryset.filter(category__slug=category)
    if bbox is not None:
        queryset = _in_box(queryset, bbox)
    if near is not None:
        if radius_km:
            queryset = _in_box(queryset, box_around(near, radius_km))

        queryset = queryset.annotate(distance_km=distance_km_expression(near))
        if radius_km:
            queryset = queryset.filter(distance_km__lte=radius_km)
    if text and text.strip():
        queryset = destinations_search(queryset, text)
        if near is not None:
            queryset = queryset.order_by("distance_km", "-rank", "name")
    elif near is not None:
        queryset = queryset.order_by("distance_km", "name")
    return queryset


def _in_box(queryset, bbox: BoundingBox):
    return queryset.filter(
        latitude__gte=bbox.south,
        latitude__lte=bbox.north,
        longitude__gte=bbox.west,
        longitude__lte=bbox.east,
    )


def destinations_search(queryset: QuerySet[Destination], text: str) -> QuerySet[Destination]:
    """Full-text search in Indonesian (stemmed: "pantai", "masjid") and English, over
    names, categories and descriptions, plus name similarity for typos; best first."""
    text = text.strip()[:100]
    query = SearchQuery(text, config="indonesian", search_type="websearch") | SearchQuery(
        text, config="english", search_type="websearch"
    )
    similarity = TrigramWordSimilarity(text, "name")
    return (
        queryset.annotate(name_similarity=similarity)
        .annotate(rank=SearchRank(F("search_vector"), query) + F("name_similarity"))
        .filter(Q(search_vector=query) | Q(name_similarity__gte=NAME_SIMILARITY_MIN))
        .order_by("-rank", "name")
    )


def destination_get_published(*, city, slug: str) -> Destination | None:
    """A published destination of ``city`` (the current schema) by slug, or None."""
    return destinations_published(city).filter(slug=slug).first()


def reviews_visible(destination: Destination) -> QuerySet[Review]:
    return destination.reviews.filter(hidden_at=None).select_related("author")


def facilities_published() -> QuerySet[Facility]:
    return Facility.objects.filter(status=Status.PUBLISHED)


def facilities_near(point: Point, *, radius_km: float = NEARBY_FACILITIES_KM, kind=None):
    """Published facilities within ``radius_km`` of ``point``, nearest first, with
    ``distance_km``."""

    queryset = _in_box(facilities_published(), box_around(point, radius_km))
    if kind:
        queryset = queryset.filter(kind=kind)
    return (
        queryset.annotate(distance_km=distance_km_expression(point))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", "name")
    )


# --- Events ----------------------------------------------------------------------------


def events_published() -> QuerySet[Event]:
    return Event.objects.filter(status=Status.PUBLISHED).select_related("category", "venue")


def events_between(start: datetime, end: datetime, *, category: str | None = None):
    """Published events that overlap [start, end), soonest first."""
    queryset = events_published().filter(starts_at__lt=end, ends_at__gte=start)
    if category:
        queryset = queryset.filter(category__slug=category)
    return queryset.order_by("starts_at", "slug")


def events_upcoming(now: datetime, *, limit: int | None = None, category: str | None = None):
    """Events still to come or under way at ``now``."""
    queryset = events_between(now, now + timedelta(days=3650), category=category)
    return queryset[:limit] if limit else queryset


# --- The map ---------------------------------------------------------------------------


def map_features(city) -> dict:
    """A GeoJSON FeatureCollection of every published destination and facility of the
    city, with what a map marker needs. Two queries, whatever the number of places."""
    categories = plesiran_settings(city).categories
    features = []
    destinations = (
        Destination.objects.filter(status=Status.PUBLISHED, category__slug__in=categories)
        .values_list("slug", "name", "category__slug", "latitude", "longitude")
        .order_by("id")
    )
    for slug, name, category, lat, lon in destinations:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "type": "destination",
                    "slug": slug,
                    "name": name,
                    "category": category,
                },
            }
        )
    facilities = (
        facilities_published()
        .values_list("slug", "name", "kind", "latitude", "longitude")
        .order_by("id")
    )
    for slug, name, kind, lat, lon in facilities:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"type": "facility", "slug": slug, "name": name, "kind": kind},
            }
        )
    return {"type": "FeatureCollection", "features": features}


# --- Trips -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TripLeg:
    destination: Destination
    # Kilometres from the previous stop (or from the start point); None for the first
    # stop of a trip without a start point.
    from_previous_km: float | None


def trip_get(token: str) -> Trip | None:
    return Trip.objects.filter(token=token).first()


def trip_route(trip: Trip, *, city, start: Point | None = None) -> list[TripLeg]:
    """The trip's published destinations in a sensible visiting order (shortest route
    found from ``start``, e.g. the visitor's location, or from the first place), with
    the distance of each leg. Places unpublished since they were picked are left out."""
    stops = list(destinations_published(city).filter(pk__in=trip.stops.values("destination_id")))
    ordered = visiting_order(stops, start=start)
    legs, here = [], start
    for destination in ordered:
        point = Point(destination.latitude, destination.longitude)
        legs.append(
            TripLeg(destination, None if here is None else round(distance_km(here, point), 2))
        )
        here = point
    return legs


# --- Sitemap ---------------------------------------------------------------------------


def plesiran_sitemap_paths() -> list[str]:
    """The module's public pages for the city's sitemap (current schema)."""
    paths = [reverse("plesiran:home"), reverse("plesiran:events"), reverse("plesiran:map")]
    # Only the places whose pages answer: published, in a category the city uses.
    categories = plesiran_settings(connection.tenant).categories
    paths += [
        reverse("plesiran:destination", args=[slug])
        for slug in Destination.objects.filter(
            status=Status.PUBLISHED, category__slug__in=categories
        ).values_list("slug", flat=True)
    ]
    paths += [
        reverse("plesiran:event", args=[slug])
        for slug in Event.objects.filter(status=Status.PUBLISHED).values_list("slug", flat=True)
    ]
    return paths
