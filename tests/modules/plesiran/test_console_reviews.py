"""Moderating reviews in the tourism console: flagged ones first, hiding with a reason,
showing again."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.audit.models import AuditEntry
from kota.modules.plesiran import services
from kota.modules.plesiran.models import Review, ReviewFlag
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import cookies_to, logged_in, person
from tests.modules.plesiran.conftest import destination

pytestmark = pytest.mark.usefixtures("plesiran_a")


def _review(city, place, email: str, *, body="Bagus sekali.", flags=()) -> Review:
    author = person(city, email=email)
    with city_scope(city):
        review = services.review_submit(destination=place, author=author, rating=4, body=body)
        for n, reason in enumerate(flags):
            reporter = person(city, email=f"pelapor{n}-{email}")
            services.review_flag(review=review, reporter=reporter, reason=reason)
        return review


def _hidden(city) -> list[tuple]:
    with city_scope(city):
        return list(
            Review.objects.order_by("body").values_list("body", "hidden_reason", "hidden_by__email")
        )


def test_flagged_reviews_come_first_with_their_count_and_reasons(city_a, tourism_officer_client_a):
    place = destination(city_a)
    _review(city_a, place, "a@alfa.id", body="Biasa saja.")
    _review(city_a, place, "b@alfa.id", body="Kata kasar!", flags=["Kasar", "Menghina"])
    _review(city_a, place, "c@alfa.id", body="Iklan judi", flags=["Spam"])

    response = tourism_officer_client_a.get("/console/plesiran/ulasan/")

    assert response.status_code == 200
    assert [(r.body, r.flag_count) for r in response.context["flagged"]] == [
        ("Kata kasar!", 2),
        ("Iklan judi", 1),
    ]
    assert sorted(f.reason for f in response.context["flagged"][0].flags.all()) == [
        "Kasar",
        "Menghina",
    ]
    assert [r.body for r in response.context["page"]] == [
        "Iklan judi",
        "Kata kasar!",
        "Biasa saja.",
    ]
    body = response.content.decode()
    assert "<li>Menghina</li>" in body
    assert "2 flags" in body
    # Flagged reviews are in both lists: their forms still have ids of their own.
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_an_officer_hides_a_review_with_a_reason_and_shows_it_again(
    city_a, tourism_officer_client_a, tourism_officer_a
):
    place = destination(city_a)
    review = _review(city_a, place, "b@alfa.id", body="Kata kasar!", flags=["Kasar"])
    prefix = f"r{review.public_id.hex[:12]}"

    hidden = tourism_officer_client_a.post(
        f"/console/plesiran/ulasan/{review.public_id}/sembunyikan/",
        {f"{prefix}-reason": "Bahasa kasar"},
    )
    after_hiding = _hidden(city_a)
    waiting = tourism_officer_client_a.get("/console/plesiran/ulasan/").context["flagged"]
    shown = tourism_officer_client_a.post(f"/console/plesiran/ulasan/{review.public_id}/tampilkan/")

    assert hidden["Location"] == "/console/plesiran/ulasan/"
    assert shown["Location"] == "/console/plesiran/ulasan/"
    assert after_hiding == [("Kata kasar!", "Bahasa kasar", "wisata@alfa.id")]
    assert waiting == []
    assert _hidden(city_a) == [("Kata kasar!", "", None)]
    with city_scope(city_a):
        assert ReviewFlag.objects.count() == 0  # showing again clears the flags
        assert list(
            AuditEntry.objects.filter(action__startswith="plesiran.review.")
            .order_by("id")
            .values_list("action", "actor_id")
        ) == [
            ("plesiran.review.hide", tourism_officer_a.pk),
            ("plesiran.review.unhide", tourism_officer_a.pk),
        ]


def test_hiding_without_a_reason_is_refused_next_to_the_field(city_a, tourism_officer_client_a):
    place = destination(city_a)
    review = _review(city_a, place, "b@alfa.id", flags=["Kasar"])
    prefix = f"r{review.public_id.hex[:12]}"

    response = tourism_officer_client_a.post(
        f"/console/plesiran/ulasan/{review.public_id}/sembunyikan/", {f"{prefix}-reason": "  "}
    )

    assert response.status_code == 400
    (flagged,) = response.context["flagged"]
    assert flagged.hide_form.errors == {"reason": ["Say why the review is hidden."]}
    assert "Say why the review is hidden." in response.content.decode()
    assert _hidden(city_a) == [("Bagus sekali.", "", None)]


def test_the_moderation_page_keeps_its_query_count(city_a, tourism_officer_client_a):
    place = destination(city_a)
    _review(city_a, place, "a@alfa.id", flags=["Kasar"])
    tourism_officer_client_a.get("/console/plesiran/ulasan/")
    with CaptureQueriesContext(connection) as one:
        tourism_officer_client_a.get("/console/plesiran/ulasan/")
    for n in range(5):
        _review(city_a, place, f"lain{n}@alfa.id", flags=["Spam", "Kasar"][: n % 3])
    with CaptureQueriesContext(connection) as many:
        response = tourism_officer_client_a.get("/console/plesiran/ulasan/")

    assert len(response.context["page"]) == 6
    assert len(many.captured_queries) == len(one.captured_queries)


def test_others_cannot_hide_reviews(city_a, city_b, plesiran_b, officer_a, warga_a):
    place = destination(city_a)
    review = _review(city_a, place, "b@alfa.id", flags=["Kasar"])
    prefix = f"r{review.public_id.hex[:12]}"
    officer_b = person(city_b, email="wisata@beta.id", roles=["officer-plesiran"])
    b_on_a = cookies_to("alfa.localhost", logged_in("beta.localhost", officer_b, city_b))
    data = {f"{prefix}-reason": "Diambil alih"}
    url = f"/console/plesiran/ulasan/{review.public_id}/sembunyikan/"

    responses = [
        logged_in("alfa.localhost", officer_a, city_a).post(url, data),
        logged_in("alfa.localhost", warga_a, city_a).post(url, data),
        b_on_a.post(url, data),
    ]

    assert [r.status_code for r in responses] == [404, 404, 302]
    assert _hidden(city_a) == [("Bagus sekali.", "", None)]


def test_a_review_of_another_city_is_not_found(
    city_a, city_b, plesiran_b, tourism_officer_client_a
):
    theirs = _review(city_b, destination(city_b), "x@beta.id", flags=["Kasar"])

    response = tourism_officer_client_a.post(
        f"/console/plesiran/ulasan/{theirs.public_id}/sembunyikan/",
        {f"r{theirs.public_id.hex[:12]}-reason": "Kasar"},
    )

    assert response.status_code == 404
    assert _hidden(city_b) == [("Bagus sekali.", "", None)]
