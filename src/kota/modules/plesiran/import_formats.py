"""Bulk import files of e-plesiran: their columns, reading CSV and GeoJSON into rows, and
reading each cell into a value, every problem reported as (line, column, reason).

The columns of each kind are described once, in ``COLUMNS``: the import page shows them
and ``IMPORT.md`` explains the formats with examples. Writing the rows is
``kota.modules.plesiran.imports``'s business.
"""

import csv
import io
import json
import math
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kota.modules.plesiran.models import Amenity, FacilityKind, Status

MAX_FILE_BYTES = 5 * 1024 * 1024
# Every row goes through the services within the request that checks or imports it: ~7
# queries a facility, ~45 a destination with a week of hours and two tickets. 1,000 rows
# keep that inside a request's time (measured on a busy two-core machine: 1,000
# facilities ~9 s, 1,000 such destinations ~60 s); larger data sets come in several files.
MAX_ROWS = 1_000


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


def problem_place(line: int, unit: str) -> str:
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


# --- Reading files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    # Only the columns the row has (a CSV row has its header's; a GeoJSON feature its
    # properties' and, from its geometry, latitude and longitude).
    cells: dict[str, str]


def rows_read(data: bytes, kind: str, report: ImportReport) -> list[Row] | None:
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


def _csv_rows(text: str, kind: str, report: ImportReport) -> list[Row] | None:
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
            rows.append(Row(line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    except csv.Error as error:
        report.problem(reader.line_num, "-", _("Not valid CSV: %(error)s") % {"error": error})
        return None
    if not rows and report.is_clean:
        report.problem(0, "-", _("The file has a header but no rows."))
        return None
    return rows


def _too_many_rows() -> str:
    return _("The file has more than %(max)s rows; split it into smaller files.") % {
        "max": number_format(MAX_ROWS, force_grouping=True)
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


def _geojson_rows(text: str, kind: str, report: ImportReport) -> list[Row] | None:
    try:
        document = json.loads(text)
    except ValueError as error:
        report.problem(0, "-", _("Not valid JSON: %(error)s") % {"error": error})
        return None
    except RecursionError:
        # e.g. "[[[[…" a hundred thousand deep: the parser gives up before the end.
        report.problem(0, "-", _("The file nests lists and objects too deeply to be read."))
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
            rows.append(Row(number, cells))
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
    cells = _properties_cells(properties, number, report)
    if cells is None:
        return None
    geometry = feature.get("geometry")
    if geometry is not None:
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
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


def _properties_cells(properties: dict, number: int, report: ImportReport) -> dict | None:
    """A feature's properties as the cells a CSV row would hold, or None (reported) when
    one cannot be: lists or objects inside each other, or a NUL character, which no text
    column of PostgreSQL can store (a CSV file holding one is refused as a whole)."""
    cells, ok = {}, True
    for name, value in properties.items():
        column = name.strip().lower()
        if "\x00" in column:
            report.problem(number, "-", _("A column name contains a NUL character; remove it."))
            ok = False
            continue
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, list | dict) and any(isinstance(i, list | dict) for i in items):
            # Turning such a value into text could even exhaust the stack.
            report.problem(
                number, column, _("Give text, a number, yes/no, or a list or object of those.")
            )
            ok = False
            continue
        cells[column] = _cell(column, value)
        if "\x00" in cells[column]:
            report.problem(number, column, _("The value contains a NUL character; remove it."))
            ok = False
    return cells if ok else None


def _cell(name: str, value) -> str:
    """A GeoJSON property (text, a number, yes/no, or a flat list or object of those) as
    the text the CSV column would hold."""
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


class BadValue(Exception):
    pass


_TRUE = {"yes", "ya", "y", "true", "1", "benar"}
_FALSE = {"no", "tidak", "n", "false", "0", "salah"}


def boolean_read(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadValue(_("Write yes or no."))


def coordinate_read(text: str) -> float:
    value = text.strip()
    # A decimal comma, as spreadsheets in Indonesian settings write them.
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise BadValue(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not math.isfinite(number):
        raise BadValue(_("“%(value)s” is not a number.") % {"value": text})
    return number


def status_read(text: str) -> str:
    value = text.strip().lower()
    if value not in Status.values:
        raise BadValue(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(Status.values)}
        )
    return value


def amenities_read(text: str) -> list[str]:
    chosen = []
    for item in (part.strip().lower() for part in text.split("|")):
        if not item:
            continue
        if item not in Amenity.values:
            raise BadValue(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": item, "choices": ", ".join(Amenity.values)}
            )
        if item not in chosen:
            chosen.append(item)
    return chosen


def tickets_read(text: str) -> list[dict]:
    tickets = []
    for item in (part.strip() for part in text.split("|")):
        if not item:
            continue
        label, equals, price = item.rpartition("=")
        label_id, _slash, label_en = label.partition("/")
        digits = re.sub(r"^rp\.?|[\s.,]", "", price.strip().lower())
        # Not str.isdigit(): "10²" passes it and int() then refuses it.
        if not equals or not label_id.strip() or not re.fullmatch(r"[0-9]+", digits):
            raise BadValue(
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
    raise BadValue(
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
        raise BadValue(
            _("In “%(segment)s”: “%(time)s” is not a time like 08:00.")
            % {"segment": segment, "time": text}
        )
    return time(hour, minute)


def hours_read(text: str) -> list[dict]:
    """``mon-fri 08:00-17:00; sat 08:00-12:00,13:00-22:00; sun closed`` as OpeningHours
    rows; days not named are closed, ``24h`` is open all day."""
    rows, seen = [], set()
    for segment in (part.strip() for part in text.split(";")):
        if not segment:
            continue
        days_text, _space, periods = segment.partition(" ")
        periods = periods.replace(" ", "").lower()
        if not periods:
            raise BadValue(
                _("In “%(segment)s”: give the days, then the hours, e.g. mon-fri 08:00-17:00.")
                % {"segment": segment}
            )
        days = _days(days_text, segment)
        twice = sorted(seen.intersection(days))
        if twice:
            raise BadValue(_("In “%(segment)s”: a day is given twice.") % {"segment": segment})
        seen.update(days)
        if periods in _CLOSED:
            continue
        for period in ["00:00-00:00"] if periods in _ALL_DAY else periods.split(","):
            opens, dash, closes = period.partition("-")
            if not dash:
                raise BadValue(
                    _("In “%(segment)s”: “%(period)s” is not hours like 08:00-17:00.")
                    % {"segment": segment, "period": period}
                )
            opening, closing = _clock(opens, segment), _clock(closes, segment)
            rows += [{"weekday": day, "opens": opening, "closes": closing} for day in days]
    return rows


_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def local_datetime_read(text: str, *, zone: zoneinfo.ZoneInfo, end_of_day: bool) -> datetime:
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
    raise BadValue(_("“%(value)s” is not a date and time like 2026-12-05 16:00.") % {"value": text})


class Cells:
    """One row's cells, read into values; each bad value is reported (line, column,
    reason) and read as None, so every problem of the row is found in one pass."""

    def __init__(self, row: Row, report: ImportReport):
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
        except BadValue as error:
            self.fail(name, str(error))
            return None

    def fail(self, name: str, reason: str) -> None:
        if name not in self.failed:  # one problem per column is enough to fix it
            self.failed.add(name)
            self.report.problem(self.row.line, name, reason)
