"""The contrast maths against known WCAG reference values, and the brand colour rule."""

import pytest
from django.core.exceptions import ValidationError

from kota.theming.contrast import (
    NEAR_BLACK,
    WHITE,
    brand_color_validate,
    contrast_ratio,
    hex_normalise,
    ratio_label,
    relative_luminance,
    text_on,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("#ABC", "#aabbcc"), ("#0B5394", "#0b5394"), (" #fff ", "#ffffff"), ("#000000", "#000000")],
)
def test_hex_normalise_gives_lowercase_six_digits(value, expected):
    assert hex_normalise(value) == expected


@pytest.mark.parametrize("value", ["red", "#12", "#1234", "#12345g", "0b5394", "", None])
def test_hex_normalise_refuses_anything_else(value):
    with pytest.raises(ValueError, match="not a hex colour"):
        hex_normalise(value)


def test_relative_luminance_of_black_white_and_primaries():
    assert relative_luminance("#000") == 0.0
    assert relative_luminance("#fff") == pytest.approx(1.0)
    assert relative_luminance("#f00") == pytest.approx(0.2126)
    assert relative_luminance("#0f0") == pytest.approx(0.7152)
    assert relative_luminance("#00f") == pytest.approx(0.0722)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic just-below-AA grey
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#0000ff", "#ffffff", 8.59),
        ("#ff0000", "#ffffff", 4.0),
        ("#ffd700", "#ffffff", 1.4),
    ],
)
def test_contrast_ratio_matches_reference_values(first, second, expected):
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(expected, abs=0.01)


def test_text_on_picks_the_better_of_white_and_near_black():
    assert text_on("#0b5394").color == WHITE
    assert text_on("#0b5394").ratio == pytest.approx(7.84, abs=0.01)
    assert text_on("#ffd700").color == NEAR_BLACK
    assert text_on("#ffd700").ratio == pytest.approx(13.46, abs=0.01)


def test_ratio_label_never_rounds_a_failing_ratio_up_to_the_requirement():
    assert ratio_label(1.4) == "1.4:1"
    assert ratio_label(4.478) == "4.47:1"
    assert ratio_label(4.5) == "4.5:1"
    assert ratio_label(7.712) == "7.7:1"


@pytest.mark.parametrize("color", ["#0b5394", "#ffd700", "#f1c232", "#006d77", "#000", "#fff"])
def test_brand_colours_with_a_readable_text_colour_are_accepted(color):
    assert brand_color_validate(color, label="Primary colour") is None


def test_mid_grey_is_refused_with_the_ratio_and_what_to_do():
    with pytest.raises(ValidationError) as error:
        brand_color_validate("#777", label="Primary colour")

    assert error.value.messages == [
        "Primary colour #777777 with white text has contrast 4.47:1; WCAG AA needs at least "
        "4.5:1. Choose a darker colour."
    ]
    assert error.value.code == "low_contrast"


def test_colour_that_reads_better_with_dark_text_is_told_to_get_lighter():
    # #7a7a7a: 4.29:1 with white, 4.40:1 with near-black text.
    with pytest.raises(ValidationError) as error:
        brand_color_validate("#7A7A7A", label="Secondary colour")

    assert error.value.messages == [
        "Secondary colour #7a7a7a with dark text has contrast 4.4:1; WCAG AA needs at least "
        "4.5:1. Choose a lighter colour."
    ]
