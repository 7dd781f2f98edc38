"""Distances, boxes and outlines on the map, without PostGIS (not in the embedded server).

Distances are great-circle (haversine) on a sphere of the Earth's mean radius: for a city,
well within a few metres of the ellipsoid's answer.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def distance_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km_expression(origin: Point):
    """An ORM expression: kilometres from ``origin`` to a row's latitude/longitude."""
    lat = Radians(F("latitude"))
    lon = Radians(F("longitude"))
    lat0 = Value(math.radians(origin.latitude), output_field=FloatField())
    lon0 = Value(math.radians(origin.longitude), output_field=FloatField())
    h = Power(Sin((lat - lat0) / 2), 2) + Cos(lat0) * Cos(lat) * Power(Sin((lon - lon0) / 2), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(h))


def box_around(origin: Point, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding the circle: an indexable pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(
        radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(origin.latitude)), 1e-6))
    )
    return BoundingBox(
        south=origin.latitude - dlat,
        west=origin.longitude - dlon,
        north=origin.latitude + dlat,
        east=origin.longitude + dlon,
    )


def point_in_outline(point: Point, outline: dict | None) -> bool:
    """Whether ``point`` lies inside a GeoJSON Polygon or MultiPolygon (a city's boundary,
    as stored from its manifest; holes are ignored). No outline: anywhere is inside."""
    if not outline:
        return True
    if outline.get("type") == "MultiPolygon":
        return any(_in_ring(point, polygon[0]) for polygon in outline["coordinates"])
    return _in_ring(point, outline["coordinates"][0])


def _in_ring(point: Point, ring: Sequence[Sequence[float]]) -> bool:
    """Ray casting over a ring of [longitude, latitude] pairs."""
    x, y = point.longitude, point.latitude
    inside = False
    ring = list(ring)
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y):
            crossing = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < crossing:
                inside = not inside
    return inside


def visiting_order(stops: Sequence, *, start: Point | None = None) -> list:
    """A short route through ``stops`` (objects with latitude and longitude): nearest
    neighbour from ``start`` (or the first stop), then improved by 2-opt. Exact for the
    few stops a trip has; never worse than the order they were added in."""
    stops = list(stops)
    if len(stops) < 3 and start is None:
        return stops

    def at(stop) -> Point:
        return Point(stop.latitude, stop.longitude)

    remaining = stops[:]
    here = start or at(remaining[0])
    route = []
    while remaining:
        nearest = min(remaining, key=lambda s: distance_km(here, at(s)))
        remaining.remove(nearest)
        route.append(nearest)
        here = at(nearest)

    def length(order) -> float:
        points = ([start] if start else []) + [at(s) for s in order]
        return sum(distance_km(a, b) for a, b in zip(points, points[1:], strict=False))

    improved = True
    while improved:
        improved = False
        for i in range(len(route) - 1):
            for j in range(i + 2, len(route) + 1):
                candidate = route[:i] + route[i:j][::-1] + route[j:]
                if length(candidate) + 1e-9 < length(route):
                    route, improved = candidate, True
    return route if length(route) <= length(stops) else stops
