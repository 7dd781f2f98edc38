"""Dates, numbers and money in the city's locale; times in the city's own time zone."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from kota.tenancy.models import City
from tests.conftest import host_client


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Rp1.250.000"), ("en", "IDR 1,250,000")],
)
def test_rupiah_follows_the_language(language, expected):
    with translation.override(language):
        rendered = Template("{% load kota_format %}{{ amount|rupiah }}").render(
            Context({"amount": 1250000})
        )

    assert rendered == expected


def test_rupiah_of_nonsense_is_empty():
    assert (
        Template("{% load kota_format %}{{ amount|rupiah }}").render(Context({"amount": "banyak"}))
        == ""
    )


def test_dates_are_written_the_indonesian_way():
    with translation.override("id"):
        rendered = Template('{{ day|date:"j F Y" }}').render(
            Context({"day": datetime.date(2026, 8, 17)})
        )

    assert rendered == "17 Agustus 2026"


@pytest.mark.parametrize(
    ("slug", "time_zone", "expected_hour"),
    [("alfa", "Asia/Jakarta", 19), ("beta", "Asia/Makassar", 20)],
)
def test_each_city_shows_times_in_its_own_zone(
    slug, time_zone, expected_hour, session_cities, db, settings
):
    settings.KOTA_CITY_URLCONF = "tests.core.locale_urls"
    City.objects.filter(slug=slug).update(time_zone=time_zone)

    response = host_client(f"{slug}.localhost").get("/jam/")

    assert response.content.decode() == f"{expected_hour:02d}:00 {time_zone}"


def test_a_city_offering_only_indonesian_answers_in_indonesian(session_cities, db, settings):
    settings.KOTA_CITY_URLCONF = "tests.core.locale_urls"
    City.objects.filter(slug="alfa").update(languages=["id"])

    response = host_client("alfa.localhost").get("/bahasa/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.content.decode() == "id"
