"""Uploaded logos and favicons, and the icons made from them or from a city's initials.

Everything here works on bytes in memory and writes nothing: an upload is checked by its
content (not its name or declared type), decoded, then drawn into a fresh image that carries
no metadata (EXIF, GPS, ICC, text chunks) and encoded as PNG.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MIN_SIDE = 64
MAX_SIDE = 4096
# MPO is how Pillow names the JPEG files some cameras write (several pictures in one).
ACCEPTED_FORMATS = {"PNG", "JPEG", "MPO", "WEBP"}

LOGO_MAX_SIDE = 512
ICON_SIZES = (192, 512)
MASKABLE_SIZE = 512
FAVICON_SIZE = 64
# A maskable icon may be cut to a circle of 80% of its width: a square fits in it at 56%.
_MASKABLE_SAFE = 0.56
_ANY_ICON_FILL = 0.9


@dataclass(frozen=True)
class LogoRenditions:
    """PNG bytes of the logo and of the app icons made from it, by variant."""

    logo: bytes
    icons: dict[str, bytes]


def image_read(upload: UploadedFile) -> Image.Image:
    """Check an upload and decode it; ValidationError saying what is wrong otherwise.

    Accepted: PNG, JPEG or WebP by content, at most 2 MB, from 64×64 to 4096×4096 pixels.
    The size is read from the header before any pixel is decoded, so a small file that
    claims a huge picture (a decompression bomb) is refused without being expanded.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if _looks_like_markup(data):
        raise ValidationError(
            _(
                "SVG and other text files are not accepted (they can carry scripts); "
                "upload a PNG, JPEG or WebP image."
            ),
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("%(format)s images are not accepted; upload a PNG, JPEG or WebP image.")
                    % {"format": image_format},
                    code="format",
                )
            _check_dimensions(*image.size)
            image.verify()  # structure and checksums; the object is unusable afterwards
            image = Image.open(io.BytesIO(data))
            image.load()
            # Turn the picture upright before its EXIF (and the orientation in it) goes.
            image = ImageOps.exif_transpose(image)
            return image.convert("RGBA")
    except ValidationError:
        raise
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("This file is not an image that can be read; upload a PNG, JPEG or WebP image."),
            code="not_image",
        ) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image has too many pixels to process; it may be at most %(max)d×%(max)d.")
            % {"max": MAX_SIDE},
            code="too_many_pixels",
        ) from error
    except Exception as error:  # noqa: BLE001 - whatever a decoder trips on, the file is bad
        raise ValidationError(
            _("The image file is damaged or incomplete."), code="damaged"
        ) from error


def logo_renditions(image: Image.Image, *, maskable_background: str) -> LogoRenditions:
    """The logo (at most 512 px on its longer side, never enlarged) and app icons from it:
    ``any-192`` and ``any-512`` on a transparent square, ``maskable-512`` inside the safe
    zone on an opaque ``maskable_background``."""
    logo = image.copy()
    logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    icons = {
        f"any-{size}": _png(_on_square(image, size, fill=_ANY_ICON_FILL, background=None))
        for size in ICON_SIZES
    }
    icons[f"maskable-{MASKABLE_SIZE}"] = _png(
        _on_square(image, MASKABLE_SIZE, fill=_MASKABLE_SAFE, background=maskable_background)
    )
    return LogoRenditions(logo=_png(logo), icons=icons)


def favicon_rendition(image: Image.Image) -> bytes:
    """A 64×64 favicon on a transparent square."""
    return _png(_on_square(image, FAVICON_SIZE, fill=1.0, background=None))


def initials_icon(
    *, initials: str, background: str, foreground: str, size: int, maskable: bool
) -> bytes:
    """A square PNG icon: ``initials`` in ``foreground`` on ``background``."""
    image = Image.new("RGBA", (size, size), background)
    draw = ImageDraw.Draw(image)
    scale = 0.34 if maskable else 0.46
    if len(initials) > 1:
        scale *= 0.8
    font = ImageFont.load_default(size=max(8, round(size * scale)))
    draw.text((size / 2, size / 2), initials, fill=foreground, font=font, anchor="mm")
    return _png(image)


def _on_square(image: Image.Image, size: int, *, fill: float, background: str | None):
    canvas = Image.new("RGBA", (size, size), background or (0, 0, 0, 0))
    box = max(1, round(size * fill))
    fitted = ImageOps.contain(image, (box, box), Image.Resampling.LANCZOS)
    offset = ((size - fitted.width) // 2, (size - fitted.height) // 2)
    canvas.alpha_composite(fitted, offset)
    return canvas


def _png(image: Image.Image) -> bytes:
    # A fresh image holds the pixels only: nothing of the upload's metadata comes along.
    clean = Image.new("RGBA", image.size)
    clean.paste(image.convert("RGBA"))
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _check_dimensions(width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ValidationError(
            _("The image is %(w)d×%(h)d pixels; it must be at least %(min)d×%(min)d.")
            % {"w": width, "h": height, "min": MIN_SIDE},
            code="too_small",
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            _("The image is %(w)d×%(h)d pixels; it may be at most %(max)d×%(max)d.")
            % {"w": width, "h": height, "max": MAX_SIDE},
            code="too_big",
        )


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") or b"<svg" in head


def _megabytes(size: int) -> str:
    # In the reader's notation: 2.5 MB in English, 2,5 MB in Indonesian.
    # (number_format cuts extra decimals off; round first, as the English text always did.)
    return f"{number_format(round(size / (1024 * 1024), 1), decimal_pos=1)} MB"
