"""Bulk import of a city's destinations, facilities and events from CSV or GeoJSON, and
the content a city's manifest ships for the module (``content_load``).

Every row goes through the same services as the console (``destination_save``,
``facility_save``, ``event_save`` and the publish/unpublish services), so an import
accepts exactly what an officer could type. The whole file runs in one transaction: a
dry run, or a file with any bad row, is rolled back, so nothing is written unless every
row is clean. Rows are matched on their slug (from the ``slug`` column, else made from
the name), so importing a file again updates instead of duplicating; a row the services
would leave exactly as it is counts as unchanged and writes nothing.

The columns of each kind are described once, in ``COLUMNS``: the import page shows them
and ``IMPORT.md`` explains the formats with examples.
"""

import base64
import csv
import hashlib
import io
import json
import math
import re
import zlib
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kota.audit.services import audit_record
from kota.modules.plesiran import services
from kota.modules.plesiran.models import (
    Amenity,
    Category,
    Destination,
    Event,
    Facility,
    FacilityKind,
    Status,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
SLUG_MAX_LENGTH = 80


class ImportKind(models.TextChoices):
    DESTINATIONS = "destinations", gettext_lazy("Destinations")
    FACILITIES = "facilities", gettext_lazy("Facilities")
    EVENTS = "events", gettext_lazy("Events")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


def _columns(*specs: tuple[str, bool, str]) -> tuple[Column, ...]:
    return tuple(Column(name, required, help) for name, required, help in specs)


_SLUG_HELP = gettext_lazy(
    "The address in the site and the key for re-imports; empty: made from the name."
)
_POINT_HELP = gettext_lazy("Decimal degrees inside the city, e.g. -6.1781 and 106.6300.")
_STATUS_HELP = gettext_lazy("draft or published.")

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.DESTINATIONS: _columns(
        ("slug", False, _SLUG_HELP),
        ("name", True, gettext_lazy("The place's name.")),
        ("category", True, gettext_lazy("A category key, e.g. religi, kuliner, taman-alam.")),
        ("description_id", True, gettext_lazy("Description in Indonesian.")),
        ("description_en", False, gettext_lazy("Description in English.")),
        ("address", True, gettext_lazy("Street address.")),
        ("latitude", True, _POINT_HELP),
        ("longitude", True, _POINT_HELP),
        ("phone", False, gettext_lazy("Phone number.")),
        ("email", False, gettext_lazy("Email address.")),
        ("website", False, gettext_lazy("Full address, starting with https://.")),
        ("instagram", False, gettext_lazy("Instagram account, e.g. @tangerangkota.")),
        ("is_free", False, gettext_lazy("Free entry: yes or no.")),
        (
            "amenities",
            False,
            gettext_lazy("Separated by |, from: %(choices)s.")
            % {"choices": ", ".join(Amenity.values)},
        ),
        (
            "hours",
            False,
            gettext_lazy(
                "Weekly opening hours, e.g. “mon-fri 08:00-17:00; sat 08:00-22:00; sun closed”"
                " (days not named are closed; 24h for open all day)."
            ),
        ),
        (
            "tickets",
            False,
            gettext_lazy(
                "Prices in rupiah, separated by |, an English label after a slash: "
                "“Dewasa/Adults=10000|Anak/Children=5000”."
            ),
        ),
        ("status", False, _STATUS_HELP),
    ),
    ImportKind.FACILITIES: _columns(
        ("slug", False, _SLUG_HELP),
        (
            "kind",
            True,
            gettext_lazy("One of: %(choices)s.") % {"choices": ", ".join(FacilityKind.values)},
        ),
        ("name", True, gettext_lazy("The facility's name.")),
        ("address", False, gettext_lazy("Street address.")),
        ("latitude", True, _POINT_HELP),
        ("longitude", True, _POINT_HELP),
        ("phone", False, gettext_lazy("Phone number.")),
        ("open_all_day", False, gettext_lazy("Open 24 hours: yes or no.")),
        ("status", False, _STATUS_HELP),
    ),
    ImportKind.EVENTS: _columns(
        ("slug", False, _SLUG_HELP),
        ("name", True, gettext_lazy("The event's name.")),
        ("category", True, gettext_lazy("A category key, e.g. sejarah-budaya, kuliner.")),
        (
            "venue",
            True,
            gettext_lazy(
                "The slug of one of the city's destinations (which lends its address and "
                "location), or the name of another place."
            ),
        ),
        ("address", False, gettext_lazy("Street address; empty: the venue's.")),
        (
            "latitude",
            False,
            gettext_lazy("Decimal degrees; empty: the venue's (a destination's)."),
        ),
        (
            "longitude",
            False,
            gettext_lazy("Decimal degrees; empty: the venue's (a destination's)."),
        ),
        (
            "starts_at",
            True,
            gettext_lazy("Local time of the city, e.g. 2026-12-05 16:00 (a date alone: 00:00)."),
        ),
        (
            "ends_at",
            True,
            gettext_lazy("Local time of the city, e.g. 2026-12-05 22:00 (a date alone: 23:59)."),
        ),
        ("description_id", True, gettext_lazy("Description in Indonesian.")),
        ("description_en", False, gettext_lazy("Description in English.")),
        ("is_free", False, gettext_lazy("Free entry: yes or no (empty: yes).")),
        ("ticket_note", False, gettext_lazy("A note on tickets, e.g. “Rp25.000 at the gate”.")),
        ("website", False, gettext_lazy("Full address, starting with https://.")),
        ("status", False, _STATUS_HELP),
    ),
}


# --- Reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong and where: ``line`` is the file's line (CSV) or the feature's number
    (GeoJSON), 0 for the file as a whole; ``field`` the column, "-" for the whole row."""

    line: int
    field: str
    reason: str
    unit: str = "line"

    @property
    def where(self) -> str:
        if not self.line:
            return _("file")
        if self.unit == "feature":
            return _("feature %(number)d") % {"number": self.line}
        return _("line %(number)d") % {"number": self.line}

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.reason}"


def _where(line: int, unit: str) -> str:
    return ImportProblem(line, "-", "", unit).where


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    filename: str = ""
    unit: str = "line"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        """Whether the import changed anything (never for a dry run or a bad file)."""
        return not self.dry_run and self.is_clean and bool(self.created or self.updated)

    def problem(self, line: int, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(line, column, str(reason), self.unit))


class _RollBack(Exception):
    """Raised inside the import's transaction to undo it (dry runs and bad files)."""


# --- Reading files ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int
    # Only the columns the row has (a CSV row has its header's; a GeoJSON feature its
    # properties' and, from its geometry, latitude and longitude).
    cells: dict[str, str]


def _rows_read(data: bytes, kind: str, report: ImportReport) -> list[_Row] | None:
    """The readable rows of a CSV or GeoJSON file (told apart by their content); rows that
    cannot be read are reported and left out. None when the file as a whole cannot be
    read (its problems are in ``report``)."""
    if len(data) > MAX_FILE_BYTES:
        report.problem(
            0,
            "-",
            _("The file is larger than %(max)d MB; split it into smaller files.")
            % {"max": MAX_FILE_BYTES // (1024 * 1024)},
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.problem(
            0,
            "-",
            _(
                "The file is not UTF-8 text (byte %(position)d cannot be read). Save it as "
                "“CSV UTF-8” or GeoJSON."
            )
            % {"position": error.start + 1},
        )
        return None
    if "\x00" in text:
        report.problem(0, "-", _("The file holds binary data; save it as CSV or GeoJSON."))
        return None
    if not text.strip():
        report.problem(0, "-", _("The file is empty."))
        return None
    if text.lstrip().startswith("{"):
        report.unit = "feature"
        return _geojson_rows(text, kind, report)
    return _csv_rows(text, kind, report)


def _delimiter(header_line: str) -> str:
    # Spreadsheets in Indonesian settings save CSV with semicolons (the comma being their
    # decimal mark); the header of column names tells which one a file uses.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _csv_rows(text: str, kind: str, report: ImportReport) -> list[_Row] | None:
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = [name.strip().lower() for name in next(reader)]
        if not _columns_check(header, kind, report, line=1):
            return None
        rows, previous_end = [], reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == MAX_ROWS:
                report.problem(0, "-", _too_many_rows())
                return None
            if len(cells) != len(header):
                report.problem(
                    line,
                    "-",
                    _("This row has %(cells)d values, the header %(columns)d columns.")
                    % {"cells": len(cells), "columns": len(header)},
                )
                continue
            rows.append(_Row(line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    except csv.Error as error:
        report.problem(reader.line_num, "-", _("Not valid CSV: %(error)s") % {"error": error})
        return None
    if not rows and report.is_clean:
        report.problem(0, "-", _("The file has a header but no rows."))
        return None
    return rows


def _too_many_rows() -> str:
    return _("The file has more than %(max)s rows; split it into smaller files.") % {
        "max": f"{MAX_ROWS:,}"
    }


def _columns_check(names: Iterable[str], kind: str, report: ImportReport, *, line: int) -> bool:
    names = list(names)
    known = [c.name for c in COLUMNS[kind]]
    ok = True
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        report.problem(
            line, "-", _("Columns given twice: %(names)s.") % {"names": ", ".join(duplicated)}
        )
        ok = False
    unknown = [n for n in names if n not in known]
    if unknown:
        report.problem(
            line,
            "-",
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)},
        )
        ok = False
    missing = [c.name for c in COLUMNS[kind] if c.required and c.name not in names]
    # An event's location may come from its venue: both columns or neither.
    if kind == ImportKind.EVENTS and ("latitude" in names) != ("longitude" in names):
        missing.append("longitude" if "latitude" in names else "latitude")
    if missing:
        report.problem(
            line,
            "-",
            _("Required columns missing: %(names)s.") % {"names": ", ".join(missing)},
        )
        ok = False
    return ok


def _geojson_rows(text: str, kind: str, report: ImportReport) -> list[_Row] | None:
    try:
        document = json.loads(text)
    except ValueError as error:
        report.problem(0, "-", _("Not valid JSON: %(error)s") % {"error": error})
        return None
    features = document.get("features") if isinstance(document, dict) else None
    if document.get("type") != "FeatureCollection" or not isinstance(features, list):
        report.problem(0, "-", _("A GeoJSON file must be a FeatureCollection of points."))
        return None
    if len(features) > MAX_ROWS:
        report.problem(0, "-", _too_many_rows())
        return None
    if not features:
        report.problem(0, "-", _("The file has no features."))
        return None
    rows = []
    for number, feature in enumerate(features, start=1):
        cells = _feature_cells(feature, number, kind, report)
        if cells is not None:
            rows.append(_Row(number, cells))
    return rows


def _feature_cells(feature, number: int, kind: str, report: ImportReport) -> dict | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report.problem(number, "-", _("Not a GeoJSON Feature."))
        return None
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        report.problem(number, "-", _("Its properties must be an object."))
        return None
    if {"latitude", "longitude"} & set(properties):
        report.problem(
            number,
            "-",
            _("Give the location as the feature's geometry, not as latitude/longitude."),
        )
        return None
    cells = {str(name).strip().lower(): _cell(name, v) for name, v in properties.items()}
    geometry = feature.get("geometry")
    if geometry is not None:
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            geometry.get("type") != "Point"
            or not isinstance(coordinates, list)
            or len(coordinates) < 2
            or not all(_is_number(v) for v in coordinates[:2])
        ):
            report.problem(number, "-", _("Its geometry must be a Point: [longitude, latitude]."))
            return None
        cells["longitude"], cells["latitude"] = (str(v) for v in coordinates[:2])
    elif kind != ImportKind.EVENTS:
        report.problem(number, "latitude", _("The feature has no location (geometry)."))
        return None
    return cells if _columns_check(cells, kind, report, line=number) else None


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(name: str, value) -> str:
    """A GeoJSON property as the text the CSV column would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    if isinstance(value, dict):
        if name == "hours":
            return "; ".join(f"{days} {periods}" for days, periods in value.items())
        return "|".join(f"{label}={price}" for label, price in value.items())
    return str(value).strip()


# --- Reading values --------------------------------------------------------------------


class _BadValue(Exception):
    pass


_TRUE = {"yes", "ya", "y", "true", "1", "benar"}
_FALSE = {"no", "tidak", "n", "false", "0", "salah"}


def _boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _BadValue(_("Write yes or no."))


def _coordinate(text: str) -> float:
    value = text.strip()
    # A decimal comma, as spreadsheets in Indonesian settings write them.
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise _BadValue(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not math.isfinite(number):
        raise _BadValue(_("“%(value)s” is not a number.") % {"value": text})
    return number


def _status(text: str) -> str:
    value = text.strip().lower()
    if value not in Status.values:
        raise _BadValue(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(Status.values)}
        )
    return value


def _amenities(text: str) -> list[str]:
    chosen = []
    for item in (part.strip().lower() for part in text.split("|")):
        if not item:
            continue
        if item not in Amenity.values:
            raise _BadValue(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": item, "choices": ", ".join(Amenity.values)}
            )
        if item not in chosen:
            chosen.append(item)
    return chosen


def _tickets(text: str) -> list[dict]:
    tickets = []
    for item in (part.strip() for part in text.split("|")):
        if not item:
            continue
        label, equals, price = item.rpartition("=")
        label_id, _slash, label_en = label.partition("/")
        digits = re.sub(r"^rp\.?|[\s.,]", "", price.strip().lower())
        if not equals or not label_id.strip() or not digits.isdigit():
            raise _BadValue(
                _("“%(value)s” is not a ticket: write label=price, e.g. Dewasa/Adults=10000.")
                % {"value": item}
            )
        tickets.append(
            {"label_id": label_id.strip(), "label_en": label_en.strip(), "price_idr": int(digits)}
        )
    return tickets


_DAY_NAMES = {
    # English and Indonesian, by their first three letters (ahad: Sunday).
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: n for n, name in enumerate(("sen", "sel", "rab", "kam", "jum", "sab", "min"))},
    "aha": 6,
}
_EVERY_DAY = {"daily", "everyday", "setiap-hari", "tiap-hari"}
_CLOSED = {"closed", "tutup", "libur"}
_ALL_DAY = {"24h", "24jam", "24-jam", "00:00-24:00"}


def _weekday(word: str, segment: str) -> int:
    word = word.strip().lower().replace("'", "")
    if word.isalpha() and word[:3] in _DAY_NAMES:
        return _DAY_NAMES[word[:3]]
    raise _BadValue(
        _("In “%(segment)s”: “%(day)s” is not a day; use mon, tue, wed, thu, fri, sat, sun.")
        % {"segment": segment, "day": word}
    )


def _days(text: str, segment: str) -> list[int]:
    if text.lower() in _EVERY_DAY:
        return list(range(7))
    days = []
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start = _weekday(first, segment)
        end = _weekday(last, segment) if dash else start
        span = (end - start) % 7
        days += [(start + offset) % 7 for offset in range(span + 1)]
    return days


def _clock(text: str, segment: str) -> time:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip())
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if hour == 24 and minute == 0:
        return time(0, 0)  # closing at 24:00 is closing at midnight
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _BadValue(
            _("In “%(segment)s”: “%(time)s” is not a time like 08:00.")
            % {"segment": segment, "time": text}
        )
    return time(hour, minute)


def _hours(text: str) -> list[dict]:
    """``mon-fri 08:00-17:00; sat 08:00-12:00,13:00-22:00; sun closed`` as OpeningHours
    rows; days not named are closed, ``24h`` is open all day."""
    rows, seen = [], set()
    for segment in (part.strip() for part in text.split(";")):
        if not segment:
            continue
        days_text, _space, periods = segment.partition(" ")
        periods = periods.replace(" ", "").lower()
        if not periods:
            raise _BadValue(
                _("In “%(segment)s”: give the days, then the hours, e.g. mon-fri 08:00-17:00.")
                % {"segment": segment}
            )
        days = _days(days_text, segment)
        twice = sorted(seen.intersection(days))
        if twice:
            raise _BadValue(_("In “%(segment)s”: a day is given twice.") % {"segment": segment})
        seen.update(days)
        if periods in _CLOSED:
            continue
        for period in ["00:00-00:00"] if periods in _ALL_DAY else periods.split(","):
            opens, dash, closes = period.partition("-")
            if not dash:
                raise _BadValue(
                    _("In “%(segment)s”: “%(period)s” is not hours like 08:00-17:00.")
                    % {"segment": segment, "period": period}
                )
            opening, closing = _clock(opens, segment), _clock(closes, segment)
            rows += [{"weekday": day, "opens": opening, "closes": closing} for day in days]
    return rows


_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _local_datetime(text: str, *, zone: zoneinfo.ZoneInfo, end_of_day: bool) -> datetime:
    value = text.strip()
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is not None:
        moment = datetime.combine(day, time(23, 59) if end_of_day else time(0, 0))
        return moment.replace(tzinfo=zone)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    raise _BadValue(
        _("“%(value)s” is not a date and time like 2026-12-05 16:00.") % {"value": text}
    )


class _Cells:
    """One row's cells, read into values; each bad value is reported (line, column,
    reason) and read as None, so every problem of the row is found in one pass."""

    def __init__(self, row: _Row, report: ImportReport):
        self.row = row
        self.report = report
        self.failed: set[str] = set()

    @property
    def ok(self) -> bool:
        return not self.failed

    def has(self, name: str) -> bool:
        return name in self.row.cells

    def text(self, name: str) -> str:
        return self.row.cells.get(name, "")

    def read(self, name: str, parse: Callable[[str], object], *, empty=None):
        """``parse(cell)``, or ``empty`` when the cell is empty (or the column absent)."""
        cell = self.text(name)
        if not cell:
            return empty
        try:
            return parse(cell)
        except _BadValue as error:
            self.fail(name, str(error))
            return None

    def fail(self, name: str, reason: str) -> None:
        if name not in self.failed:  # one problem per column is enough to fix it
            self.failed.add(name)
            self.report.problem(self.row.line, name, reason)


# --- Kinds -----------------------------------------------------------------------------


@dataclass
class _Plan:
    """What one row asks for: the service's arguments and the wanted status."""

    slug: str
    fields: dict
    extra: dict = field(default_factory=dict)
    status: str | None = None


@dataclass
class _Context:
    city: object
    actor: object
    categories: dict[str, Category]
    venues: dict[str, Destination]
    zone: zoneinfo.ZoneInfo


def _category(cells: _Cells, context: _Context):
    wanted = cells.text("category").strip().lower()
    category = context.categories.get(wanted)
    if category is None:
        keys = sorted({c.slug for c in context.categories.values()})
        cells.fail(
            "category",
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": cells.text("category"), "choices": ", ".join(keys)},
        )
        return None
    return category.pk


def _plain_fields(cells: _Cells, names: Iterable[str]) -> dict:
    return {name: cells.text(name) for name in names if cells.has(name)}


def _destination_plan(cells: _Cells, context: _Context) -> dict:
    fields = _plain_fields(
        cells,
        (
            "name",
            "description_id",
            "description_en",
            "address",
            "phone",
            "email",
            "website",
            "instagram",
        ),
    )
    fields["category_id"] = _category(cells, context)
    fields["latitude"] = cells.read("latitude", _coordinate)
    fields["longitude"] = cells.read("longitude", _coordinate)
    if cells.has("is_free"):
        fields["is_free"] = cells.read("is_free", _boolean, empty=False)
    if cells.has("amenities"):
        fields["amenities"] = cells.read("amenities", _amenities, empty=[])
    extra = {}
    if cells.has("tickets"):
        extra["tickets"] = cells.read("tickets", _tickets, empty=[])
    if cells.has("hours"):
        extra["hours"] = cells.read("hours", _hours, empty=[])
    return {"fields": fields, "extra": extra}


def _facility_plan(cells: _Cells, context: _Context) -> dict:
    fields = _plain_fields(cells, ("name", "address", "phone"))
    kind = cells.text("kind").strip().lower()
    if kind not in FacilityKind.values:
        cells.fail(
            "kind",
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": cells.text("kind"), "choices": ", ".join(FacilityKind.values)},
        )
    fields["kind"] = kind
    fields["latitude"] = cells.read("latitude", _coordinate)
    fields["longitude"] = cells.read("longitude", _coordinate)
    if cells.has("open_all_day"):
        fields["open_all_day"] = cells.read("open_all_day", _boolean, empty=False)
    return {"fields": fields, "extra": {}}


def _event_plan(cells: _Cells, context: _Context) -> dict:
    fields = _plain_fields(
        cells, ("name", "description_id", "description_en", "ticket_note", "website")
    )
    fields["category_id"] = _category(cells, context)
    venue_text = cells.text("venue")
    venue = context.venues.get(venue_text)
    # A destination lends an event its name, address and location where the row leaves
    # them empty (event_save decides how); another place is just a name.
    fields["venue"] = venue
    fields["venue_id"] = None
    fields["venue_name"] = "" if venue else venue_text
    fields["address"] = cells.text("address")
    fields["latitude"] = cells.read("latitude", _coordinate)
    fields["longitude"] = cells.read("longitude", _coordinate)
    if venue is None and (not cells.text("latitude") or not cells.text("longitude")):
        cells.fail(
            "latitude",
            _(
                "Give the event's location, or as its venue the slug of one of the city's "
                "destinations."
            ),
        )
    fields["starts_at"] = cells.read(
        "starts_at",
        lambda text: _local_datetime(text, zone=context.zone, end_of_day=False),
    )
    fields["ends_at"] = cells.read(
        "ends_at", lambda text: _local_datetime(text, zone=context.zone, end_of_day=True)
    )
    if cells.has("is_free"):
        fields["is_free"] = cells.read("is_free", _boolean, empty=True)
    return {"fields": fields, "extra": {}}


@dataclass(frozen=True)
class _Kind:
    model: type
    plan: Callable[[_Cells, _Context], dict]
    save: Callable[..., object]
    # The keyword by which the save service takes the object to change.
    instance_argument: str
    # What the "unchanged" comparison reads off a saved object.
    snapshot_fields: tuple[str, ...]
    related: tuple[str, ...] = ()
    publish: Callable[..., bool] | None = None
    unpublish: Callable[..., bool] | None = None


_KINDS = {
    ImportKind.DESTINATIONS: _Kind(
        model=Destination,
        plan=_destination_plan,
        save=services.destination_save,
        instance_argument="destination",
        snapshot_fields=services.DESTINATION_FIELDS,
        related=("tickets", "hours"),
        publish=lambda obj, actor: services.destination_publish(destination=obj, actor=actor),
        unpublish=lambda obj, actor: services.destination_unpublish(destination=obj, actor=actor),
    ),
    ImportKind.FACILITIES: _Kind(
        model=Facility,
        plan=_facility_plan,
        save=services.facility_save,
        instance_argument="facility",
        snapshot_fields=services.FACILITY_FIELDS,
        publish=lambda obj, actor: services.facility_publish(facility=obj, actor=actor),
        unpublish=lambda obj, actor: services.facility_unpublish(facility=obj, actor=actor),
    ),
    ImportKind.EVENTS: _Kind(
        model=Event,
        plan=_event_plan,
        save=services.event_save,
        instance_argument="event",
        snapshot_fields=services.EVENT_FIELDS,
        publish=lambda obj, actor: services.event_publish(event=obj, actor=actor),
        unpublish=lambda obj, actor: services.event_unpublish(event=obj, actor=actor),
    ),
}


def _state(obj, kind: _Kind) -> tuple:
    """Everything an import can change on ``obj``, to tell an unchanged row."""
    plain = tuple(getattr(obj, name) for name in kind.snapshot_fields)
    related = []
    if "tickets" in kind.related:
        related.append([(t.label_id, t.label_en, t.price_idr) for t in obj.tickets.all()])
    if "hours" in kind.related:
        related.append(sorted((h.weekday, h.opens, h.closes) for h in obj.hours.all()))
    return (obj.slug, obj.status, plain, *related)


def _slug(cells: _Cells) -> str:
    wanted = cells.text("slug") or cells.text("name")
    slug = slugify(wanted)[:SLUG_MAX_LENGTH].strip("-")
    if not slug:
        cells.fail(
            "slug" if cells.text("slug") else "name",
            _("No address can be made of “%(value)s”; give a slug of letters and digits.")
            % {"value": wanted},
        )
    return slug


# --- Importing -------------------------------------------------------------------------


def import_file(
    *, city, actor, kind: str, data: bytes, filename: str = "", dry_run: bool
) -> ImportReport:
    """Import (or with ``dry_run`` only check) a CSV or GeoJSON file of ``kind``
    ("destinations", "facilities", "events") into ``city``, in its schema.

    Every row is validated by the module's services; the report lists every problem as
    (line, column, reason) and counts the rows created, updated and unchanged. Nothing is
    written by a dry run or when any row has a problem. A real import that changes
    something is audited once ("plesiran.import") besides the services' own entries."""
    if kind not in _KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = ImportReport(kind=kind, dry_run=dry_run, filename=filename)
    rows = _rows_read(data, kind, report)
    if rows is None:
        return report
    try:
        with transaction.atomic():
            _rows_import(rows, city=city, actor=actor, kind=kind, report=report)
            if report.written:
                audit_record(
                    actor=actor,
                    action="plesiran.import",
                    target=kind,
                    after={
                        "file": filename,
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    },
                )
            else:
                raise _RollBack
    except _RollBack:
        pass
    report.problems.sort(key=lambda problem: problem.line)  # in the file's order
    return report


def _rows_import(rows: list[_Row], *, city, actor, kind: str, report: ImportReport) -> None:
    spec = _KINDS[kind]
    context = _Context(
        city=city,
        actor=actor,
        categories=_categories_by_key(),
        venues=(
            {d.slug: d for d in Destination.objects.all()} if kind == ImportKind.EVENTS else {}
        ),
        zone=zoneinfo.ZoneInfo(city.time_zone),
    )
    plans: list[tuple[_Row, _Plan]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        cells = _Cells(row, report)
        for column in COLUMNS[kind]:
            if column.required and not cells.text(column.name):
                cells.fail(column.name, _("This column is required."))
        slug = _slug(cells)
        planned = spec.plan(cells, context)
        status = cells.read("status", _status)
        if slug and slug in first_line:
            cells.fail(
                "slug",
                _("“%(slug)s” is also the slug of %(where)s; give each row its own slug.")
                % {"slug": slug, "where": _where(first_line[slug], report.unit)},
            )
        elif slug:
            first_line[slug] = row.line
        if cells.ok:
            plans.append((row, _Plan(slug=slug, status=status, **planned)))
    report.rows = len(rows)
    existing = {
        obj.slug: obj
        for obj in spec.model.objects.filter(
            slug__in=[plan.slug for _row, plan in plans]
        ).prefetch_related(*spec.related)
    }
    for row, plan in plans:
        _row_import(
            row, plan, spec=spec, existing=existing.get(plan.slug), context=context, report=report
        )


def _categories_by_key() -> dict[str, Category]:
    """Categories by their key and by their names in both languages (lowercase)."""
    found = {}
    for category in Category.objects.all():
        for key in (category.name_en, category.name_id, category.slug):
            found[key.strip().lower()] = category
    return found


def _row_import(row: _Row, plan: _Plan, *, spec: _Kind, existing, context, report) -> None:
    before = _state(existing, spec) if existing is not None else None
    try:
        with transaction.atomic():
            saved = spec.save(
                city=context.city,
                actor=context.actor,
                fields={**plan.fields, "slug": plan.slug},
                **{spec.instance_argument: existing},
                **plan.extra,
            )
            if plan.status == Status.PUBLISHED:
                spec.publish(saved, context.actor)
            elif plan.status == Status.DRAFT:
                spec.unpublish(saved, context.actor)
            if before is not None and _state(_fresh(saved, spec), spec) == before:
                raise _Unchanged
    except _Unchanged:
        report.unchanged += 1
    except ValidationError as error:
        for column, message in _problems_of(error):
            report.problem(row.line, column, message)
    else:
        if existing is None:
            report.created += 1
        else:
            report.updated += 1


class _Unchanged(Exception):
    """Undoes a row whose save would leave its object exactly as it was."""


def _fresh(obj, spec: _Kind):
    if spec.related:
        # The services replaced the related rows: read them again.
        obj = spec.model.objects.prefetch_related(*spec.related).get(pk=obj.pk)
    return obj


# Model fields (as the services report them) to the columns of the file.
_COLUMN_OF = {
    "category_id": "category",
    "venue_id": "venue",
    "venue_name": "venue",
    "label_id": "tickets",
    "label_en": "tickets",
    "price_idr": "tickets",
    "weekday": "hours",
    "opens": "hours",
    "closes": "hours",
    "__all__": "-",
}


def _problems_of(error: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("-", message) for message in error.messages]
    return [
        (_COLUMN_OF.get(name, name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


# --- Keeping a checked file between the dry run and the import -------------------------


def file_pack(data: bytes) -> str:
    """A checked file as text small enough for the officer's session (compressed)."""
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def file_unpack(packed: str) -> bytes:
    return zlib.decompress(base64.b64decode(packed))


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Manifest content ------------------------------------------------------------------

_CONTENT_SUFFIXES = (".csv", ".geojson", ".json")


def content_load(city, folder: Path) -> bool:
    """Load the content a city's manifest ships for e-plesiran: ``destinations.*``,
    ``facilities.*`` and ``events.*`` (CSV or GeoJSON) in ``folder``, in that order (so
    events may name a destination as their venue), published or not as the files say.

    Runs in the city's schema (the caller enters it). All or nothing: a bad row raises
    ValidationError listing every problem as "file, line N, column: reason". Returns
    whether anything changed; applying the same files again changes nothing."""
    files, problems = _content_files(Path(folder))
    changed = False
    with transaction.atomic():
        for kind, path in files:
            report = import_file(
                city=city,
                actor=None,
                kind=kind,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=False,
            )
            problems += [f"{path.name}: {problem}" for problem in report.problems]
            if problems:
                break  # later files may depend on this one (events on destinations)
            changed = changed or report.written
        if problems:
            raise ValidationError(problems)
    return changed


def _content_files(folder: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    found: dict[str, list[Path]] = {kind: [] for kind in ImportKind.values}
    problems = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in _CONTENT_SUFFIXES:
            continue
        if path.stem in found:
            found[path.stem].append(path)
        else:
            problems.append(
                f"{path.name}: name content files {', '.join(ImportKind.values)} "
                "(.csv, .geojson or .json)"
            )
    files = []
    for kind in ImportKind.values:  # destinations first: events may take them as venues
        if len(found[kind]) > 1:
            problems.append(f"{', '.join(p.name for p in found[kind])}: one file of {kind}, please")
        elif found[kind]:
            files.append((kind, found[kind][0]))
    return files, problems
