"""Colour contrast by WCAG 2.1: relative luminance, contrast ratio, and the brand rule.

The brand rule: text on a brand colour is white or near-black, whichever reads better, and
even the better one must reach AA for normal text (4.5:1). Manifests, the signup wizard and
the console all refuse a colour through ``brand_color_validate``.
"""

import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WHITE = "#ffffff"
# The dark text colour used on light brand colours (and the default body text colour).
NEAR_BLACK = "#111111"
AA_NORMAL_TEXT = 4.5
AA_LARGE_TEXT = 3.0

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def hex_normalise(value: str) -> str:
    """``#rgb`` or ``#rrggbb`` (any case) as lowercase ``#rrggbb``; ValueError otherwise."""
    value = value.strip() if isinstance(value, str) else ""
    if not _HEX.fullmatch(value):
        raise ValueError(f"not a hex colour: {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of a hex colour, from 0 (black) to 1 (white)."""
    digits = hex_normalise(color)[1:]
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    # sRGB's own threshold (0.04045); WCAG 2.1 prints 0.03928, which differs only for
    # channel values that no 8-bit colour has.
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Contrast ratio of two colours, from 1 (same) to 21 (black on white); order-free."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class TextOn:
    """The text colour to put on a background, and the contrast it reaches."""

    color: str
    ratio: float

    @property
    def is_white(self) -> bool:
        return self.color == WHITE


def text_on(background: str) -> TextOn:
    """White or near-black text on ``background``, whichever has more contrast."""
    on_white = contrast_ratio(background, WHITE)
    on_dark = contrast_ratio(background, NEAR_BLACK)
    if on_white >= on_dark:
        return TextOn(WHITE, on_white)
    return TextOn(NEAR_BLACK, on_dark)


def ratio_label(ratio: float, *, required: float = AA_NORMAL_TEXT) -> str:
    """``4.47:1``-style text that never rounds a failing ratio up to the required one."""
    text = f"{ratio:.1f}"
    if float(text) >= required > ratio:
        text = f"{math.floor(ratio * 100) / 100:.2f}"
    return f"{text}:1"


def brand_color_validate(value: str, *, label: str) -> None:
    """Refuse a brand colour that no text colour can be read on at WCAG AA.

    ``value`` must already be a hex colour; ``label`` names it in the message
    ("Primary colour").
    """
    best = text_on(value)
    if best.ratio >= AA_NORMAL_TEXT:
        return
    params = {
        "label": label,
        "color": hex_normalise(value),
        "ratio": ratio_label(best.ratio),
        "required": ratio_label(AA_NORMAL_TEXT),
    }
    if best.is_white:
        message = _(
            "%(label)s %(color)s with white text has contrast %(ratio)s; WCAG AA needs at "
            "least %(required)s. Choose a darker colour."
        )
    else:
        message = _(
            "%(label)s %(color)s with dark text has contrast %(ratio)s; WCAG AA needs at "
            "least %(required)s. Choose a lighter colour."
        )
    raise ValidationError(message % params, code="low_contrast")
