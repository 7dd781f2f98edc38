"""e-plesiran at a big city's scale: 5,000 destinations and 20,000 facilities in one city.

Medians of the map's GeoJSON feed and of the near-me query (API and the citizen list),
through the Django test client in-process (routing, middleware, serialisation included),
and the destination page's first-load weight against the portal's budget.
"""

import random
import statistics
import time

DESTINATIONS = 5_000
FACILITIES = 20_000
FEED_REQUESTS = 20
NEAR_REQUESTS = 50
# Kota Tangerang's extent, roughly: every generated place lies inside this box.
SOUTH, WEST, NORTH, EAST = -6.24, 106.58, -6.12, 106.72


def _fill(city) -> str:
    from django.utils import timezone

    from kota.modules.plesiran.models import (
        Category,
        Destination,
        Facility,
        FacilityKind,
        OpeningHours,
        Photo,
        Status,
        TicketPrice,
    )
    from kota.modules.plesiran.services import search_vectors_refresh

    rng = random.Random(2026)
    categories = list(Category.objects.values_list("pk", flat=True))
    now = timezone.now()
    words = ["Taman", "Masjid", "Klenteng", "Museum", "Pasar", "Kampung", "Situ", "Galeri"]
    Destination.objects.bulk_create(
        Destination(
            slug=f"tempat-{n}",
            category_id=categories[n % len(categories)],
            name=f"{rng.choice(words)} {n}",
            description_id="Tempat wisata untuk keluarga dengan taman, kuliner dan budaya.",
            description_en="A family destination with gardens, food and culture.",
            address=f"Jl. Contoh No. {n}, Tangerang",
            latitude=rng.uniform(SOUTH, NORTH),
            longitude=rng.uniform(WEST, EAST),
            status=Status.PUBLISHED,
            published_at=now,
            amenities=["parking", "toilets"],
        )
        for n in range(DESTINATIONS)
    )
    ids = list(Destination.objects.values_list("pk", flat=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(destination_id=pk, weekday=day, opens="08:00", closes="17:00")
        for pk in ids
        for day in range(7)
    )
    TicketPrice.objects.bulk_create(
        TicketPrice(destination_id=pk, label_id="Dewasa", price_idr=10_000) for pk in ids
    )
    search_vectors_refresh()
    kinds = [k for k, _label in FacilityKind.choices]
    Facility.objects.bulk_create(
        Facility(
            slug=f"fasilitas-{n}",
            kind=kinds[n % len(kinds)],
            name=f"Fasilitas {n}",
            latitude=rng.uniform(SOUTH, NORTH),
            longitude=rng.uniform(WEST, EAST),
        )
        for n in range(FACILITIES)
    )
    # The page-weight subject: a destination with a photo (images are excluded from the
    # weight, as for the home page, but the page must carry its gallery markup).
    subject = Destination.objects.get(slug="tempat-0")
    Photo.objects.create(
        destination=subject, image="plesiran/tempat-0/foto.jpg", width=1600, height=1067
    )
    return subject.slug


def _median_ms(client, path: str, runs: int, *, cold=False, **headers) -> tuple[float, int]:
    """Median milliseconds of ``runs`` GETs of ``path`` and the size of the last answer;
    ``cold`` empties the cache before each (the map feed is kept while places stay)."""
    from django.core.cache import cache

    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path, **headers)
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings) * 1000, 1), len(response.content)


def bench_plesiran(results: list) -> None:
    from django.test import Client

    from kota.registry.services import module_enable
    from kota.tenancy.models import City
    from kota.tenancy.scope import city_scope
    from tests.portal.page_weight import PAGE_BUDGET, first_load

    city = City.objects.order_by("pk").first()
    module_enable(city=city, key="plesiran")
    city.refresh_from_db()
    with city_scope(city):
        subject = _fill(city)
    client = Client(HTTP_HOST=f"{city.slug}.localhost")
    near = f"{(SOUTH + NORTH) / 2:.5f},{(WEST + EAST) / 2:.5f}"
    lat, lon = near.split(",")

    feed = "/api/v1/plesiran/geojson/"
    feed_ms, feed_bytes = _median_ms(client, feed, FEED_REQUESTS, cold=True)
    gzip_ms, gzip_bytes = _median_ms(
        client, feed, FEED_REQUESTS, cold=True, HTTP_ACCEPT_ENCODING="gzip"
    )
    warm_ms, _size = _median_ms(client, feed, FEED_REQUESTS, HTTP_ACCEPT_ENCODING="gzip")
    results += [
        {
            "name": "plesiran_geojson_cold_median",
            "value": feed_ms,
            "unit": "ms",
            "features": DESTINATIONS + FACILITIES,
        },
        {"name": "plesiran_geojson_cold_gzip_median", "value": gzip_ms, "unit": "ms"},
        {"name": "plesiran_geojson_unchanged_gzip_median", "value": warm_ms, "unit": "ms"},
        {"name": "plesiran_geojson_size", "value": round(feed_bytes / 1024), "unit": "KB"},
        {"name": "plesiran_geojson_gzip_size", "value": round(gzip_bytes / 1024), "unit": "KB"},
    ]
    api_ms, _size = _median_ms(client, f"/api/v1/plesiran/destinations/?near={near}", NEAR_REQUESTS)
    results.append({"name": "plesiran_near_api_median", "value": api_ms, "unit": "ms"})
    radius_ms, _size = _median_ms(
        client, f"/api/v1/plesiran/destinations/?near={near}&radius=2", NEAR_REQUESTS
    )
    results.append({"name": "plesiran_near_2km_api_median", "value": radius_ms, "unit": "ms"})
    web_ms, _size = _median_ms(client, f"/plesiran/?lat={lat}&lon={lon}", NEAR_REQUESTS)
    results.append({"name": "plesiran_near_page_median", "value": web_ms, "unit": "ms"})
    weight = first_load(client, f"/plesiran/tempat/{subject}/")
    results.append(
        {
            "name": "plesiran_destination_first_load",
            "value": round(weight["total"] / 1024, 1),
            "unit": "KB gzip",
            "budget": PAGE_BUDGET // 1024,
        }
    )
    page_ms, _size = _median_ms(client, f"/plesiran/tempat/{subject}/", NEAR_REQUESTS)
    results.append({"name": "plesiran_destination_median", "value": page_ms, "unit": "ms"})
