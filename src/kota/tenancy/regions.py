"""Indonesia's administrative facts that every city record relies on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CityKind(models.TextChoices):
    KOTA = "kota", _("City")
    KABUPATEN = "kabupaten", _("Regency")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


# The 38 provinces, each with the time zone most of its cities keep.
PROVINCE_TIME_ZONES: dict[str, str] = {
    "Aceh": TimeZone.WIB,
    "Sumatera Utara": TimeZone.WIB,
    "Sumatera Barat": TimeZone.WIB,
    "Riau": TimeZone.WIB,
    "Kepulauan Riau": TimeZone.WIB,
    "Jambi": TimeZone.WIB,
    "Sumatera Selatan": TimeZone.WIB,
    "Kepulauan Bangka Belitung": TimeZone.WIB,
    "Bengkulu": TimeZone.WIB,
    "Lampung": TimeZone.WIB,
    "DKI Jakarta": TimeZone.WIB,
    "Jawa Barat": TimeZone.WIB,
    "Banten": TimeZone.WIB,
    "Jawa Tengah": TimeZone.WIB,
    "DI Yogyakarta": TimeZone.WIB,
    "Jawa Timur": TimeZone.WIB,
    "Bali": TimeZone.WITA,
    "Nusa Tenggara Barat": TimeZone.WITA,
    "Nusa Tenggara Timur": TimeZone.WITA,
    "Kalimantan Barat": TimeZone.WIB,
    "Kalimantan Tengah": TimeZone.WIB,
    "Kalimantan Selatan": TimeZone.WITA,
    "Kalimantan Timur": TimeZone.WITA,
    "Kalimantan Utara": TimeZone.WITA,
    "Sulawesi Utara": TimeZone.WITA,
    "Gorontalo": TimeZone.WITA,
    "Sulawesi Tengah": TimeZone.WITA,
    "Sulawesi Barat": TimeZone.WITA,
    "Sulawesi Selatan": TimeZone.WITA,
    "Sulawesi Tenggara": TimeZone.WITA,
    "Maluku": TimeZone.WIT,
    "Maluku Utara": TimeZone.WIT,
    "Papua": TimeZone.WIT,
    "Papua Barat": TimeZone.WIT,
    "Papua Barat Daya": TimeZone.WIT,
    "Papua Tengah": TimeZone.WIT,
    "Papua Pegunungan": TimeZone.WIT,
    "Papua Selatan": TimeZone.WIT,
}
PROVINCE_CHOICES = [(name, name) for name in PROVINCE_TIME_ZONES]

# Roughly Indonesia's extent, to catch swapped latitude/longitude in manifests.
LATITUDE_RANGE = (-11.5, 6.5)
LONGITUDE_RANGE = (94.5, 141.5)
