"""Bulk import of a city's destinations, facilities and events from CSV or GeoJSON, and
the content a city's manifest ships for the module (``content_load``).

Every row goes through the same services as the console (``destination_save``,
``facility_save``, ``event_save`` and the publish/unpublish services), so an import
accepts exactly what an officer could type. The whole file runs in one transaction: a
dry run, or a file with any bad row, is rolled back, so nothing is written unless every
row is clean. Rows are matched on their slug (from the ``slug`` column, else made from
the name), so importing a file again updates instead of duplicating; a row the services
would leave exactly as it is counts as unchanged and writes nothing.

Formats (columns, values, limits): ``import_formats.py`` and ``IMPORT.md``.
"""

import base64
import hashlib
import zlib
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kota.audit.services import audit_record
from kota.modules.plesiran import services
from kota.modules.plesiran.import_formats import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Cells,
    ImportKind,
    ImportProblem,
    ImportReport,
    Row,
    amenities_read,
    boolean_read,
    coordinate_read,
    hours_read,
    local_datetime_read,
    problem_place,
    rows_read,
    status_read,
    tickets_read,
)
from kota.modules.plesiran.models import (
    Category,
    Destination,
    Event,
    Facility,
    FacilityKind,
    Status,
)

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportKind",
    "ImportProblem",
    "ImportReport",
    "content_load",
    "file_digest",
    "file_pack",
    "file_unpack",
    "import_file",
]

SLUG_MAX_LENGTH = 80


class _RollBack(Exception):
    """Raised inside the import's transaction to undo it (dry runs and bad files)."""


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


def _category(cells: Cells, context: _Context):
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


def _plain_fields(cells: Cells, names: Iterable[str]) -> dict:
    return {name: cells.text(name) for name in names if cells.has(name)}


def _destination_plan(cells: Cells, context: _Context) -> dict:
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
    fields["latitude"] = cells.read("latitude", coordinate_read)
    fields["longitude"] = cells.read("longitude", coordinate_read)
    if cells.has("is_free"):
        fields["is_free"] = cells.read("is_free", boolean_read, empty=False)
    if cells.has("amenities"):
        fields["amenities"] = cells.read("amenities", amenities_read, empty=[])
    extra = {}
    if cells.has("tickets"):
        extra["tickets"] = cells.read("tickets", tickets_read, empty=[])
    if cells.has("hours"):
        extra["hours"] = cells.read("hours", hours_read, empty=[])
    return {"fields": fields, "extra": extra}


def _facility_plan(cells: Cells, context: _Context) -> dict:
    fields = _plain_fields(cells, ("name", "address", "phone"))
    kind = cells.text("kind").strip().lower()
    if kind not in FacilityKind.values:
        cells.fail(
            "kind",
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": cells.text("kind"), "choices": ", ".join(FacilityKind.values)},
        )
    fields["kind"] = kind
    fields["latitude"] = cells.read("latitude", coordinate_read)
    fields["longitude"] = cells.read("longitude", coordinate_read)
    if cells.has("open_all_day"):
        fields["open_all_day"] = cells.read("open_all_day", boolean_read, empty=False)
    return {"fields": fields, "extra": {}}


def _event_plan(cells: Cells, context: _Context) -> dict:
    fields = _plain_fields(
        cells, ("name", "description_id", "description_en", "address", "ticket_note", "website")
    )
    fields["category_id"] = _category(cells, context)
    venue_text = cells.text("venue")
    venue = context.venues.get(venue_text)
    # A destination lends an event its name, address and location where the row leaves
    # them empty (event_save decides how); another place is just a name.
    fields["venue"] = venue
    fields["venue_id"] = None
    fields["venue_name"] = "" if venue else venue_text
    fields["latitude"] = cells.read("latitude", coordinate_read)
    fields["longitude"] = cells.read("longitude", coordinate_read)
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
        lambda text: local_datetime_read(text, zone=context.zone, end_of_day=False),
    )
    fields["ends_at"] = cells.read(
        "ends_at", lambda text: local_datetime_read(text, zone=context.zone, end_of_day=True)
    )
    if cells.has("is_free"):
        fields["is_free"] = cells.read("is_free", boolean_read, empty=True)
    return {"fields": fields, "extra": {}}


@dataclass(frozen=True)
class _Kind:
    model: type
    plan: Callable[[Cells, _Context], dict]
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


def _slug(cells: Cells) -> str:
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
    rows = rows_read(data, kind, report)
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


def _rows_import(rows: list[Row], *, city, actor, kind: str, report: ImportReport) -> None:
    spec = _KINDS[kind]
    context = _Context(
        city=city,
        actor=actor,
        categories=_categories_by_key(),
        venues=_venues(rows) if kind == ImportKind.EVENTS else {},
        zone=zoneinfo.ZoneInfo(city.time_zone),
    )
    plans: list[tuple[Row, _Plan]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        cells = Cells(row, report)
        for column in COLUMNS[kind]:
            if column.required and not cells.text(column.name):
                cells.fail(column.name, _("This column is required."))
        slug = _slug(cells)
        planned = spec.plan(cells, context)
        status = cells.read("status", status_read)
        if slug and slug in first_line:
            cells.fail(
                "slug",
                _("“%(slug)s” is also the slug of %(where)s; give each row its own slug.")
                % {"slug": slug, "where": problem_place(first_line[slug], report.unit)},
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


def _venues(rows: list[Row]) -> dict[str, Destination]:
    """The city's destinations that the rows name as their venue, by slug."""
    named = {row.cells.get("venue", "") for row in rows} - {""}
    return {d.slug: d for d in Destination.objects.filter(slug__in=named)}


def _categories_by_key() -> dict[str, Category]:
    """Categories by their key and by their names in both languages (lowercase)."""
    found = {}
    for category in Category.objects.all():
        for key in (category.name_en, category.name_id, category.slug):
            found[key.strip().lower()] = category
    return found


def _row_import(row: Row, plan: _Plan, *, spec: _Kind, existing, context, report) -> None:
    try:
        if existing is None:
            # A refused row leaves nothing behind (the service's own savepoint), and any
            # problem rolls the whole file back anyway: no savepoint of ours per new row.
            _row_write(plan, spec=spec, instance=None, context=context)
            report.created += 1
            return
        before = _state(existing, spec)
        with transaction.atomic():
            saved = _row_write(plan, spec=spec, instance=existing, context=context)
            if _state(_fresh(saved, spec), spec) == before:
                raise _Unchanged
        report.updated += 1
    except _Unchanged:
        report.unchanged += 1
    except ValidationError as error:
        for column, message in _problems_of(error):
            report.problem(row.line, column, message)


def _row_write(plan: _Plan, *, spec: _Kind, instance, context: _Context):
    saved = spec.save(
        city=context.city,
        actor=context.actor,
        fields={**plan.fields, "slug": plan.slug},
        **{spec.instance_argument: instance},
        **plan.extra,
    )
    if plan.status == Status.PUBLISHED:
        spec.publish(saved, context.actor)
    elif plan.status == Status.DRAFT:
        spec.unpublish(saved, context.actor)
    return saved


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
    if problems:
        raise ValidationError(problems)
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
            if report.problems:
                # Stop here: later files may depend on this one (events on destinations),
                # and raising undoes the files already imported.
                raise ValidationError([f"{path.name}: {problem}" for problem in report.problems])
            changed = changed or report.written
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
