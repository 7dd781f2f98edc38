"""Distances, boxes, outlines and routes (kota.modules.plesiran.geo).

Reference distances are WGS84 geodesics (Vincenty's inverse formula), computed outside
the code under test; the sphere must stay within a fraction of a percent of them.
"""

import itertools
import math
import random
from dataclasses import dataclass

import pytest

from kota.modules.plesiran.geo import (
    EARTH_RADIUS_KM,
    BoundingBox,
    Point,
    box_around,
    distance_km,
    distance_km_expression,
    point_in_outline,
    visiting_order,
)
from kota.modules.plesiran.models import Destination
from kota.tenancy.scope import city_scope
from tests.modules.plesiran.conftest import destination

MONAS = Point(-6.175392, 106.827153)
ISTIQLAL = Point(-6.170166, 106.831375)
# Kota Tangerang's map centre (Pusat Pemerintahan Kota Tangerang).
TANGERANG = Point(-6.1781, 106.6300)

# Kota Tangerang's boundary as its manifest ships it ([longitude, latitude], closed).
TANGERANG_RING = [
    [106.560, -6.140],
    [106.610, -6.105],
    [106.680, -6.110],
    [106.730, -6.140],
    [106.720, -6.220],
    [106.650, -6.255],
    [106.580, -6.240],
    [106.555, -6.190],
    [106.560, -6.140],
]
TANGERANG_OUTLINE = {"type": "Polygon", "coordinates": [TANGERANG_RING]}


@dataclass
class Stop:
    name: str
    latitude: float
    longitude: float


def route_length(stops, *, start: Point | None = None) -> float:
    points = ([start] if start else []) + [Point(s.latitude, s.longitude) for s in stops]
    return sum(distance_km(a, b) for a, b in itertools.pairwise(points))


def names(stops) -> list[str]:
    return [s.name for s in stops]


def point_at(origin: Point, *, bearing_degrees: float, km: float) -> Point:
    """The point ``km`` from ``origin`` on a bearing, on the same sphere (the direct
    problem, written independently of the code under test)."""
    angle = km / EARTH_RADIUS_KM
    lat1, lon1 = math.radians(origin.latitude), math.radians(origin.longitude)
    bearing = math.radians(bearing_degrees)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    return Point(math.degrees(lat2), math.degrees(lon2))


# --- Distances -------------------------------------------------------------------------


def test_monas_to_masjid_istiqlal_is_three_quarters_of_a_kilometre():
    # Geodesic: 0.7432 km between the two centres (about 0.9 km on foot).
    assert distance_km(MONAS, ISTIQLAL) == pytest.approx(0.7432, rel=0.005)
    assert round(distance_km(MONAS, ISTIQLAL), 3) == 0.745


def test_jakarta_to_tangerang_is_within_one_percent_of_the_geodesic():
    # Geodesic: 21.822 km from Monas to Tangerang's city hall.
    assert distance_km(MONAS, TANGERANG) == pytest.approx(21.822, rel=0.01)


def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_km(MONAS, TANGERANG) == distance_km(TANGERANG, MONAS)
    assert distance_km(MONAS, MONAS) == 0.0


def test_antipodes_are_half_the_earth_apart():
    assert distance_km(Point(0, 0), Point(0, 180)) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_the_database_expression_agrees_with_python(plesiran_a):
    # Given a destination at Masjid Istiqlal
    destination(
        plesiran_a, name="Masjid Istiqlal", latitude=ISTIQLAL.latitude, longitude=ISTIQLAL.longitude
    )

    # When the database measures from Monas and from Tangerang
    with city_scope(plesiran_a):
        from_monas = Destination.objects.annotate(d=distance_km_expression(MONAS)).get().d
        from_tangerang = Destination.objects.annotate(d=distance_km_expression(TANGERANG)).get().d

    # Then it finds what Python finds
    assert from_monas == pytest.approx(distance_km(MONAS, ISTIQLAL), abs=1e-9)
    assert from_tangerang == pytest.approx(distance_km(TANGERANG, ISTIQLAL), abs=1e-9)


def test_the_database_expression_survives_the_antipode(plesiran_a):
    # Given a destination (the test city has no boundary: anywhere is inside)
    destination(plesiran_a, name="Jauh", latitude=2.5, longitude=106.6)

    # When someone asks from the exact opposite side of the Earth
    with city_scope(plesiran_a):
        far = Destination.objects.annotate(d=distance_km_expression(Point(-2.5, -73.4))).get().d

    # Then the distance is half the circumference (asin() never sees more than 1)
    assert far == pytest.approx(math.pi * EARTH_RADIUS_KM)


# --- Boxes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "radius_km"),
    [
        (TANGERANG, 0.5),
        (TANGERANG, 5.0),
        (TANGERANG, 50.0),
        (Point(69.65, 18.96), 500.0),  # Tromsø: far from the equator the box must widen
        (Point(-45.0, 170.0), 300.0),
    ],
)
def test_box_around_holds_every_point_of_the_circle(origin, radius_km):
    box = box_around(origin, radius_km)

    # A micrometre inside the circle, so that rounding at the exact edge does not count.
    edge = radius_km - 1e-9
    on_circle = [point_at(origin, bearing_degrees=b / 4, km=edge) for b in range(1440)]

    assert [p for p in on_circle if not box.contains(p.latitude, p.longitude)] == []


@pytest.mark.parametrize(("origin", "radius_km"), [(TANGERANG, 5.0), (Point(69.65, 18.96), 500.0)])
def test_box_around_is_the_smallest_box(origin, radius_km):
    box = box_around(origin, radius_km)

    on_circle = [point_at(origin, bearing_degrees=b / 100, km=radius_km) for b in range(36000)]

    assert box.north == pytest.approx(max(p.latitude for p in on_circle), abs=1e-9)
    assert box.south == pytest.approx(min(p.latitude for p in on_circle), abs=1e-9)
    assert box.east == pytest.approx(max(p.longitude for p in on_circle), abs=1e-6)
    assert box.west == pytest.approx(min(p.longitude for p in on_circle), abs=1e-6)


def test_a_box_around_a_pole_spans_every_longitude():
    box = box_around(Point(89.5, 10.0), 100.0)

    assert box == BoundingBox(
        south=pytest.approx(88.6007, abs=1e-4), west=-180.0, north=90.0, east=180.0
    )


def test_box_contains_its_edges_and_not_beyond():
    box = BoundingBox(south=-6.3, west=106.5, north=-6.1, east=106.8)

    assert box.contains(-6.3, 106.5) is True
    assert box.contains(-6.1, 106.8) is True
    assert box.contains(-6.0999, 106.7) is False
    assert box.contains(-6.2, 106.8001) is False


# --- Outlines --------------------------------------------------------------------------


def test_the_city_centre_is_inside_tangerang_and_monas_is_not():
    assert point_in_outline(TANGERANG, TANGERANG_OUTLINE) is True
    assert point_in_outline(MONAS, TANGERANG_OUTLINE) is False


def test_swapped_latitude_and_longitude_fall_outside():
    assert point_in_outline(Point(106.6300, -6.1781), TANGERANG_OUTLINE) is False


def test_points_a_hair_either_side_of_an_edge():
    # The western edge runs straight north from (106.555, -6.190) to (106.560, -6.140):
    # at latitude -6.165 it lies at longitude 106.5575.
    assert point_in_outline(Point(-6.165, 106.5576), TANGERANG_OUTLINE) is True
    assert point_in_outline(Point(-6.165, 106.5574), TANGERANG_OUTLINE) is False


def test_a_point_level_with_a_vertex_is_judged_rightly():
    # Latitude -6.140 is the latitude of two vertices: the ray passes through both.
    assert point_in_outline(Point(-6.140, 106.600), TANGERANG_OUTLINE) is True
    assert point_in_outline(Point(-6.140, 106.740), TANGERANG_OUTLINE) is False
    assert point_in_outline(Point(-6.140, 106.550), TANGERANG_OUTLINE) is False


def test_a_multipolygon_holds_a_point_of_any_of_its_parts():
    # Two separate squares (an island and the mainland), a strait between them.
    outline = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[106.0, -6.0], [106.1, -6.0], [106.1, -6.1], [106.0, -6.1], [106.0, -6.0]]],
            [[[106.3, -6.0], [106.4, -6.0], [106.4, -6.1], [106.3, -6.1], [106.3, -6.0]]],
        ],
    }

    assert point_in_outline(Point(-6.05, 106.05), outline) is True
    assert point_in_outline(Point(-6.05, 106.35), outline) is True
    assert point_in_outline(Point(-6.05, 106.2), outline) is False
    assert point_in_outline(Point(-6.2, 106.35), outline) is False


def test_no_outline_means_anywhere_is_inside():
    assert point_in_outline(MONAS, None) is True
    assert point_in_outline(MONAS, {}) is True


# --- Visiting order --------------------------------------------------------------------

# Five places on one street running east, at 1 km steps (0.009° of longitude).
A, B, C, D, E = (Stop(name, -6.2, 106.60 + 0.009 * i) for i, name in enumerate("ABCDE"))


def test_a_zig_zag_order_is_straightened():
    given = [A, C, B, E, D]

    route = visiting_order(given)

    assert names(route) == ["A", "B", "C", "D", "E"]
    assert route_length(route) == pytest.approx(
        4 * distance_km(Point(-6.2, 106.6), Point(-6.2, 106.609))
    )
    assert route_length(route) < route_length(given)


def test_from_a_start_point_the_route_begins_at_the_nearest_end():
    start = Point(-6.2, 106.65)  # east of E

    route = visiting_order([A, C, B, E, D], start=start)

    assert names(route) == ["E", "D", "C", "B", "A"]


def test_a_start_point_is_honoured_even_for_one_stop():
    assert names(visiting_order([C], start=Point(-6.2, 106.5))) == ["C"]
    assert visiting_order([], start=Point(-6.2, 106.5)) == []


def test_two_stops_without_a_start_keep_the_visitor_s_order():
    assert names(visiting_order([E, A])) == ["E", "A"]
    assert visiting_order([]) == []


def test_an_already_straight_route_is_kept_as_given_even_backwards():
    assert names(visiting_order([E, D, C, B, A])) == ["E", "D", "C", "B", "A"]


def test_the_shortest_route_is_found_where_nearest_neighbour_and_2_opt_are_not_enough():
    # Found by a search: nearest neighbour improved by 2-opt gives A D C B E, 14.94 km.
    stops = [
        Stop("A", -6.104, 106.601),
        Stop("B", -6.122, 106.682),
        Stop("C", -6.111, 106.674),
        Stop("D", -6.119, 106.652),
        Stop("E", -6.144, 106.643),
    ]

    route = visiting_order(stops)

    assert names(route) == ["A", "E", "D", "C", "B"]
    assert round(route_length(route), 2) == 13.48


def _random_stops(rng: random.Random, count: int) -> list[Stop]:
    return [
        Stop(str(i), -6.25 + rng.random() * 0.15, 106.55 + rng.random() * 0.18)
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [3, 4, 5, 6, 7])
def test_few_stops_get_the_shortest_route_of_all(count):
    rng = random.Random(count)
    for _ in range(20):
        stops = _random_stops(rng, count)
        start = Point(-6.18, 106.63) if rng.random() < 0.5 else None

        route = visiting_order(stops, start=start)

        best = min(route_length(p, start=start) for p in itertools.permutations(stops))
        assert sorted(names(route)) == sorted(names(stops))
        assert route_length(route, start=start) == pytest.approx(best, abs=1e-9)


@pytest.mark.parametrize("count", [8, 12, 25])
def test_many_stops_are_never_routed_longer_than_the_order_they_were_added_in(count):
    rng = random.Random(count)
    for _ in range(5):
        stops = _random_stops(rng, count)
        start = Point(-6.18, 106.63) if rng.random() < 0.5 else None

        route = visiting_order(stops, start=start)

        assert sorted(names(route)) == sorted(names(stops))
        assert route_length(route, start=start) <= route_length(stops, start=start) + 1e-9


def test_many_stops_on_a_line_come_out_straight():
    street = [Stop(f"{i:02}", -6.2, 106.55 + 0.005 * i) for i in range(12)]
    shuffled = street[:]
    random.Random(4).shuffle(shuffled)

    route = visiting_order(shuffled, start=Point(-6.2, 106.54))

    assert names(route) == names(street)
