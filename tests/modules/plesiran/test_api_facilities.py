"""GET /api/v1/plesiran/facilities/."""

import pytest

from tests.modules.plesiran.api_calls import App, queries_of
from tests.modules.plesiran.conftest import ALUN_ALUN, facility


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_the_list_shows_published_facilities_by_kind_and_name(plesiran_a):
    facility(
        plesiran_a,
        kind="fuel",
        name="SPBU Pertamina Daan Mogot",
        address="Jl. Daan Mogot",
        phone="021-555",
        open_all_day=True,
    )
    facility(plesiran_a, name="ATM Bank Banten")
    facility(plesiran_a, name="ATM Tutup", publish=False)

    response = App().get("facilities/")

    assert _slugs(response) == ["atm-bank-banten", "spbu-pertamina-daan-mogot"]
    assert response.json()["results"][1] == {
        "slug": "spbu-pertamina-daan-mogot",
        "name": "SPBU Pertamina Daan Mogot",
        "kind": "fuel",
        "kind_label": "Petrol station",
        "address": "Jl. Daan Mogot",
        "latitude": ALUN_ALUN[0] + 0.002,
        "longitude": ALUN_ALUN[1],
        "phone": "021-555",
        "open_all_day": True,
        "distance_km": None,
    }


def test_filters_by_kind_box_and_distance(plesiran_a):
    facility(plesiran_a, name="ATM Dekat", latitude=-6.1790, longitude=106.63)
    facility(plesiran_a, name="ATM Jauh", latitude=-6.2500, longitude=106.63)
    facility(plesiran_a, name="Masjid Dekat", kind="worship", latitude=-6.1785, longitude=106.63)

    atms = App().get("facilities/", {"kind": "atm"})
    boxed = App().get("facilities/", {"bbox": "106.6,-6.2,106.7,-6.1"})
    near = App().get("facilities/", {"near": "-6.1781,106.63"})
    near_atms_1km = App().get("facilities/", {"near": "-6.1781,106.63", "radius": 1, "kind": "atm"})

    assert _slugs(atms) == ["atm-dekat", "atm-jauh"]
    assert _slugs(boxed) == ["atm-dekat", "masjid-dekat"]
    assert [(f["slug"], f["distance_km"]) for f in near.json()["results"]] == [
        ("masjid-dekat", 0.04),
        ("atm-dekat", 0.1),
        ("atm-jauh", 7.99),
    ]
    assert _slugs(near_atms_1km) == ["atm-dekat"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"kind": "bank"},
            {
                "kind": [
                    "“bank” is not one of: fuel, atm, worship, hospital, puskesmas, police, toilet."
                ]
            },
        ),
        (
            {"radius": "1"},
            {"radius": ["A radius needs a point: give near=latitude,longitude too."]},
        ),
        (
            {"near": "-6.1,106.6", "radius": "51"},
            {"radius": ["Ensure this value is less than or equal to 50."]},
        ),
        (
            {"near": "-6.1;106.6"},
            {"near": ["Give a place as latitude,longitude, e.g. -6.1781,106.63."]},
        ),
        (
            {"bbox": "a,b,c,d"},
            {"bbox": ["Give a box as west,south,east,north, e.g. 106.58,-6.24,106.72,-6.12."]},
        ),
    ],
)
def test_bad_parameters_are_a_400_keyed_by_parameter(plesiran_a, params, errors):
    response = App().get("facilities/", params)

    assert response.status_code == 400
    assert response.json() == errors


@pytest.mark.parametrize("params", [{}, {"near": "-6.1781,106.63", "kind": "atm"}])
def test_the_list_makes_as_many_queries_for_30_facilities_as_for_1(
    plesiran_a, params, django_assert_num_queries
):
    facility(plesiran_a, name="ATM 0")
    app = App()
    one = queries_of(app, "facilities/", params)
    for n in range(1, 30):
        facility(plesiran_a, name=f"ATM {n}")

    with django_assert_num_queries(one):
        response = app.get("facilities/", {**params, "page_size": "50"})

    assert response.json()["count"] == 30


def test_another_citys_facilities_are_not_listed_here(plesiran_a, plesiran_b):
    facility(plesiran_b, name="ATM Beta")

    assert _slugs(App().get("facilities/")) == []
    assert _slugs(App("beta.localhost").get("facilities/")) == ["atm-beta"]
