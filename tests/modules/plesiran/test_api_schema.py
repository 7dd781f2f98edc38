"""The city's OpenAPI schema documents e-plesiran's API while the module is on, and
lists none of it when the module is off."""

from kota.registry.services import module_disable
from tests.conftest import host_client

PATHS = {
    "/api/v1/plesiran/categories/": ["get"],
    "/api/v1/plesiran/destinations/": ["get"],
    "/api/v1/plesiran/destinations/{slug}/": ["get"],
    "/api/v1/plesiran/destinations/{slug}/reviews/": ["delete", "get", "post"],
    "/api/v1/plesiran/events/": ["get"],
    "/api/v1/plesiran/events/{slug}/": ["get"],
    "/api/v1/plesiran/facilities/": ["get"],
    "/api/v1/plesiran/geojson/": ["get"],
    "/api/v1/plesiran/reviews/{review_id}/flag/": ["post"],
    "/api/v1/plesiran/trips/": ["get", "post"],
    "/api/v1/plesiran/trips/{token}/": ["get"],
    "/api/v1/plesiran/trips/{token}/stops/": ["post"],
    "/api/v1/plesiran/trips/{token}/stops/{slug}/": ["delete"],
}


def _schema(host: str = "alfa.localhost") -> dict:
    response = host_client(host).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _query_parameters(operation: dict) -> list[str]:
    return sorted(p["name"] for p in operation["parameters"] if p["in"] == "query")


def test_the_schema_lists_every_operation_with_its_parameters(plesiran_a):
    paths = _schema()["paths"]

    assert {p: sorted(ops) for p, ops in paths.items() if "/plesiran/" in p} == PATHS
    assert _query_parameters(paths["/api/v1/plesiran/destinations/"]["get"]) == [
        "bbox",
        "category",
        "near",
        "page",
        "page_size",
        "q",
        "radius",
    ]
    assert _query_parameters(paths["/api/v1/plesiran/events/"]["get"]) == [
        "category",
        "from",
        "page",
        "page_size",
        "to",
    ]
    assert _query_parameters(paths["/api/v1/plesiran/facilities/"]["get"]) == [
        "bbox",
        "kind",
        "near",
        "page",
        "page_size",
        "radius",
    ]
    assert _query_parameters(paths["/api/v1/plesiran/geojson/"]["get"]) == ["category", "kind"]
    assert _query_parameters(paths["/api/v1/plesiran/trips/{token}/"]["get"]) == ["from"]
    kind = next(
        p for p in paths["/api/v1/plesiran/facilities/"]["get"]["parameters"] if p["name"] == "kind"
    )
    assert kind["schema"]["enum"] == [
        "fuel",
        "atm",
        "worship",
        "hospital",
        "puskesmas",
        "police",
        "toilet",
    ]


def test_the_schema_says_which_operations_need_a_signed_in_person(plesiran_a):
    paths = _schema()["paths"]

    reviews = paths["/api/v1/plesiran/destinations/{slug}/reviews/"]
    assert {} in reviews["get"]["security"]
    assert {"tokenAuth": []} in reviews["post"]["security"]
    assert {} not in reviews["post"]["security"]
    assert {} not in reviews["delete"]["security"]
    assert {} not in paths["/api/v1/plesiran/trips/"]["post"]["security"]
    assert sorted(reviews["post"]["responses"]) == ["200", "201", "400", "401", "404", "429"]
    assert paths["/api/v1/plesiran/destinations/"]["get"]["security"] == [{}]
    assert paths["/api/v1/plesiran/destinations/"]["get"]["operationId"] == (
        "plesiran_destinations"
    )
    listed = paths["/api/v1/plesiran/destinations/"]["get"]["responses"]["200"]
    assert listed["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedDestinationListOutputList"
    }
    feed = paths["/api/v1/plesiran/geojson/"]["get"]["responses"]["200"]
    assert list(feed["content"]) == ["application/geo+json"]


def test_the_schema_of_a_city_without_the_module_lists_none_of_it(plesiran_a, city_b):
    assert [p for p in _schema("beta.localhost")["paths"] if "/plesiran/" in p] == []

    module_disable(city=plesiran_a, key="plesiran")

    assert [p for p in _schema()["paths"] if "/plesiran/" in p] == []
