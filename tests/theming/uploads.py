"""Images to upload in tests, made with Pillow in memory."""

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# An EXIF block with a camera make and a GPS position, as phones write them.
CAMERA_MAKE = "KotaCam-Secret-Model"
GPS_LATITUDE = (6.0, 10.0, 40.12)


def png_upload(
    name: str = "logo.png", size=(300, 120), color=(11, 83, 148, 255), **kwargs
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color).save(buffer, format="PNG", **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_with_exif_upload(name: str = "photo.jpg", size=(400, 400)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 60, 40))
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE  # Make
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = GPS_LATITUDE  # GPSLatitude
    gps[3] = "E"
    gps[4] = (106.0, 37.0, 48.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def image_upload(format_name: str, name: str, size=(100, 100)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 109, 119)).save(buffer, format=format_name)
    return SimpleUploadedFile(name, buffer.getvalue())


def svg_upload() -> SimpleUploadedFile:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    svg += b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>'
    # Named and typed like a PNG: only the content tells.
    return SimpleUploadedFile("logo.png", svg, content_type="image/png")


def bomb_upload(width: int = 100_000, height: int = 100_000) -> SimpleUploadedFile:
    """A tiny valid-looking PNG whose header claims an enormous picture."""
    data = png_upload(size=(64, 64)).read()
    header = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + header
    patched = data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return SimpleUploadedFile("bomb.png", patched + data[33:], content_type="image/png")


def noise_png_upload(name: str = "noise.png", side: int = 200) -> SimpleUploadedFile:
    """A PNG that does not compress: about 3 bytes per pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def truncated_png_upload() -> SimpleUploadedFile:
    data = noise_png_upload().read()
    return SimpleUploadedFile("broken.png", data[: len(data) // 2], content_type="image/png")


def stored_image(storage_path) -> Image.Image:
    with open(storage_path, "rb") as handle:
        return Image.open(io.BytesIO(handle.read()))
