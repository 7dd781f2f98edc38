"""My trip: the places a visitor picked, in a sensible visiting order on a map, with the
distances, a directions link and a share link. Adding and removing are POST forms that
act on the visitor's own trip only; a shared trip is read-only to everyone else."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kota.modules.plesiran import selectors, services
from kota.modules.plesiran.geo import Point, directions_url, point_parse
from kota.modules.plesiran.models import Destination, Status, Trip
from kota.modules.plesiran.trips import (
    TRIP_MESSAGES,
    trip_current_claimed,
    trip_for_change,
    trip_is_visitors,
)


def _map_data(legs, start: Point | None) -> dict:
    """What trip.js draws: the start (if any) and the numbered stops, in order."""
    return {
        "start": [start.latitude, start.longitude] if start else None,
        "stops": [
            {
                "name": leg.destination.name,
                "lat": leg.destination.latitude,
                "lon": leg.destination.longitude,
                "url": reverse("plesiran:destination", args=[leg.destination.slug]),
            }
            for leg in legs
        ],
    }


def _trip_page(request, trip: Trip | None, *, template: str, editable: bool):
    context = {
        "trip": trip,
        "editable": editable,
        "legs": [],
        "start": None,
        "tiles_url": getattr(settings, "KOTA_MAP_TILES_URL", ""),
        "tiles_attribution": getattr(
            settings, "KOTA_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors"
        ),
    }
    status = 200
    if "dari" in request.GET:
        context["start"] = point_parse(request.GET["dari"])
        if context["start"] is None:
            context["problem"] = _(
                "The starting point must be a latitude and a longitude, "
                "for example -6.1781,106.6300."
            )
            status = 400
    if trip is not None:
        start = context["start"]
        legs = selectors.trip_route(trip, city=request.tenant, start=start)
        context.update(
            legs=legs,
            total_km=sum(leg.from_previous_km or 0 for leg in legs),
            share_url=request.build_absolute_uri(
                reverse("plesiran:trip-shared", args=[trip.token])
            ),
            directions_url=directions_url(
                [leg.destination for leg in legs], start=start, travel_mode="driving"
            )
            if legs
            else "",
            map_data=_map_data(legs, start),
        )
    return render(request, template, context, status=status)


@require_safe
def trip_mine(request):
    """The visitor's own trip (``?dari=lat,lon`` orders it from where they are). A trip
    started before logging in becomes the person's here, as when they change it."""
    trip = trip_current_claimed(request)
    return _trip_page(request, trip, template="plesiran/trip.html", editable=True)


@require_safe
def trip_shared(request, token: str):
    """A trip by its share link: read-only unless it is the visitor's own."""
    trip = selectors.trip_get(token)
    if trip is None:
        raise Http404
    editable = trip_is_visitors(request, trip)
    return _trip_page(request, trip, template="plesiran/trip_shared.html", editable=editable)


def _back(request, fallback: str):
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(fallback)


@require_POST
def trip_add(request, slug: str):
    """Add a published place to the visitor's trip (starting one if needed)."""
    destination = selectors.destination_get_published(city=request.tenant, slug=slug)
    if destination is None:
        raise Http404
    trip = trip_for_change(request)
    try:
        added = services.trip_stop_add(trip=trip, destination=destination)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message, extra_tags=TRIP_MESSAGES)
    else:
        if added:
            done = _("%(place)s is in your trip.") % {"place": destination.name}
        else:
            done = _("%(place)s was already in your trip.") % {"place": destination.name}
        messages.success(request, done, extra_tags=TRIP_MESSAGES)
    return _back(request, reverse("plesiran:destination", args=[destination.slug]))


@require_POST
def trip_remove(request, slug: str):
    """Take a place out of the visitor's trip. Places unpublished since they were picked
    can still be taken out; no other draft is found."""
    trip = trip_current_claimed(request)
    in_trip = trip.stops.values("destination_id") if trip is not None else []
    categories = selectors.plesiran_settings(request.tenant).categories
    destination = (
        Destination.objects.filter(slug=slug)
        .filter(Q(status=Status.PUBLISHED, category__slug__in=categories) | Q(pk__in=in_trip))
        .first()
    )
    if destination is None:
        raise Http404
    if trip is not None and services.trip_stop_remove(trip=trip, destination=destination):
        done = _("%(place)s is no longer in your trip.") % {"place": destination.name}
    else:
        done = _("%(place)s was not in your trip.") % {"place": destination.name}
    messages.success(request, done, extra_tags=TRIP_MESSAGES)
    return _back(request, reverse("plesiran:trip"))
