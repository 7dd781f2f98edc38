"""destinations/<slug>/reviews/ (GET, POST, DELETE) and reviews/<uuid>/flag/ (POST)."""

import uuid

import pytest

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Review, ReviewFlag
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person
from tests.modules.plesiran.api_calls import App, app_of, queries_of
from tests.modules.plesiran.conftest import destination

REVIEWS = "destinations/klenteng-boen-tek-bio/reviews/"


@pytest.fixture
def place_a(plesiran_a):
    return destination(plesiran_a)


@pytest.fixture
def siti_a(plesiran_a):
    return person(plesiran_a, email="siti@alfa.id", full_name="Siti Rahma")


def _reviews(city) -> list[tuple[str, str, int, str]]:
    with city_scope(city):
        return list(
            Review.objects.order_by("author__email").values_list(
                "destination__slug", "author__email", "rating", "body"
            )
        )


def _flags(city) -> list[tuple[str, str]]:
    with city_scope(city):
        return list(ReviewFlag.objects.values_list("reporter__email", "reason"))


def _write(city, place, user, rating: int = 4, body: str = "") -> Review:
    with city_scope(city):
        return services.review_submit(destination=place, author=user, rating=rating, body=body)


# --- GET -------------------------------------------------------------------------------


def test_visible_reviews_newest_first_with_names_never_emails(plesiran_a, place_a, siti_a):
    budi = person(plesiran_a, email="budi@alfa.id", full_name="Budi Santoso")
    nameless = person(plesiran_a, email="tanpa.nama@alfa.id", full_name="")
    leaver = person(plesiran_a, email="pergi@alfa.id", full_name="Akan Pergi")
    officer = person(plesiran_a, email="petugas@alfa.id")
    hidden = _write(plesiran_a, place_a, budi, rating=1, body="Kata kasar")
    old = _write(plesiran_a, place_a, leaver, rating=3, body="Lumayan")
    anonymous = _write(plesiran_a, place_a, nameless, rating=4)
    newest = _write(plesiran_a, place_a, siti_a, rating=5, body="Indah sekali")
    with city_scope(plesiran_a):
        services.review_hide(review=hidden, actor=officer, reason="Kasar")
        services.plesiran_personal_data_erase(leaver)

    response = app_of(plesiran_a, siti_a).get(REVIEWS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0] == {
        "id": str(newest.public_id),
        "rating": 5,
        "body": "Indah sekali",
        "author_name": "Siti R.",
        "is_mine": True,
        "created_at": results[0]["created_at"],
        "updated_at": results[0]["updated_at"],
    }
    assert [(r["id"], r["author_name"], r["is_mine"]) for r in results] == [
        (str(newest.public_id), "Siti R.", True),
        (str(anonymous.public_id), "Visitor", False),
        (str(old.public_id), "Visitor", False),
    ]
    assert "@" not in response.content.decode()


def test_reviews_of_a_draft_or_another_citys_place_are_not_found(plesiran_a, plesiran_b):
    destination(plesiran_a, publish=False)
    destination(plesiran_b, name="Pura Beta")

    assert App().get(REVIEWS).status_code == 404
    assert App().get("destinations/pura-beta/reviews/").status_code == 404


def test_the_list_makes_as_many_queries_for_30_reviews_as_for_1(
    plesiran_a, place_a, django_assert_num_queries
):
    # Accounts without a password: hashing 30 would be most of the test's time.
    _write(plesiran_a, place_a, person(plesiran_a, email="p0@alfa.id", password=None))
    app = App()
    one = queries_of(app, REVIEWS)
    for n in range(1, 30):
        _write(plesiran_a, place_a, person(plesiran_a, email=f"p{n}@alfa.id", password=None))

    with django_assert_num_queries(one):
        response = app.get(REVIEWS, {"page_size": "50"})

    assert response.json()["count"] == 30


# --- POST ------------------------------------------------------------------------------


def test_the_first_review_is_created_and_the_second_rewrites_it(plesiran_a, place_a, siti_a):
    app = app_of(plesiran_a, siti_a)

    created = app.post(REVIEWS, {"rating": 4, "body": "  Bersih dan tenang.  "})
    updated = app.post(REVIEWS, {"rating": 5})

    assert created.status_code == 201
    assert created.json()["rating"] == 4
    assert created.json()["body"] == "Bersih dan tenang."
    assert (created.json()["author_name"], created.json()["is_hidden"]) == ("Siti R.", False)
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert _reviews(plesiran_a) == [("klenteng-boen-tek-bio", "siti@alfa.id", 5, "")]


def test_a_session_of_the_site_may_review_too(plesiran_a, place_a, siti_a):
    client = logged_in("alfa.localhost", siti_a, plesiran_a)

    response = client.post(
        "/api/v1/plesiran/" + REVIEWS, {"rating": 3}, content_type="application/json"
    )

    assert response.status_code == 201
    assert _reviews(plesiran_a) == [("klenteng-boen-tek-bio", "siti@alfa.id", 3, "")]


def test_editing_a_hidden_review_keeps_it_hidden(plesiran_a, place_a, siti_a):
    review = _write(plesiran_a, place_a, siti_a, rating=1, body="Kasar")
    with city_scope(plesiran_a):
        services.review_hide(review=review, actor=None, reason="Kasar")

    response = app_of(plesiran_a, siti_a).post(REVIEWS, {"rating": 2, "body": "Maaf"})

    assert response.status_code == 200
    assert response.json()["is_hidden"] is True
    assert App().get(REVIEWS).json()["count"] == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"rating": 6}, {"rating": ["Ensure this value is less than or equal to 5."]}),
        ({"rating": 0}, {"rating": ["Ensure this value is greater than or equal to 1."]}),
        ({"body": "Bagus"}, {"rating": ["This field is required."]}),
        (
            {"rating": 3, "body": "x" * 2001},
            {"body": ["Ensure this field has no more than 2000 characters."]},
        ),
    ],
)
def test_a_bad_review_is_a_400_and_changes_nothing(plesiran_a, place_a, siti_a, data, errors):
    _write(plesiran_a, place_a, siti_a, rating=4, body="Asli")

    response = app_of(plesiran_a, siti_a).post(REVIEWS, data)

    assert response.status_code == 400
    assert response.json() == errors
    assert _reviews(plesiran_a) == [("klenteng-boen-tek-bio", "siti@alfa.id", 4, "Asli")]


def test_writing_needs_credentials(plesiran_a, place_a):
    post = App().post(REVIEWS, {"rating": 5})
    delete = App().delete(REVIEWS)

    assert (post.status_code, delete.status_code) == (401, 401)
    assert post.json() == {"detail": "Authentication credentials were not provided."}
    assert post["WWW-Authenticate"] == "Token"
    assert _reviews(plesiran_a) == []


def test_a_token_of_another_city_is_refused_and_changes_nothing(plesiran_a, plesiran_b, place_a):
    # The same person, registered in city B too, with city B's token.
    twin = person(plesiran_b, email="siti@alfa.id")
    destination(plesiran_b)
    app = app_of(plesiran_b, twin, host="alfa.localhost")

    response = app.post(REVIEWS, {"rating": 1})

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert _reviews(plesiran_a) == []
    assert _reviews(plesiran_b) == []


def test_no_review_of_a_draft_or_of_another_citys_place(plesiran_a, plesiran_b, siti_a):
    destination(plesiran_a, publish=False)
    destination(plesiran_b, name="Pura Beta")
    app = app_of(plesiran_a, siti_a)

    draft = app.post(REVIEWS, {"rating": 5})
    elsewhere = app.post("destinations/pura-beta/reviews/", {"rating": 5})

    assert (draft.status_code, elsewhere.status_code) == (404, 404)
    assert _reviews(plesiran_a) == []
    assert _reviews(plesiran_b) == []


# --- DELETE ----------------------------------------------------------------------------


def test_deleting_my_review_leaves_the_others(plesiran_a, place_a, siti_a):
    other = person(plesiran_a, email="budi@alfa.id")
    _write(plesiran_a, place_a, siti_a)
    _write(plesiran_a, place_a, other, rating=2)
    app = app_of(plesiran_a, siti_a)

    response = app.delete(REVIEWS)
    again = app.delete(REVIEWS)

    assert response.status_code == 204
    assert again.status_code == 404
    assert _reviews(plesiran_a) == [("klenteng-boen-tek-bio", "budi@alfa.id", 2, "")]


def test_deleting_on_another_citys_host_changes_nothing(plesiran_a, plesiran_b, place_a, siti_a):
    _write(plesiran_a, place_a, siti_a)
    twin = person(plesiran_b, email="siti@alfa.id")

    response = app_of(plesiran_b, twin, host="beta.localhost").delete(REVIEWS)

    assert response.status_code == 404
    assert _reviews(plesiran_a) == [("klenteng-boen-tek-bio", "siti@alfa.id", 4, "")]


# --- flag ------------------------------------------------------------------------------


def _flag_path(review) -> str:
    return f"reviews/{review.public_id}/flag/"


def test_flagging_a_review_once_then_again(plesiran_a, place_a, siti_a):
    review = _write(plesiran_a, place_a, person(plesiran_a, email="budi@alfa.id"), rating=1)
    app = app_of(plesiran_a, siti_a)

    first = app.post(_flag_path(review), {"reason": "Kata kasar"})
    second = app.post(_flag_path(review), {"reason": "Lagi"})

    assert (first.status_code, first.json()) == (201, {"flagged": True})
    assert (second.status_code, second.json()) == (200, {"flagged": True})
    assert _flags(plesiran_a) == [("siti@alfa.id", "Kata kasar")]


def test_flagging_my_own_review_is_a_400_and_changes_nothing(plesiran_a, place_a, siti_a):
    review = _write(plesiran_a, place_a, siti_a)

    response = app_of(plesiran_a, siti_a).post(_flag_path(review))

    assert response.status_code == 400
    assert response.json() == {"detail": "You cannot flag your own review."}
    assert _flags(plesiran_a) == []


def test_flagging_needs_credentials_and_a_visible_review_of_this_city(
    plesiran_a, plesiran_b, place_a, siti_a
):
    hidden = _write(plesiran_a, place_a, person(plesiran_a, email="budi@alfa.id"))
    with city_scope(plesiran_a):
        services.review_hide(review=hidden, actor=None, reason="Kasar")
    place_b = destination(plesiran_b, name="Pura Beta")
    elsewhere = _write(plesiran_b, place_b, person(plesiran_b, email="made@beta.id"))
    app = app_of(plesiran_a, siti_a)

    anonymous = App().post(_flag_path(hidden))
    of_hidden = app.post(_flag_path(hidden))
    of_other_city = app.post(_flag_path(elsewhere))
    unknown = app.post(f"reviews/{uuid.uuid4()}/flag/")

    assert anonymous.status_code == 401
    assert (of_hidden.status_code, of_other_city.status_code, unknown.status_code) == (
        404,
        404,
        404,
    )
    assert _flags(plesiran_a) == []
    assert _flags(plesiran_b) == []
