"""What the citizen pages show of a destination, worked out from rows already loaded
(prefetched hours, closures, tickets and photos): no queries here.

Cards of the list, the "open now" line, the weekly table and the icons of amenities and
facility kinds. Wording stays in the templates; this module only decides.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils.dates import WEEKDAYS

from kota.modules.plesiran.hours import OpenState, open_state, weekly_table
from kota.modules.plesiran.models import Amenity, Destination, FacilityKind, Photo

AMENITY_ICONS = {
    Amenity.PARKING: "parking",
    Amenity.TOILETS: "toilet",
    Amenity.PRAYER_ROOM: "prayer",
    Amenity.WHEELCHAIR: "wheelchair",
    Amenity.FOOD: "utensils",
    Amenity.WIFI: "wifi",
    Amenity.SOUVENIRS: "gift",
    Amenity.GUIDE: "user",
    Amenity.NURSING_ROOM: "heart",
}

FACILITY_ICONS = {
    FacilityKind.FUEL: "fuel",
    FacilityKind.ATM: "banknote",
    FacilityKind.WORSHIP: "landmark",
    FacilityKind.HOSPITAL: "cross",
    FacilityKind.PUSKESMAS: "cross",
    FacilityKind.POLICE: "shield",
    FacilityKind.TOILET: "toilet",
}


@dataclass(frozen=True)
class OpenStatus:
    """Whether a place is open now, for people: ``kind`` is "open", "open-all-day",
    "closed" or "unknown" (no hours given); ``changes_at`` when it closes (open) or next
    opens (closed), local; ``day`` says which day that is relative to today."""

    kind: str
    changes_at: datetime | None = None
    day: str = ""  # "today", "tomorrow" or "later"
    closed_by_closure: bool = False

    @property
    def is_open(self) -> bool:
        return self.kind in ("open", "open-all-day")


def open_status(destination: Destination, *, now: datetime) -> OpenStatus:
    """The open-now line of ``destination`` at ``now`` (local, aware). ``open_state``
    joins periods that run straight into the next one (overnight, 24 hours), so "closes"
    is when the place really closes, and a place that never closes in the coming week is
    open all day."""
    hours = list(destination.hours.all())
    closures = list(destination.closures.all())
    if not hours:
        return OpenStatus(kind="unknown")
    state: OpenState = open_state(hours=hours, closures=closures, at=now)
    if state.is_open:
        if state.changes_at is None:
            return OpenStatus(kind="open-all-day")
        return OpenStatus(kind="open", changes_at=state.changes_at, day=_day(state.changes_at, now))
    if state.changes_at is None:
        return OpenStatus(kind="closed", closed_by_closure=state.closed_today_by_closure)
    return OpenStatus(
        kind="closed",
        changes_at=state.changes_at,
        day=_day(state.changes_at, now),
        closed_by_closure=state.closed_today_by_closure,
    )


def _day(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    return "today" if days <= 0 else "tomorrow" if days == 1 else "later"


@dataclass(frozen=True)
class HoursRow:
    weekday: int
    name: str
    # (opens, closes) pairs; opens == closes is open all day.
    periods: tuple[tuple[time, time], ...]
    is_today: bool


def hours_rows(destination: Destination, *, today: date) -> list[HoursRow]:
    """Monday to Sunday with their opening periods, today's marked."""
    return [
        HoursRow(
            weekday=day.weekday,
            name=str(WEEKDAYS[day.weekday]),
            periods=day.periods,
            is_today=day.weekday == today.weekday(),
        )
        for day in weekly_table(destination.hours.all())
    ]


def closures_upcoming(destination: Destination, *, today: date) -> list:
    """Special closures that have not ended yet, soonest first."""
    return sorted(
        (c for c in destination.closures.all() if c.ends_on >= today),
        key=lambda c: c.starts_on,
    )


@dataclass(frozen=True)
class AmenityItem:
    value: str
    label: str
    icon: str


def amenity_items(destination: Destination) -> list[AmenityItem]:
    """The destination's amenities in the order of ``Amenity``, with labels and icons."""
    chosen = set(destination.amenities)
    return [
        AmenityItem(value=a.value, label=str(a.label), icon=AMENITY_ICONS[a])
        for a in Amenity
        if a.value in chosen
    ]


def price_from(destination: Destination) -> int | None:
    """The cheapest ticket in rupiah, or None (free entry, or no prices given)."""
    if destination.is_free:
        return None
    prices = [ticket.price_idr for ticket in destination.tickets.all()]
    return min(prices) if prices else None


def first_photo(destination: Destination) -> Photo | None:
    photos = list(destination.photos.all())
    return photos[0] if photos else None


@dataclass(frozen=True)
class DestinationCard:
    destination: Destination
    status: OpenStatus
    price_from: int | None
    photo: Photo | None
    # Kilometres from the visitor, when the list is sorted by distance.
    distance_km: float | None


def destination_cards(destinations, *, now: datetime) -> list[DestinationCard]:
    return [
        DestinationCard(
            destination=destination,
            status=open_status(destination, now=now),
            price_from=price_from(destination),
            photo=first_photo(destination),
            distance_km=getattr(destination, "distance_km", None),
        )
        for destination in destinations
    ]
