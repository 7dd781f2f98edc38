"""e-plesiran's writes. Every write of a city's content is validated here (whatever the
caller: console, import, manifest) and audited; citizens' writes (reviews, trips) are
validated and limited here too."""

import io
import secrets
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

from kota.audit.services import audit_record
from kota.modules.plesiran.categories import CATEGORY_DEFAULTS
from kota.modules.plesiran.geo import Point, point_in_outline
from kota.modules.plesiran.models import (
    Category,
    Closure,
    Destination,
    Event,
    Facility,
    OpeningHours,
    Photo,
    Review,
    ReviewFlag,
    Status,
    TicketPrice,
    Trip,
    TripStop,
)
from kota.tenancy.scope import city_scope
from kota.theming.images import image_read

MAX_TRIP_STOPS = 25


# --- Seeding ---------------------------------------------------------------------------


def plesiran_seed(city) -> None:
    """The default categories (the registry runs this once, when a city first enables
    the module). Existing categories are left as the city has them."""
    for position, default in enumerate(CATEGORY_DEFAULTS):
        Category.objects.get_or_create(
            slug=default.slug,
            defaults={
                "name_id": default.name_id,
                "name_en": default.name_en,
                "icon": default.icon,
                "position": position,
            },
        )


# --- Shared checks ---------------------------------------------------------------------


SLUG_ATTEMPTS = 3


def _unique_slug(model, wanted: str, *, instance=None) -> str:
    # Cut to leave room for "-<n>", and never end on the hyphen the cut may leave.
    base = slugify(wanted)[:70].rstrip("-") or "tempat"
    slug, n = base, 2
    taken = model.objects.exclude(pk=getattr(instance, "pk", None))
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def location_check(*, city, latitude, longitude) -> None:
    """ValidationError on ``latitude`` unless the point lies inside the city's boundary
    (from its manifest); a city without a boundary accepts any valid coordinates."""
    if latitude is None or longitude is None:
        return
    if not point_in_outline(Point(latitude, longitude), city.boundary):
        raise ValidationError(
            {
                "latitude": _(
                    "This point (%(lat).5f, %(lon).5f) is outside %(city)s. Check the map "
                    "location: latitude and longitude may be swapped."
                )
                % {"lat": latitude, "lon": longitude, "city": city.name}
            }
        )


def _snapshot(obj, fields: Iterable[str]) -> dict:
    return {f: _plain(getattr(obj, f)) for f in fields}


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def _save_validated(obj, *, city, fields: dict, allowed: tuple[str, ...]) -> None:
    """Set ``fields`` (only the writable ones: status and publication have services of
    their own, which audit them), check the location and every field, then save.

    A ``slug`` in ``fields`` is the object's address, kept once set; without one, a new
    object's is made from its name, and if another officer takes it in the instant
    between the check and the save, the next free one is taken instead of failing."""
    fields = dict(fields)
    wanted_slug = fields.pop("slug", "") or ""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{type(obj).__name__} fields not writable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)
    made_from_name = not obj.slug and not wanted_slug
    if not obj.slug:
        obj.slug = slugify(wanted_slug) if wanted_slug else _unique_slug(type(obj), obj.name)
    location_check(city=city, latitude=obj.latitude, longitude=obj.longitude)
    obj.full_clean()
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                obj.save()
            return
        except IntegrityError:
            taken = type(obj).objects.exclude(pk=obj.pk).filter(slug=obj.slug).exists()
            if not made_from_name or not taken or attempt == SLUG_ATTEMPTS - 1:
                raise
            obj.slug = _unique_slug(type(obj), obj.name, instance=obj)


def _audit_saved(obj, *, actor, kind: str, before: dict | None, fields: tuple[str, ...]):
    """One audit entry for a create (``before`` None) or a change of ``obj``."""
    audit_record(
        actor=actor,
        action=f"plesiran.{kind}.{'create' if before is None else 'change'}",
        target=obj.slug,
        before=before or {},
        after=_snapshot(obj, fields),
    )


def _rows_replace(rows, model, values: list[dict], **parent) -> None:
    """Replace a related set (``rows``, e.g. ``destination.tickets``) with ``values``,
    each row checked before it is saved."""
    rows.all().delete()
    for value in values:
        row = model(**parent, **value)
        row.full_clean()
        row.save()


# --- Destinations ----------------------------------------------------------------------

DESTINATION_FIELDS = (
    "category_id",
    "name",
    "description_id",
    "description_en",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "instagram",
    "is_free",
    "amenities",
)


@transaction.atomic
def destination_save(
    *,
    city,
    actor,
    fields: dict,
    destination: Destination | None = None,
    tickets: list[dict] | None = None,
    hours: list[dict] | None = None,
    closures: list[dict] | None = None,
) -> Destination:
    """Create (``destination`` None) or change a destination, with its tickets, weekly
    hours and closures when given (each replaces the existing set). New destinations are
    drafts; ``fields`` may hold a ``slug`` (kept once set) and any of DESTINATION_FIELDS.
    Raises ValidationError, keyed by field, and changes nothing when anything is wrong."""
    before = None if destination is None else _snapshot(destination, DESTINATION_FIELDS)
    destination = destination or Destination()
    _save_validated(destination, city=city, fields=fields, allowed=DESTINATION_FIELDS)
    if tickets is not None:
        tickets = [{"position": n, **ticket} for n, ticket in enumerate(tickets)]
        _rows_replace(destination.tickets, TicketPrice, tickets, destination=destination)
    if hours is not None:
        _rows_replace(destination.hours, OpeningHours, hours, destination=destination)
    if closures is not None:
        if any(
            c.get("ends_on") and c.get("starts_on") and c["ends_on"] < c["starts_on"]
            for c in closures
        ):
            raise ValidationError({"closures": _("A closure cannot end before it starts.")})
        _rows_replace(destination.closures, Closure, closures, destination=destination)
    search_vectors_refresh(destination_ids=[destination.pk])
    _audit_saved(
        destination, actor=actor, kind="destination", before=before, fields=DESTINATION_FIELDS
    )
    return destination


def search_vectors_refresh(*, destination_ids: Iterable[int] | None = None) -> None:
    """Recompute the search text of destinations (all when ``destination_ids`` is None):
    name and category names weigh most, then the descriptions; Indonesian stemming for
    Indonesian text, English for English. Runs in the current city's schema."""
    where = "" if destination_ids is None else "AND d.id = ANY(%s)"
    params = [] if destination_ids is None else [list(destination_ids)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE plesiran_destination d SET search_vector =
                setweight(to_tsvector('indonesian', unaccent(d.name)), 'A')
                || setweight(to_tsvector('indonesian', unaccent(c.name_id)), 'A')
                || setweight(to_tsvector('english', c.name_en), 'A')
                || setweight(to_tsvector('indonesian', unaccent(d.description_id)), 'B')
                || setweight(to_tsvector('english', d.description_en), 'C')
                || setweight(to_tsvector('simple', unaccent(d.address)), 'D')
            FROM plesiran_category c
            WHERE c.id = d.category_id {where}
            """,  # noqa: S608 - only the fixed WHERE fragment is formatted in
            params,
        )


@transaction.atomic
def _status_change(obj, *, status: str, actor, kind: str) -> bool:
    if obj.status == status:
        return False
    before = obj.status
    obj.status = status
    update = ["status", "updated_at"]
    if hasattr(obj, "published_at") and status == Status.PUBLISHED:
        obj.published_at = obj.published_at or timezone.now()
        update.append("published_at")
    obj.save(update_fields=update)
    audit_record(
        actor=actor,
        action=f"plesiran.{kind}.{'publish' if status == Status.PUBLISHED else 'unpublish'}",
        target=obj.slug,
        before={"status": before},
        after={"status": status},
    )
    return True


def destination_publish(*, destination: Destination, actor) -> bool:
    """Show a destination to visitors. False when it already was."""
    return _status_change(destination, status=Status.PUBLISHED, actor=actor, kind="destination")


def destination_unpublish(*, destination: Destination, actor) -> bool:
    """Hide a destination from visitors (its reviews, photos and statistics are kept)."""
    return _status_change(destination, status=Status.DRAFT, actor=actor, kind="destination")


def destination_view_record(*, destination: Destination, day) -> None:
    """Count one page view of a published destination on ``day`` (the city's date): one
    upsert, safe under concurrent views."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO plesiran_destinationview (destination_id, day, count)
            VALUES (%s, %s, 1)
            ON CONFLICT (destination_id, day) DO UPDATE
            SET count = plesiran_destinationview.count + 1
            """,
            [destination.pk, day],
        )


# --- Facilities ------------------------------------------------------------------------

FACILITY_FIELDS = ("kind", "name", "address", "latitude", "longitude", "phone", "open_all_day")


@transaction.atomic
def facility_save(*, city, actor, fields: dict, facility: Facility | None = None) -> Facility:
    """Create or change a supporting facility (published unless ``fields`` says
    otherwise). ValidationError by field; nothing changes then."""
    before = None if facility is None else _snapshot(facility, FACILITY_FIELDS)
    facility = facility or Facility()
    _save_validated(facility, city=city, fields=fields, allowed=FACILITY_FIELDS)
    _audit_saved(facility, actor=actor, kind="facility", before=before, fields=FACILITY_FIELDS)
    return facility


def facility_publish(*, facility: Facility, actor) -> bool:
    return _status_change(facility, status=Status.PUBLISHED, actor=actor, kind="facility")


def facility_unpublish(*, facility: Facility, actor) -> bool:
    return _status_change(facility, status=Status.DRAFT, actor=actor, kind="facility")


# --- Events ----------------------------------------------------------------------------

EVENT_FIELDS = (
    "category_id",
    "name",
    "description_id",
    "description_en",
    "venue_id",
    "venue_name",
    "address",
    "latitude",
    "longitude",
    "starts_at",
    "ends_at",
    "is_free",
    "ticket_note",
    "website",
)


@transaction.atomic
def event_save(*, city, actor, fields: dict, event: Event | None = None) -> Event:
    """Create or change an event. A venue that is one of the city's destinations lends
    the event its name, address and location where those are left empty. Times must be
    aware; ``ends_at`` not before ``starts_at``."""
    before = None if event is None else _snapshot(event, EVENT_FIELDS)
    event = event or Event()
    fields = dict(fields)
    venue = fields.pop("venue", None)
    if venue is not None:
        fields["venue_id"] = venue.pk
        fields.setdefault("venue_name", venue.name)
        for name in ("venue_name", "address", "latitude", "longitude"):
            if fields.get(name) in (None, ""):
                fields[name] = venue.name if name == "venue_name" else getattr(venue, name)
    # An edit may move one end only: compare with the stored other end.
    starts = fields.get("starts_at", event.starts_at)
    ends = fields.get("ends_at", event.ends_at)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
    _save_validated(event, city=city, fields=fields, allowed=EVENT_FIELDS)
    _audit_saved(event, actor=actor, kind="event", before=before, fields=EVENT_FIELDS)
    return event


def event_publish(*, event: Event, actor) -> bool:
    return _status_change(event, status=Status.PUBLISHED, actor=actor, kind="event")


def event_unpublish(*, event: Event, actor) -> bool:
    return _status_change(event, status=Status.DRAFT, actor=actor, kind="event")


# --- Reviews ---------------------------------------------------------------------------


@transaction.atomic
def review_submit(*, destination: Destination, author, rating: int, body: str = "") -> Review:
    """Write or rewrite ``author``'s review of a published destination: one per person
    per destination, so a second submission edits the first. Editing a hidden review
    keeps it hidden (officers decide)."""
    if not destination.is_published:
        raise ValidationError(_("This place is not open for reviews."))
    body = body.strip()
    # Checked before the row is written: a bad rating would otherwise reach the database's
    # check constraint (an IntegrityError), and a TextField's max_length is not a model
    # validator.
    errors = {}
    try:
        Review(rating=rating, body=body).full_clean(exclude=["author", "destination"])
    except ValidationError as invalid:
        errors = invalid.message_dict
    try:
        MaxLengthValidator(Review._meta.get_field("body").max_length)(body)
    except ValidationError as too_long:
        errors["body"] = too_long.messages
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.select_for_update().get_or_create(
        destination=destination, author=author, defaults={"rating": rating, "body": body}
    )
    review.rating = rating
    review.body = body
    review.save()
    return review


def review_delete(*, review: Review, author) -> None:
    """A person removes their own review. A review the city's officers hid stays, with
    who hid it and why: deleting it and writing it again would bring it back unseen."""
    if review.author_id != author.pk:
        raise ValidationError(_("Only its author can delete a review."))
    if review.hidden_at:
        raise ValidationError(
            _(
                "The city's officers hid this review, so it stays with them. You can "
                "still change it; it stays hidden."
            )
        )
    review.delete()


def review_flag(*, review: Review, reporter, reason: str = "") -> bool:
    """Report a review as abusive; once per person. False when already flagged by them."""
    if review.author_id == reporter.pk:
        raise ValidationError(_("You cannot flag your own review."))
    _flag, created = ReviewFlag.objects.get_or_create(
        review=review, reporter=reporter, defaults={"reason": reason.strip()[:200]}
    )
    return created


@transaction.atomic
def review_hide(*, review: Review, actor, reason: str) -> bool:
    """An officer hides an abusive review from visitors (kept, with who and why)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the review is hidden.")})
    if review.hidden_at:
        return False
    review.hidden_at = timezone.now()
    review.hidden_by = actor
    review.hidden_reason = reason[:200]
    review.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="plesiran.review.hide",
        target=review.destination.slug,
        before={"hidden": False},
        after={"hidden": True, "reason": review.hidden_reason},
    )
    return True


@transaction.atomic
def review_unhide(*, review: Review, actor) -> bool:
    """Show a hidden review again and clear its flags."""
    if not review.hidden_at:
        return False
    review.hidden_at = None
    review.hidden_by = None
    review.hidden_reason = ""
    review.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    review.flags.all().delete()
    audit_record(
        actor=actor,
        action="plesiran.review.unhide",
        target=review.destination.slug,
        before={"hidden": True},
        after={"hidden": False},
    )
    return True


# --- Trips -----------------------------------------------------------------------------


def trip_create(*, owner=None, title: str = "") -> Trip:
    """A new, empty trip; its token is its share link."""
    return Trip.objects.create(
        token=secrets.token_urlsafe(16),
        owner=owner if owner is not None and owner.is_authenticated else None,
        title=title.strip()[:120],
    )


@transaction.atomic
def trip_stop_add(*, trip: Trip, destination: Destination) -> bool:
    """Add a published destination to a trip; False when it is already in it."""
    if not destination.is_published:
        raise ValidationError(_("This place cannot be added to a trip."))
    Trip.objects.select_for_update().filter(pk=trip.pk).first()
    if trip.stops.filter(destination=destination).exists():
        return False
    if trip.stops.count() >= MAX_TRIP_STOPS:
        raise ValidationError(
            _("A trip holds at most %(count)d places.") % {"count": MAX_TRIP_STOPS}
        )
    _stop, created = TripStop.objects.get_or_create(trip=trip, destination=destination)
    if created:
        Trip.objects.filter(pk=trip.pk).update(updated_at=timezone.now())
    return created


def trip_stop_remove(*, trip: Trip, destination: Destination) -> bool:
    deleted, _rows = TripStop.objects.filter(trip=trip, destination=destination).delete()
    if deleted:
        Trip.objects.filter(pk=trip.pk).update(updated_at=timezone.now())
    return bool(deleted)


def trip_claim(*, trip: Trip, owner) -> None:
    """A visitor who logs in keeps the trip they started anonymously (it becomes their
    latest trip, the one their other devices open)."""
    if trip.owner_id is None:
        Trip.objects.filter(pk=trip.pk, owner=None).update(owner=owner, updated_at=timezone.now())


# --- People's data (UU PDP) ------------------------------------------------------------


def plesiran_personal_data_erase(user) -> None:
    """A person deletes their account: their reviews stay for the city, without a name;
    their flags lose their reporter; their trips (personal plans) are deleted."""
    Review.objects.filter(author=user).update(author=None)
    ReviewFlag.objects.filter(reporter=user).update(reporter=None)
    Trip.objects.filter(owner=user).delete()


# --- Photos (console) ------------------------------------------------------------------

# A photo is kept at most this many pixels on its longer side, as a JPEG of this quality.
PHOTO_MAX_SIDE = 1600
PHOTO_JPEG_QUALITY = 82
MAX_PHOTOS_PER_UPLOAD = 10
MAX_PHOTOS_PER_DESTINATION = 30


def photo_encode(upload) -> tuple[bytes, tuple[int, int]]:
    """An upload as the JPEG a gallery keeps: checked by content (``image_read``: type,
    size, dimensions, decompression bombs), upright, at most PHOTO_MAX_SIDE pixels on its
    longer side (never enlarged), transparency laid on white, and drawn into a fresh image
    so no metadata (EXIF, GPS, ICC, comments) comes along. ValidationError when bad."""
    image = image_read(upload)
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size, (255, 255, 255))
    clean.paste(image, mask=image.getchannel("A"))
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), clean.size


def photos_add(*, destination: Destination, actor, uploads: list, caption: str = "") -> list:
    """Add uploaded photos to the end of a destination's gallery, all or none: every file
    is checked and re-encoded (``photo_encode``) before anything is stored. Raises
    ValidationError on ``photos`` naming each bad file; nothing is written then."""
    if not uploads:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    if len(uploads) > MAX_PHOTOS_PER_UPLOAD:
        raise ValidationError(
            {
                "photos": _("Upload at most %(count)d photos at a time.")
                % {"count": MAX_PHOTOS_PER_UPLOAD}
            }
        )
    too_many = ValidationError(
        {
            "photos": _("A place holds at most %(count)d photos.")
            % {"count": MAX_PHOTOS_PER_DESTINATION}
        }
    )
    if destination.photos.count() + len(uploads) > MAX_PHOTOS_PER_DESTINATION:
        raise too_many
    encoded, errors = [], []
    for upload in uploads:
        try:
            encoded.append(photo_encode(upload))
        except ValidationError as error:
            errors += [f"{upload.name}: {message}" for message in error.messages]
    if errors:
        raise ValidationError({"photos": errors})
    caption = caption.strip()[:160]
    stored: list[str] = []
    try:
        with transaction.atomic():
            Destination.objects.select_for_update().filter(pk=destination.pk).first()
            # Again under the lock: two uploads at once must not pass the limit together.
            if destination.photos.count() + len(encoded) > MAX_PHOTOS_PER_DESTINATION:
                raise too_many
            last = destination.photos.aggregate(last=Max("position"))["last"]
            position = -1 if last is None else last
            photos = []
            for data, (width, height) in encoded:
                position += 1
                photo = Photo(destination=destination, caption=caption, position=position)
                photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
                stored.append(photo.image.name)
                photo.width, photo.height = width, height
                photo.save()
                photos.append(photo)
            audit_record(
                actor=actor,
                action="plesiran.photo.add",
                target=destination.slug,
                before={},
                after={"photos": [p.image.name for p in photos]},
            )
    except BaseException:
        # Nothing of a failed upload stays behind, files included.
        for name in stored:
            default_storage.delete(name)
        raise
    return photos


def photo_caption_set(*, photo: Photo, actor, caption: str) -> bool:
    """Change a photo's caption (at most 160 characters). False when unchanged."""
    caption = caption.strip()
    if len(caption) > 160:
        raise ValidationError({"caption": _("A caption may be at most 160 characters.")})
    if caption == photo.caption:
        return False
    before = photo.caption
    photo.caption = caption
    photo.save(update_fields=["caption"])
    audit_record(
        actor=actor,
        action="plesiran.photo.caption",
        target=photo.destination.slug,
        before={"photo": photo.image.name, "caption": before},
        after={"photo": photo.image.name, "caption": caption},
    )
    return True


@transaction.atomic
def photo_move(*, photo: Photo, actor, offset: int) -> bool:
    """Move a photo ``offset`` places (-1 earlier, +1 later) in its gallery; the first
    photo is the one lists and share previews show. False when it cannot move further."""
    destination = photo.destination
    Destination.objects.select_for_update().filter(pk=destination.pk).first()
    order = list(destination.photos.order_by("position", "id"))
    index = next(i for i, p in enumerate(order) if p.pk == photo.pk)
    target = index + offset
    if offset == 0 or not 0 <= target < len(order):
        return False
    order.insert(target, order.pop(index))
    for position, item in enumerate(order):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit_record(
        actor=actor,
        action="plesiran.photo.move",
        target=destination.slug,
        before={"photo": photo.image.name, "position": index},
        after={"photo": photo.image.name, "position": target},
    )
    return True


def photo_remove(*, city, photo: Photo, actor) -> None:
    """Delete a photo of ``city`` (the current schema) from its gallery, and its file
    once the deletion is committed."""
    name = photo.image.name
    slug = photo.destination.slug
    with transaction.atomic():
        photo.delete()
        audit_record(
            actor=actor,
            action="plesiran.photo.remove",
            target=slug,
            before={"photo": name},
            after={},
        )
        transaction.on_commit(lambda: _photo_file_delete(city, name), robust=True)


def _photo_file_delete(city, name: str) -> None:
    # The storage is the city's: whatever schema is active when the commit happens.
    with city_scope(city):
        default_storage.delete(name)
