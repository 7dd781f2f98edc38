"""e-plesiran's reads. Citizen-facing selectors return published content only; every
list is built with a fixed number of queries (related rows are prefetched), whatever
the number of rows."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Avg, Case, Count, F, Max, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

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
    # The settings form stores an empty centre as None: that means "the city's".
    lat, lon = stored.get("map_center_lat"), stored.get("map_center_lon")
    if lat is None or lon is None:
        lat, lon = city.map_center_lat, city.map_center_lon
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
        # Meta.ordering does not apply to a query with an aggregate: say it.
        .order_by("name", "slug")
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
    names, categories and descriptions, plus name similarity for typos; best first.

    A name matches by similarity when at least two words in three asked for are like a
    word of it (every word of one or two): spellings and typos of names ("bontek",
    "Bun Tek Bio" for Boen Tek Bio) match, but one right word does not bring a place that
    lacks the others ("klenteng danau"). Single letters and "-excluded" words take no part
    in it, and a place with an excluded word stays out."""
    text = text.strip()[:100]

    def text_query(value: str):
        return SearchQuery(value, config="indonesian", search_type="websearch") | SearchQuery(
            value, config="english", search_type="websearch"
        )

    query = text_query(text)
    words = [w.strip('"') for w in text.split()]
    wanted = [w for w in words if not w.startswith("-") and sum(c.isalnum() for c in w) >= 2]
    excluded = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
    if not wanted:
        return (
            queryset.annotate(rank=SearchRank(F("search_vector"), query))
            .filter(search_vector=query)
            .order_by("-rank", "name")
        )
    wanted = wanted[:6]
    per_word = {f"_word_{i}": TrigramWordSimilarity(w, "name") for i, w in enumerate(wanted)}
    close_words = sum(
        (
            Case(When(**{f"{name}__gte": NAME_SIMILARITY_MIN}, then=1), default=0)
            for name in per_word
        ),
        Value(0),
    )
    needed = len(wanted) - len(wanted) // 3
    similar = Q(close_words__gte=needed)
    if excluded:
        similar &= ~Q(search_vector=text_query(" or ".join(excluded)))
    return (
        queryset.annotate(**per_word)
        .annotate(
            name_similarity=sum((F(name) for name in per_word), Value(0.0)) / len(per_word),
            close_words=close_words,
        )
        .annotate(rank=SearchRank(F("search_vector"), query) + F("name_similarity"))
        .filter(Q(search_vector=query) | similar)
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


def events_published(categories: Iterable[str] | None = None) -> QuerySet[Event]:
    """Published events; of ``categories`` only when given (the city's categories in
    use: an event of a category the city switched off is not shown, like its places)."""
    queryset = Event.objects.filter(status=Status.PUBLISHED).select_related("category", "venue")
    if categories is not None:
        queryset = queryset.filter(category__slug__in=list(categories))
    return queryset


def events_between(
    start: datetime,
    end: datetime,
    *,
    category: str | None = None,
    categories: Iterable[str] | None = None,
):
    """Published events that overlap [start, end), soonest first. An event that ends
    exactly at ``start`` (a night show until 00:00) is over; one of no length is in the
    range when it happens in it."""
    queryset = events_published(categories).filter(
        Q(ends_at__gt=start) | Q(starts_at__gte=start), starts_at__lt=end
    )
    if category:
        queryset = queryset.filter(category__slug=category)
    return queryset.order_by("starts_at", "slug")


def events_upcoming(
    now: datetime,
    *,
    limit: int | None = None,
    category: str | None = None,
    categories: Iterable[str] | None = None,
):
    """Events still to come or under way at ``now``."""
    queryset = events_between(
        now, now + timedelta(days=3650), category=category, categories=categories
    )
    return queryset[:limit] if limit else queryset


# --- The map ---------------------------------------------------------------------------


def map_features(city) -> dict:
    """A GeoJSON FeatureCollection of every published destination and facility of the
    city, with what a map marker needs. Three queries (the city's settings, the places,
    the facilities), whatever the number of places."""
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


# What services.trip_create makes (secrets.token_urlsafe(16)): anything else is no trip,
# and never reaches the database (a NUL byte there is an error, not "not found").
_TRIP_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")


def trip_get(token: str) -> Trip | None:
    if not _TRIP_TOKEN.fullmatch(token):
        return None
    return Trip.objects.filter(token=token).first()


def trip_route(trip: Trip, *, city, start: Point | None = None) -> list[TripLeg]:
    """The trip's published destinations in a sensible visiting order (shortest route
    found from ``start``, e.g. the visitor's location, or from the first place), with
    the distance of each leg. Places unpublished since they were picked are left out."""
    added = list(trip.stops.values_list("destination_id", flat=True))
    stops = sorted(
        destinations_published(city).filter(pk__in=added), key=lambda d: added.index(d.pk)
    )
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
    """The module's public pages for the city's sitemap (current schema): places of the
    categories the city has switched off are not public."""
    categories = plesiran_settings(connection.tenant).categories
    paths = [reverse("plesiran:home"), reverse("plesiran:events"), reverse("plesiran:map")]
    paths += [
        reverse("plesiran:destination", args=[slug])
        for slug in Destination.objects.filter(
            status=Status.PUBLISHED, category__slug__in=categories
        ).values_list("slug", flat=True)
    ]
    paths += [
        reverse("plesiran:event", args=[slug])
        for slug in events_published(categories).values_list("slug", flat=True)
    ]
    return paths


# --- Console (the officers' pages) -----------------------------------------------------


def destinations_for_console(
    *, text: str = "", status: str = "", category: str = ""
) -> QuerySet[Destination]:
    """Every destination of the city, drafts included, for the console's list: narrowed
    by a part of the name, a status and a category slug; with the category and the number
    of photos (one query for a page, whatever its length)."""
    queryset = Destination.objects.select_related("category").annotate(
        photo_count=Count("photos", distinct=True)
    )
    if text.strip():
        queryset = queryset.filter(name__icontains=text.strip()[:100])
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category__slug=category)
    return queryset.order_by("name", "slug")


def destination_for_console(slug: str) -> Destination | None:
    """A destination of the current city by slug, drafts included, with what its edit
    page shows."""
    return (
        Destination.objects.select_related("category")
        .prefetch_related("tickets", "hours", "closures")
        .filter(slug=slug)
        .first()
    )


def events_for_console(*, status: str = "", when: str = "") -> QuerySet[Event]:
    """Every event of the city, drafts included; ``when`` "upcoming" (not yet ended)
    or "past"."""
    queryset = Event.objects.select_related("category", "venue")
    if status:
        queryset = queryset.filter(status=status)
    now = timezone.now()
    if when == "upcoming":
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "slug")
    elif when == "past":
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "slug")
    return queryset


def facilities_for_console(*, text: str = "", kind: str = "", status: str = ""):
    queryset = Facility.objects.all()
    if text.strip():
        queryset = queryset.filter(name__icontains=text.strip()[:100])
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("kind", "name", "slug")


def reviews_flagged() -> QuerySet[Review]:
    """Visible reviews someone flagged, most flagged first, with the flags' reasons
    (``flag_count``; the flags prefetched, newest first)."""
    return (
        Review.objects.filter(hidden_at=None, flags__isnull=False)
        .annotate(flag_count=Count("flags", distinct=True), last_flag=Max("flags__created_at"))
        .select_related("destination", "author")
        .prefetch_related("flags")
        .order_by("-flag_count", "-last_flag", "id")
    )


def reviews_recent() -> QuerySet[Review]:
    """All reviews, hidden ones included, newest first, with their flag counts."""
    return (
        Review.objects.annotate(flag_count=Count("flags", distinct=True))
        .select_related("destination", "author", "hidden_by")
        .order_by("-created_at", "id")
    )


@dataclass(frozen=True)
class ConsoleCounts:
    destinations_published: int
    destinations_draft: int
    events_upcoming: int
    events_draft: int
    facilities: int
    reviews_flagged: int


def console_counts(now: datetime) -> ConsoleCounts:
    """The numbers of the console's overview (four queries)."""
    destinations = Destination.objects.aggregate(
        published=Count("id", filter=Q(status=Status.PUBLISHED)),
        draft=Count("id", filter=Q(status=Status.DRAFT)),
    )
    events = Event.objects.filter(ends_at__gte=now).aggregate(
        published=Count("id", filter=Q(status=Status.PUBLISHED)),
        draft=Count("id", filter=Q(status=Status.DRAFT)),
    )
    return ConsoleCounts(
        destinations_published=destinations["published"],
        destinations_draft=destinations["draft"],
        events_upcoming=events["published"],
        events_draft=events["draft"],
        facilities=Facility.objects.count(),
        reviews_flagged=Review.objects.filter(hidden_at=None, flags__isnull=False)
        .distinct()
        .count(),
    )


# --- The REST API (added by the API's part) --------------------------------------------


def facilities_filter(
    *,
    kind: str | None = None,
    bbox: BoundingBox | None = None,
    near: Point | None = None,
    radius_km: float | None = None,
) -> QuerySet[Facility]:
    """Published facilities by kind and map box; around ``near`` (within ``radius_km``,
    default NEARBY_FACILITIES_KM) nearest first with ``distance_km``."""
    if near is not None:
        queryset = facilities_near(near, radius_km=radius_km or NEARBY_FACILITIES_KM, kind=kind)
    else:
        queryset = facilities_published()
        if kind:
            queryset = queryset.filter(kind=kind)
    return _in_box(queryset, bbox) if bbox is not None else queryset


def map_features_filtered(
    city, *, categories: tuple[str, ...] = (), kinds: tuple[str, ...] = ()
) -> dict:
    """map_features narrowed to destinations of ``categories`` and facilities of
    ``kinds``; naming only one of the two leaves out the other kind of place."""
    collection = map_features(city)
    if not categories and not kinds:
        return collection

    def wanted(properties: dict) -> bool:
        if properties["type"] == "destination":
            return properties["category"] in categories
        return properties["kind"] in kinds

    return {
        "type": "FeatureCollection",
        "features": [f for f in collection["features"] if wanted(f["properties"])],
    }


def review_get_visible(*, city, public_id) -> Review | None:
    """A review visitors can see (not hidden, of a published destination of a category
    the city uses), by its public id; None otherwise."""
    return (
        Review.objects.filter(
            public_id=public_id,
            hidden_at=None,
            destination__status=Status.PUBLISHED,
            destination__category__slug__in=plesiran_settings(city).categories,
        )
        .select_related("destination", "author")
        .first()
    )


def review_of(*, destination: Destination, author) -> Review | None:
    """``author``'s review of ``destination`` (hidden or not), or None."""
    return Review.objects.filter(destination=destination, author=author).first()


def trips_of(owner) -> QuerySet[Trip]:
    """A person's trips, last changed first, each with ``stop_count``."""
    return (
        Trip.objects.filter(owner=owner)
        .annotate(stop_count=Count("stops"))
        .order_by("-updated_at", "id")
    )


def events_at(destination: Destination, now: datetime, *, limit: int = 10) -> list[Event]:
    """Published events still to come (or under way) at a destination, soonest first."""
    return list(events_upcoming(now).filter(venue=destination)[:limit])


def trip_stop_destination(trip: Trip, slug: str) -> Destination | None:
    """The destination with ``slug`` among a trip's stops, published or not (a place
    unpublished since it was picked can still be taken out of the trip)."""
    return Destination.objects.filter(slug=slug, pk__in=trip.stops.values("destination_id")).first()


def map_features_version() -> tuple:
    """What the map feed is made of, in one query: how many destinations and facilities
    the city has and when the latest of them changed. Publishing, unpublishing, editing,
    importing (all through services, which touch ``updated_at``) change it; the feed can
    be reused while it stays the same."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM plesiran_destination),"
            " (SELECT max(updated_at) FROM plesiran_destination),"
            " (SELECT count(*) FROM plesiran_facility),"
            " (SELECT max(updated_at) FROM plesiran_facility)"
        )
        count_d, latest_d, count_f, latest_f = cursor.fetchone()
    return (count_d, latest_d and latest_d.isoformat(), count_f, latest_f and latest_f.isoformat())
