"""The address check behind step 2's live feedback: GET /daftar/alamat/cek?slug=…"""

import pytest

from kota.onboarding.models import Signup, SignupStatus
from tests.onboarding.conftest import walk

CHECK = "/daftar/alamat/cek"


def test_a_free_address_is_available_with_its_url(wizard):
    response = wizard.get(CHECK, {"slug": "gunung-kidul"}, HTTP_HOST="localhost:8000")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "available": True,
        "message": "",
        "suggestions": [],
        "url": "http://gunung-kidul.localhost:8000/",
    }


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("", "Enter an address for the city."),
        ("gk", "The address must be 3–40 characters long."),
        (
            "Gunung Kidul",
            "Use only lowercase letters (a–z), digits and hyphens; start and end with a letter "
            "or digit.",
        ),
        (
            "-kidul",
            "Use only lowercase letters (a–z), digits and hyphens; start and end with a "
            "letter or digit.",
        ),
        ("x" * 500, "The address must be 3–40 characters long."),
    ],
)
def test_an_invalid_address_says_why(wizard, slug, message):
    data = wizard.get(CHECK, {"slug": slug}).json()

    assert data["available"] is False
    assert data["message"] == message
    assert data["suggestions"] == []


def test_a_reserved_address_is_refused(wizard):
    data = wizard.get(CHECK, {"slug": "console"}).json()

    assert data == {
        "available": False,
        "message": "“console” is reserved; choose another address.",
        "suggestions": [],
        "url": "http://console.localhost/",
    }


def test_an_address_taken_by_a_city_comes_with_alternatives(wizard, city_a):
    data = wizard.get(CHECK, {"slug": "alfa"}).json()

    assert data["available"] is False
    assert data["message"] == "alfa is already taken."
    assert data["suggestions"] == ["alfa-2", "alfa-3", "alfa-4"]


def test_alternatives_use_the_kind_and_province_entered_at_step_1(wizard, city_a):
    walk(wizard, through="city")  # a kabupaten in DI Yogyakarta

    data = wizard.get(CHECK, {"slug": "alfa"}).json()

    assert data["suggestions"] == ["kabupaten-alfa", "alfakab", "alfa-di-yogyakarta"]


@pytest.mark.parametrize("status", [SignupStatus.QUEUED, SignupStatus.RUNNING])
def test_an_address_being_created_is_taken(wizard, status):
    Signup.objects.create(submission_key="lain", slug="gunung-kidul", status=status)

    data = wizard.get(CHECK, {"slug": "gunung-kidul"}).json()

    assert data["available"] is False
    assert data["message"] == "gunung-kidul is already taken."
    assert data["suggestions"] == ["gunung-kidul-2", "gunung-kidul-3", "gunung-kidul-4"]


def test_an_address_whose_signup_failed_is_free_again(wizard):
    Signup.objects.create(submission_key="lain", slug="gunung-kidul", status=SignupStatus.FAILED)

    assert wizard.get(CHECK, {"slug": "gunung-kidul"}).json()["available"] is True


def test_the_check_answers_in_the_visitors_language(wizard):
    data = wizard.get(CHECK, {"slug": "www"}, HTTP_ACCEPT_LANGUAGE="id").json()

    assert data["message"] == "“www” sudah dicadangkan; silakan pilih alamat lain."


def test_the_check_only_reads(wizard):
    assert wizard.post(CHECK, {"slug": "gunung-kidul"}).status_code == 405


def test_address_checks_are_limited_per_client(wizard, monkeypatch):
    from kota.onboarding import selectors

    monkeypatch.setattr(selectors, "SLUG_CHECKS_PER_MINUTE", 2)
    answers = [wizard.get("/daftar/alamat/cek", {"slug": "tegal"}) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "60"
