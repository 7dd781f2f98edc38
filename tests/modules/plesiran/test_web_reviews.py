"""Reviews on the citizen site: the block on a destination's page, and its forms (write
or edit one's own, delete it, flag someone else's)."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.models import Review, ReviewFlag
from kota.tenancy.scope import city_scope
from tests.conftest import city_login, cookies_to, logged_in, person
from tests.modules.plesiran.conftest import destination
from tests.modules.plesiran.engage_pages import render_block

KLENTENG = "/plesiran/tempat/klenteng-boen-tek-bio/"


@pytest.fixture
def klenteng(plesiran_a):
    return destination(plesiran_a)


@pytest.fixture
def budi(city_a):
    return person(city_a, email="budi@alfa.id", full_name="Budi Santoso")


@pytest.fixture
def budi_client(budi, city_a):
    client = logged_in("alfa.localhost", budi, city_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def sari(city_a):
    return person(city_a, email="sari@alfa.id", full_name="Sari Dewi Lestari")


def review(city, place, author, rating, body=""):
    with city_scope(city):
        return services.review_submit(destination=place, author=author, rating=rating, body=body)


def reviews_of(city, place) -> list[tuple[str, int, str]]:
    with city_scope(city):
        return [
            (r.author.email if r.author else None, r.rating, r.body)
            for r in Review.objects.filter(destination=place).select_related("author")
        ]


def flags(city) -> list[tuple[str, str]]:
    with city_scope(city):
        return [(f.reporter.email, f.reason) for f in ReviewFlag.objects.select_related("reporter")]


def flashed(response) -> list[tuple[str, str]]:
    return [(m.message, m.tags) for m in get_messages(response.wsgi_request)]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def block(city, place, user=None, **kwargs) -> str:
    with city_scope(city):
        place = selectors.destination_get_published(city=city, slug=place.slug)
    return render_block("plesiran/_reviews.html", city, place, user=user, **kwargs)


# --- The block on the destination's page -----------------------------------------------


def test_the_block_shows_the_average_count_and_visible_reviews(
    klenteng, city_a, budi, sari, admin_a
):
    review(city_a, klenteng, budi, 5, "Bersih dan tenang.\nParkir mudah.")
    review(city_a, klenteng, sari, 4)
    hidden = review(city_a, klenteng, admin_a, 1, "Kata-kata kasar")
    with city_scope(city_a):
        services.review_hide(review=hidden, actor=admin_a, reason="Kasar")

    html = block(city_a, klenteng)

    assert 'aria-label="Rated 4.5 out of 5"' in html
    assert "<strong>4.5</strong>" in html
    assert "· 2 reviews" in text(html)
    assert "Kata-kata kasar" not in html
    assert re.findall(r'<p class="review-head"><strong>([^<]+)</strong>', html) == [
        "Sari L.",
        "Budi S.",
    ]
    assert '<p class="review-body">Bersih dan tenang.<br>Parkir mudah.</p>' in html
    assert "budi@alfa.id" not in html


def test_the_block_counts_the_same_from_an_unannotated_destination(klenteng, city_a, budi, sari):
    review(city_a, klenteng, budi, 5)
    review(city_a, klenteng, sari, 2)

    html = render_block("plesiran/_reviews.html", city_a, klenteng)

    assert 'aria-label="Rated 3.5 out of 5"' in html
    assert "· 2 reviews" in text(html)


def test_an_anonymous_visitor_is_asked_to_log_in_and_comes_back_here(klenteng, city_a):
    html = block(city_a, klenteng)

    assert (
        '<a class="button" href="/accounts/login/?next=%2Fplesiran%2Ftempat%2F'
        'klenteng-boen-tek-bio%2F%23reviews">Log in to write a review</a>'
    ) in html
    assert 'action="/plesiran/tempat/klenteng-boen-tek-bio/ulasan/"' not in html
    assert "No reviews yet." in html


def test_a_logged_in_person_gets_the_star_form_with_csrf(klenteng, city_a, budi):
    html = block(city_a, klenteng, user=budi)

    assert 'action="/plesiran/tempat/klenteng-boen-tek-bio/ulasan/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.findall(
        r'<input type="radio" name="rating" value="(\d)" class="visually-hidden"', html
    ) == list("12345")
    assert '<span class="visually-hidden">3 stars</span>' in html
    assert "Write a review" in html
    assert "Delete my review" not in html


def test_the_authors_form_holds_their_review_and_a_delete_button(klenteng, city_a, budi):
    review(city_a, klenteng, budi, 3, "Lumayan")

    html = block(city_a, klenteng, user=budi)

    assert re.search(
        r'<input type="radio" name="rating" value="3" class="visually-hidden"[^>]* checked', html
    )
    assert ">\nLumayan</textarea>" in html
    assert 'action="/plesiran/tempat/klenteng-boen-tek-bio/ulasan/hapus/"' in html
    assert "Budi S. (you)" in text(html)
    assert "Report this review" not in html  # not their own


def test_others_reviews_can_be_reported_once(klenteng, city_a, budi, sari):
    sari_review = review(city_a, klenteng, sari, 1, "Jelek")
    html = block(city_a, klenteng, user=budi)
    assert f'action="/plesiran/ulasan/{sari_review.public_id}/laporkan/"' in html

    with city_scope(city_a):
        services.review_flag(review=sari_review, reporter=budi, reason="Iklan")
    html = block(city_a, klenteng, user=budi)

    assert "laporkan" not in html
    assert "You reported this review." in html


def test_the_author_of_a_hidden_review_is_told_and_nobody_else_sees_it(
    klenteng, city_a, budi, sari, admin_a
):
    hidden = review(city_a, klenteng, budi, 1, "Kasar sekali")
    with city_scope(city_a):
        services.review_hide(review=hidden, actor=admin_a, reason="Bahasa kasar")

    for_budi = block(city_a, klenteng, user=budi)
    for_sari = block(city_a, klenteng, user=sari)

    assert "The city's officers have hidden your review, so others do not see it." in for_budi
    assert "Reason: Bahasa kasar" in for_budi
    assert 'class="review-body"' not in for_budi
    assert "Kasar sekali" not in for_sari
    assert "No reviews yet." in for_sari


def test_the_blocks_messages_are_its_own(klenteng, city_a, budi):
    html = block(
        city_a,
        klenteng,
        user=budi,
        flashed=[("Ulasan tersimpan.", "plesiran-review"), ("Masuk berhasil.", None)],
    )

    assert '<li class="message message-success">Ulasan tersimpan.</li>' in html
    assert "Masuk berhasil." not in html


def test_review_text_is_escaped(klenteng, city_a, sari):
    review(city_a, klenteng, sari, 4, "<script>alert(1)</script>")

    html = block(city_a, klenteng)

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_block_takes_the_same_queries_for_one_review_or_many(klenteng, city_a, budi):
    review(city_a, klenteng, budi, 5)
    with city_scope(city_a):
        place = selectors.destination_get_published(city=city_a, slug=klenteng.slug)
    with CaptureQueriesContext(connection) as one:
        render_block("plesiran/_reviews.html", city_a, place, user=budi)
    for n in range(20):
        review(city_a, klenteng, person(city_a, email=f"p{n}@alfa.id", full_name=f"P {n}"), 4)

    with CaptureQueriesContext(connection) as many:
        render_block("plesiran/_reviews.html", city_a, place, user=budi)

    assert len(many) == len(one)
    html = block(city_a, klenteng, user=budi)
    assert len(re.findall(r'<li class="review"', html)) == 20
    assert "· 21 reviews" in text(html)
    assert "The 20 newest reviews are shown." in html


# --- Writing and editing ---------------------------------------------------------------


def test_a_person_writes_a_review(klenteng, city_a, budi_client):
    response = budi_client.post(KLENTENG + "ulasan/", {"rating": "4", "body": "  Bersih.  "})

    assert response.status_code == 302
    assert response["Location"] == KLENTENG + "#reviews"
    assert reviews_of(city_a, klenteng) == [("budi@alfa.id", 4, "Bersih.")]
    assert flashed(response) == [
        ("Thank you: your review is published.", "plesiran-review success")
    ]


def test_a_second_review_edits_the_first(klenteng, city_a, budi, budi_client):
    review(city_a, klenteng, budi, 2, "Panas")

    response = budi_client.post(KLENTENG + "ulasan/", {"rating": "5", "body": ""})

    assert response.status_code == 302
    assert reviews_of(city_a, klenteng) == [("budi@alfa.id", 5, "")]
    assert flashed(response) == [("Your review is updated.", "plesiran-review success")]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"body": "Tanpa bintang"}, "Choose a rating from 1 to 5 stars."),
        ({"rating": "0"}, "Choose a rating from 1 to 5 stars."),
        ({"rating": "6"}, "Choose a rating from 1 to 5 stars."),
        ({"rating": "lima"}, "Choose a rating from 1 to 5 stars."),
        (
            {"rating": "4", "body": "x" * 2001},
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
    ],
)
def test_a_bad_review_comes_back_with_its_errors_and_nothing_saved(
    data, error, klenteng, city_a, budi, budi_client
):
    review(city_a, klenteng, budi, 2, "Panas")

    response = budi_client.post(KLENTENG + "ulasan/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert f"<li>{error}</li>" in html
    assert "Please correct what is marked below. Nothing has been saved yet." in html
    assert reviews_of(city_a, klenteng) == [("budi@alfa.id", 2, "Panas")]


def test_the_form_that_comes_back_keeps_what_was_typed(klenteng, city_a, budi_client):
    response = budi_client.post(KLENTENG + "ulasan/", {"body": "Tempatnya indah"})

    assert response.status_code == 400
    assert ">\nTempatnya indah</textarea>" in response.content.decode()
    assert reviews_of(city_a, klenteng) == []


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_saved(klenteng, city_a, client_a):
    response = client_a.post(KLENTENG + "ulasan/", {"rating": "5"})

    assert response.status_code == 302
    assert response["Location"] == (
        "/accounts/login/?next=%2Fplesiran%2Ftempat%2Fklenteng-boen-tek-bio%2F%23reviews"
    )
    assert reviews_of(city_a, klenteng) == []


def test_a_session_of_another_city_cannot_review_here(klenteng, city_a, city_b, plesiran_b):
    beta_person = person(city_b, email="budi@alfa.id")
    beta_client = logged_in("beta.localhost", beta_person, city_b)

    response = cookies_to("alfa.localhost", beta_client).post(KLENTENG + "ulasan/", {"rating": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert reviews_of(city_a, klenteng) == []


def test_reviews_of_drafts_and_other_cities_places_are_404(
    plesiran_a, plesiran_b, city_a, city_b, budi_client
):
    draft = destination(plesiran_a, name="Draf", slug="draf", publish=False)
    elsewhere = destination(plesiran_b, name="Pura", slug="pura")

    on_draft = budi_client.post("/plesiran/tempat/draf/ulasan/", {"rating": "5"})
    on_other_city = budi_client.post("/plesiran/tempat/pura/ulasan/", {"rating": "5"})

    assert (on_draft.status_code, on_other_city.status_code) == (404, 404)
    assert reviews_of(city_a, draft) == []
    assert reviews_of(city_b, elsewhere) == []


def test_review_forms_need_the_csrf_token(klenteng, city_a, budi):
    client = Client(HTTP_HOST="alfa.localhost", enforce_csrf_checks=True)
    city_login(client, budi, city_a)

    response = client.post(KLENTENG + "ulasan/", {"rating": "5"})

    assert response.status_code == 403
    assert reviews_of(city_a, klenteng) == []


def test_review_urls_only_take_post(klenteng, budi_client):
    assert budi_client.get(KLENTENG + "ulasan/").status_code == 405
    assert budi_client.get(KLENTENG + "ulasan/hapus/").status_code == 405


# --- Deleting --------------------------------------------------------------------------


def test_a_person_deletes_their_own_review_only(klenteng, city_a, budi, sari, budi_client):
    review(city_a, klenteng, budi, 2)
    review(city_a, klenteng, sari, 5)

    response = budi_client.post(KLENTENG + "ulasan/hapus/")

    assert response.status_code == 302
    assert response["Location"] == KLENTENG + "#reviews"
    assert reviews_of(city_a, klenteng) == [("sari@alfa.id", 5, "")]
    assert flashed(response) == [("Your review is deleted.", "plesiran-review success")]


def test_deleting_without_a_review_is_404(klenteng, city_a, sari, budi_client):
    review(city_a, klenteng, sari, 5)

    response = budi_client.post(KLENTENG + "ulasan/hapus/")

    assert response.status_code == 404
    assert reviews_of(city_a, klenteng) == [("sari@alfa.id", 5, "")]


def test_an_anonymous_visitor_deletes_nothing(klenteng, city_a, budi, client_a):
    review(city_a, klenteng, budi, 2)

    response = client_a.post(KLENTENG + "ulasan/hapus/")

    assert response.status_code == 302
    assert reviews_of(city_a, klenteng) == [("budi@alfa.id", 2, "")]


# --- Flagging --------------------------------------------------------------------------


def flag_url(review_obj) -> str:
    return f"/plesiran/ulasan/{review_obj.public_id}/laporkan/"


def test_a_person_flags_someone_elses_review_once(klenteng, city_a, sari, budi_client):
    sari_review = review(city_a, klenteng, sari, 1, "Beli di toko saya!")

    first = budi_client.post(flag_url(sari_review), {"reason": " Iklan toko "})
    second = budi_client.post(flag_url(sari_review), {"reason": "Spam"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == KLENTENG + "#reviews"
    assert flags(city_a) == [("budi@alfa.id", "Iklan toko")]
    assert flashed(first) == [
        ("Thank you: the city's officers will look at this review.", "plesiran-review success")
    ]
    # (No page has shown the first message yet: both wait for the reviews block.)
    assert flashed(second)[1:] == [
        ("You have already reported this review.", "plesiran-review success")
    ]


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Say what is wrong with this review."),
        ("ab", "Ensure this value has at least 3 characters (it has 2)."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_flag_without_a_good_reason_is_400_and_not_saved(
    reason, error, klenteng, city_a, sari, budi_client
):
    sari_review = review(city_a, klenteng, sari, 1)

    response = budi_client.post(flag_url(sari_review), {"reason": reason})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert flags(city_a) == []


def test_a_person_cannot_flag_their_own_review(klenteng, city_a, budi, budi_client):
    own = review(city_a, klenteng, budi, 5)

    response = budi_client.post(flag_url(own), {"reason": "Saya sendiri"})

    assert response.status_code == 400
    assert "You cannot flag your own review." in response.content.decode()
    assert flags(city_a) == []


def test_hidden_reviews_and_other_cities_reviews_cannot_be_flagged(
    klenteng, city_a, city_b, plesiran_b, sari, admin_a, budi_client
):
    hidden = review(city_a, klenteng, sari, 1)
    with city_scope(city_a):
        services.review_hide(review=hidden, actor=admin_a, reason="Kasar")
    pura = destination(plesiran_b, name="Pura", slug="pura")
    beta_review = review(city_b, pura, person(city_b, email="wayan@beta.id"), 2)

    assert budi_client.post(flag_url(hidden), {"reason": "Kasar"}).status_code == 404
    assert budi_client.post(flag_url(beta_review), {"reason": "Kasar"}).status_code == 404
    assert flags(city_a) == []
    assert flags(city_b) == []


def test_reviews_of_an_unpublished_place_cannot_be_flagged(
    klenteng, city_a, sari, admin_a, budi_client
):
    sari_review = review(city_a, klenteng, sari, 1)
    with city_scope(city_a):
        services.destination_unpublish(destination=klenteng, actor=admin_a)

    response = budi_client.post(flag_url(sari_review), {"reason": "Kasar"})

    assert response.status_code == 404
    assert flags(city_a) == []


def test_an_anonymous_visitor_flags_nothing(klenteng, city_a, sari, client_a):
    sari_review = review(city_a, klenteng, sari, 1)

    response = client_a.post(flag_url(sari_review), {"reason": "Kasar"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert flags(city_a) == []
