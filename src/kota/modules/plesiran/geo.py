"""Distances, boxes and outlines on the map, without PostGIS (not in the embedded server).

Distances are great-circle (haversine) on a sphere of the Earth's mean radius: for a city,
well within a few metres of the ellipsoid's answer.
"""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088
# Up to this many stops, visiting_order tries every order (7! = 5,040 routes).
EXACT_ROUTE_MAX_STOPS = 7


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
    # Rounding can lift h a hair above 1 for antipodal points, and asin() then fails.
    h = Least(h, Value(1.0, output_field=FloatField()))
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(h))


def box_around(origin: Point, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding the circle: an indexable pre-filter.

    The circle reaches furthest east and west poleward of its centre, so the half-width
    in longitude is asin(sin(r) / cos(latitude)), a little more than r / cos(latitude).
    A circle around a pole, or too wide for that, spans every longitude. (A box across
    the antimeridian is not split: no Indonesian city is near it.)"""
    angle = radius_km / EARTH_RADIUS_KM
    south = max(origin.latitude - math.degrees(angle), -90.0)
    north = min(origin.latitude + math.degrees(angle), 90.0)
    reach = math.sin(angle) / max(math.cos(math.radians(origin.latitude)), 1e-12)
    if angle >= math.pi / 2 or reach >= 1 or south == -90.0 or north == 90.0:
        return BoundingBox(south=south, west=-180.0, north=north, east=180.0)
    dlon = math.degrees(math.asin(reach))
    return BoundingBox(
        south=south,
        west=origin.longitude - dlon,
        north=north,
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
    """The shortest route through ``stops`` (objects with latitude and longitude), from
    ``start`` or, without one, from whichever stop makes it shortest. Every order is tried
    up to EXACT_ROUTE_MAX_STOPS stops; beyond, nearest neighbour improved by 2-opt. Never
    longer than the order the stops were given in, which wins ties."""
    stops = list(stops)
    if not stops or (len(stops) < 3 and start is None):
        return stops
    points = [Point(s.latitude, s.longitude) for s in stops]
    table = [[distance_km(a, b) for b in points] for a in points]
    # The first leg, from the start point; nothing without one.
    first = [distance_km(start, p) if start else 0.0 for p in points]

    def length(order) -> float:
        return first[order[0]] + sum(table[a][b] for a, b in itertools.pairwise(order))

    given = list(range(len(stops)))
    if len(stops) <= EXACT_ROUTE_MAX_STOPS:
        best = _shortest_order(given, first=first, table=table)
    else:
        best = _two_opt(_nearest_neighbour(given, first=first, table=table), first, table)
        if length(best) + 1e-9 >= length(given):
            best = given
    return [stops[i] for i in best]


def _shortest_order(given: list[int], *, first: list[float], table) -> tuple[int, ...]:
    """Every order of a few stops; the first shortest (in the order
    ``itertools.permutations`` gives, the given order first) wins."""
    best, best_length = tuple(given), math.inf
    for order in itertools.permutations(given):
        total = first[order[0]]
        for a, b in itertools.pairwise(order):
            total += table[a][b]
            if total >= best_length - 1e-9:
                break
        else:
            if total < best_length - 1e-9:
                best, best_length = order, total
    return best


def _nearest_neighbour(given: list[int], *, first: list[float], table) -> list[int]:
    remaining = given[:]
    here = min(remaining, key=lambda i: first[i])
    route = [here]
    remaining.remove(here)
    while remaining:
        here = min(remaining, key=lambda i: table[here][i])
        remaining.remove(here)
        route.append(here)
    return route


def _two_opt(route: list[int], first: list[float], table) -> list[int]:
    """Reverse any stretch of the route that makes it shorter, until none does. Only the
    two legs at the stretch's ends change (distances are symmetric)."""
    n = len(route)
    improved = True
    while improved:
        improved = False
        for i in range(n - 1):
            for j in range(i + 2, n + 1):
                head, tail = route[i], route[j - 1]
                before = first[head] if i == 0 else table[route[i - 1]][head]
                after = first[tail] if i == 0 else table[route[i - 1]][tail]
                if j < n:
                    before += table[tail][route[j]]
                    after += table[head][route[j]]
                if after + 1e-9 < before:
                    route[i:j] = route[i:j][::-1]
                    improved = True
    return route


def point_parse(text: str) -> Point | None:
    """``"-6.1781,106.63"`` → Point; None when it is not a latitude and a longitude."""
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError:
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Point(latitude, longitude)


def directions_url(
    stops: Sequence, *, start: Point | None = None, travel_mode: str | None = None
) -> str:
    """A route through ``stops`` (objects with latitude and longitude), in order, in the
    visitor's map app: Google Maps' universal link opens the app on phones, the website
    elsewhere. Without ``start``, from wherever the phone is."""

    def position(point) -> str:
        return f"{point.latitude:.6f},{point.longitude:.6f}"

    query = {"api": "1", "destination": position(stops[-1])}
    if travel_mode:
        query["travelmode"] = travel_mode
    if start is not None:
        query["origin"] = position(start)
    if len(stops) > 1:
        query["waypoints"] = "|".join(position(stop) for stop in stops[:-1])
    return "https://www.google.com/maps/dir/?" + urlencode(query, safe=",")
