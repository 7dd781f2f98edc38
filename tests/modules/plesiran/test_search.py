"""Searching destinations in Indonesian (and English): stemming, categories, typos in
names, and the best match first."""

import pytest

from kota.modules.plesiran.geo import Point
from kota.modules.plesiran.selectors import destinations_filter, destinations_published
from kota.tenancy.scope import city_scope
from tests.modules.plesiran.conftest import destination


@pytest.fixture
def places(plesiran_a):
    """Places of Kota Alfa, described the way a tourism office would."""
    rows = [
        (
            "Masjid Raya Al-A'zhom",
            "religi",
            (-6.1797, 106.6321),
            "Masjid terbesar di Tangerang: tempat ibadah umat Muslim dan wisata religi.",
            "The largest mosque in Tangerang, a place of worship.",
        ),
        (
            "Klenteng Boen Tek Bio",
            "religi",
            (-6.1757, 106.6319),
            "Klenteng tertua di Tangerang, dibangun pada abad ke-17.",
            "The oldest Chinese temple in Tangerang, built in the 17th century.",
        ),
        (
            "Situ Cipondoh",
            "taman-alam",
            (-6.1937, 106.6690),
            "Danau yang luas untuk bersepeda air dan memancing.",
            "A wide lake for pedal boats and fishing.",
        ),
        (
            "Pasar Lama",
            "kuliner",
            (-6.1763, 106.6313),
            "Pusat jajanan malam: sate, bakmi dan es campur.",
            "Night street food: satay, noodles and shaved ice.",
        ),
        (
            "Pantai Tanjung Pasir",
            "taman-alam",
            (-6.0200, 106.6700),
            "Pasir hitam dan perahu nelayan.",
            "",
        ),
        (
            "Taman Cisadane",
            "taman-alam",
            (-6.1720, 106.6350),
            "Taman kota untuk keluarga.",
            "",
        ),
        (
            "Taman Gajah Tunggal",
            "taman-alam",
            (-6.1850, 106.6340),
            "Taman kota di tepi Sungai Cisadane dengan jalur lari.",
            "",
        ),
    ]
    for name, category, (lat, lon), description_id, description_en in rows:
        destination(
            plesiran_a,
            name=name,
            category=category,
            latitude=lat,
            longitude=lon,
            description_id=description_id,
            description_en=description_en,
        )
    # A draft never turns up, whatever it says.
    destination(
        plesiran_a,
        publish=False,
        name="Pantai Rahasia",
        category="taman-alam",
        description_id="Belum dibuka: tempat ibadah, kuliner, pantai.",
    )
    return plesiran_a


def search(city, text, **kwargs) -> list[str]:
    with city_scope(city):
        return [
            d.name for d in destinations_filter(destinations_published(city), text=text, **kwargs)
        ]


# --- Indonesian stemming ---------------------------------------------------------------


def test_a_word_of_the_name_finds_the_place(places):
    assert search(places, "pantai") == ["Pantai Tanjung Pasir"]


def test_a_suffixed_word_finds_its_stem(places):
    # "pantainya" (its beach) stems to "pantai".
    assert search(places, "pantainya") == ["Pantai Tanjung Pasir"]


@pytest.mark.parametrize("word", ["ibadah", "beribadah", "Beribadah"])
def test_a_prefixed_verb_finds_a_description_with_its_root(places, word):
    # The mosque's description says "tempat ibadah" (a place of worship).
    assert search(places, word) == ["Masjid Raya Al-A'zhom"]


def test_a_category_name_finds_its_places(places):
    # Neither Pasar Lama's name nor its description says "kuliner"; its category does.
    assert search(places, "kuliner") == ["Pasar Lama"]


def test_a_category_name_in_english_finds_its_places(places):
    assert search(places, "culinary") == ["Pasar Lama"]


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("temple", ["Klenteng Boen Tek Bio"]),
        ("temples", ["Klenteng Boen Tek Bio"]),
        ("fishing", ["Situ Cipondoh"]),
        ("worship", ["Masjid Raya Al-A'zhom"]),
    ],
)
def test_english_words_find_the_english_description(places, words, found):
    assert search(places, words) == found


def test_two_words_must_both_match(places):
    assert search(places, "klenteng tertua") == ["Klenteng Boen Tek Bio"]
    # One right word of a name does not bring a place without the other (by full text
    # nor by name similarity).
    assert search(places, "klenteng danau") == []
    assert search(places, "pantai rahasia") == []


def test_a_quoted_phrase_and_an_excluded_word(places):
    assert search(places, '"tempat ibadah"') == ["Masjid Raya Al-A'zhom"]
    assert search(places, "tangerang -masjid") == ["Klenteng Boen Tek Bio"]
    # A name like the words wanted stays out when it has an excluded word.
    assert search(places, "pantai -tanjung") == []


# --- Typos in names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("bontek", "Klenteng Boen Tek Bio"),
        ("boen tek", "Klenteng Boen Tek Bio"),
        ("cipondo", "Situ Cipondoh"),
        ("azhom", "Masjid Raya Al-A'zhom"),
        ("al azhom", "Masjid Raya Al-A'zhom"),
        ("gajah tungal", "Taman Gajah Tunggal"),
    ],
)
def test_a_name_misspelt_still_finds_the_place_first(places, typed, meant):
    assert search(places, typed)[0] == meant


# --- No false positives ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["sepatu", "hotel bintang lima", "xyzzy", "museum"])
def test_unrelated_words_find_nothing(places, text):
    assert search(places, text) == []


@pytest.mark.parametrize("text", ["'", '"', "&|!", "zz:*", "(((", "-", "or", "x", "<->"])
def test_stray_punctuation_and_operators_are_harmless(places, text):
    assert search(places, text) == []


def test_drafts_are_never_found(places):
    assert "Pantai Rahasia" not in search(places, "rahasia")
    assert search(places, "pantai rahasia") == []


def test_an_empty_search_changes_nothing(places):
    assert (
        search(places, "   ")
        == search(places, "")
        == [
            "Klenteng Boen Tek Bio",
            "Masjid Raya Al-A'zhom",
            "Pantai Tanjung Pasir",
            "Pasar Lama",
            "Situ Cipondoh",
            "Taman Cisadane",
            "Taman Gajah Tunggal",
        ]
    )


# --- Ranking ---------------------------------------------------------------------------


def test_a_name_match_ranks_above_a_description_match(places):
    # "Cisadane" is Taman Cisadane's name and only in Taman Gajah Tunggal's description.
    assert search(places, "cisadane") == ["Taman Cisadane", "Taman Gajah Tunggal"]


def test_a_name_match_ranks_above_a_category_match(places):
    # Every park is in "Taman dan alam"; two of them are called "Taman".
    found = search(places, "taman")

    assert found[:2] == ["Taman Cisadane", "Taman Gajah Tunggal"]
    assert sorted(found[2:]) == ["Pantai Tanjung Pasir", "Situ Cipondoh"]


def test_near_a_point_the_nearest_match_comes_first(places):
    me = Point(-6.1860, 106.6340)  # at Taman Gajah Tunggal

    assert search(places, "taman", near=me, radius_km=3) == [
        "Taman Gajah Tunggal",
        "Taman Cisadane",
    ]


def test_search_is_within_the_city(places, plesiran_b):
    destination(
        plesiran_b, name="Pantai Kuta", category="taman-alam", latitude=-8.72, longitude=115.17
    )

    assert search(places, "pantai") == ["Pantai Tanjung Pasir"]
    assert search(plesiran_b, "pantai") == ["Pantai Kuta"]
    assert search(plesiran_b, "cipondoh") == []
