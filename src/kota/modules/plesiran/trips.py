"""The visitor's current trip, as the citizen pages find it.

An anonymous visitor's trip is remembered by its token in their session (sessions live
in the city's schema, so a token never reaches another city's trips). A logged-in
person's trip is the one this session started, once it is theirs, else their latest
own trip; a trip started anonymously becomes theirs (``services.trip_claim``) the
first time they change or open it while logged in.
"""

from django.http import HttpRequest

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Trip

SESSION_KEY = "plesiran_trip"
# Flash messages about the trip carry this tag: the trip button shows them beside it.
TRIP_MESSAGES = "plesiran-trip"


def trip_current(request: HttpRequest) -> Trip | None:
    """The visitor's trip, or None when they have not started one. Reads only."""
    user = request.user
    token = request.session.get(SESSION_KEY)
    if token:
        trip = Trip.objects.filter(token=token).first()
        if trip is not None and (
            trip.owner_id is None or (user.is_authenticated and trip.owner_id == user.pk)
        ):
            return trip
    if user.is_authenticated:
        return Trip.objects.filter(owner=user).order_by("-updated_at", "-id").first()
    return None


def trip_current_claimed(request: HttpRequest) -> Trip | None:
    """``trip_current``, made the logged-in person's own if they started it anonymously."""
    trip = trip_current(request)
    if trip is not None and trip.owner_id is None and request.user.is_authenticated:
        services.trip_claim(trip=trip, owner=request.user)
        trip.owner = request.user
    return trip


def trip_for_change(request: HttpRequest) -> Trip:
    """The visitor's trip to add to: their current one, or a new one remembered in their
    session (and owned by them when logged in)."""
    trip = trip_current_claimed(request)
    if trip is None:
        trip = services.trip_create(owner=request.user)
        request.session[SESSION_KEY] = trip.token
    return trip


def trip_is_visitors(request: HttpRequest, trip: Trip) -> bool:
    """Whether ``trip`` is the visitor's own (the one they may change)."""
    current = trip_current(request)
    return current is not None and current.pk == trip.pk
