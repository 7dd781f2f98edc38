"""schema.org descriptions (JSON-LD) of e-plesiran's pages, for search engines and the
apps that read them. Built from rows already loaded: no queries."""

from kota.modules.plesiran.models import Destination

SCHEMA_DAYS = (
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
)


def _clock(value) -> str:
    return value.strftime("%H:%M")


def opening_hours_specification(hours) -> list[dict]:
    """One OpeningHoursSpecification per period. A period past midnight keeps its earlier
    closing time (schema.org reads it as the next day); open all day is 00:00–23:59."""
    specification = []
    for row in hours:
        opens, closes = _clock(row.opens), _clock(row.closes)
        if row.opens == row.closes:
            opens, closes = "00:00", "23:59"
        specification.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[row.weekday],
                "opens": opens,
                "closes": closes,
            }
        )
    return specification


def destination_json_ld(destination: Destination, *, url: str, image_urls: list[str], city) -> dict:
    """A TouristAttraction. ``destination`` comes from ``selectors.destinations_published``
    (hours prefetched, rating annotated); ``url`` and ``image_urls`` are absolute."""
    data = {
        "@context": "https://schema.org",
        "@type": "TouristAttraction",
        "name": destination.name,
        "description": destination.description,
        "url": url,
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": destination.latitude,
            "longitude": destination.longitude,
        },
        "address": {
            "@type": "PostalAddress",
            "streetAddress": destination.address,
            "addressLocality": city.name,
            "addressCountry": "ID",
        },
        "isAccessibleForFree": destination.is_free,
    }
    if city.province:
        data["address"]["addressRegion"] = city.province
    if image_urls:
        data["image"] = image_urls
    if destination.phone:
        data["telephone"] = destination.phone
    hours = opening_hours_specification(destination.hours.all())
    if hours:
        data["openingHoursSpecification"] = hours
    count = getattr(destination, "rating_count", 0) or 0
    if count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(float(destination.rating_average), 1),
            "reviewCount": count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data
