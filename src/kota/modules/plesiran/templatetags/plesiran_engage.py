"""Template tags of e-plesiran's citizen pages for events, reviews and trips.

``{% destination_reviews destination %}`` and ``{% trip_button destination %}`` render the
blocks the destination page includes (``plesiran/_reviews.html``,
``plesiran/_trip_button.html``); ``event_when`` writes an event's dates and times in
the city's zone the way Indonesians read them ("Sab, 5 Des 2026 · 16.00–22.00 WIB").
"""

from datetime import datetime, timedelta

from django import template
from django.db.models import Avg, Count
from django.utils import dateformat, timezone
from django.utils.translation import get_language

from kota.modules.plesiran.models import Destination, Event, ReviewFlag
from kota.modules.plesiran.reviews import (
    REVIEW_DRAFT_KEY,
    REVIEW_MESSAGES,
    ReviewFlagForm,
    ReviewForm,
    login_url_for,
    reviewer_name,
)
from kota.modules.plesiran.selectors import reviews_visible
from kota.modules.plesiran.trips import TRIP_MESSAGES, trip_current

register = template.Library()

# The newest reviews shown on a destination's page.
REVIEWS_SHOWN = 20


# --- Dates and times -------------------------------------------------------------------


def _time(moment: datetime) -> str:
    # Indonesian writes 16.00, English 16:00.
    return dateformat.format(moment, "H.i" if _indonesian() else "H:i")


def _day(moment: datetime) -> str:
    return dateformat.format(moment, "D, j M Y")


def _indonesian() -> bool:
    return (get_language() or "id").startswith("id")


@register.filter
def event_when(event: Event) -> str:
    """The event's dates and times in the active (the city's) time zone: one day as
    "Sab, 5 Des 2026 · 16.00–22.00 WIB", several as
    "Sab, 5 Des 2026 16.00 – Min, 6 Des 2026 22.00 WIB"."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    zone = start.tzname()
    # An evening that ends at midnight is still one day: "19.00–24.00".
    last_day = (end - timedelta(microseconds=1)).date() if end > start else start.date()
    if last_day == start.date():
        until = _time(end)
        if end.date() != start.date():
            until = "24.00" if _indonesian() else "24:00"
        return f"{_day(start)} · {_time(start)}–{until} {zone}"
    return f"{_day(start)} {_time(start)} – {_day(end)} {_time(end)} {zone}"


def _own_messages(context, tag: str) -> list:
    # Messages read back from the cookie have no extra tags at all (None) unless given.
    return [m for m in context.get("messages") or () if tag in (m.extra_tags or "").split()]


# --- Reviews ---------------------------------------------------------------------------


@register.inclusion_tag("plesiran/_reviews_block.html", takes_context=True)
def destination_reviews(context, destination: Destination) -> dict:
    """The reviews block of a destination's page: the average and count, the newest
    visible reviews, and the visitor's own review form (or a link to log in)."""
    request = context["request"]
    user = request.user
    visible = reviews_visible(destination)
    if hasattr(destination, "rating_count"):
        summary = {"average": destination.rating_average, "count": destination.rating_count}
    else:
        summary = visible.aggregate(average=Avg("rating"), count=Count("id"))
    reviews = list(visible[:REVIEWS_SHOWN])
    mine = flagged = None
    if user.is_authenticated:
        mine = destination.reviews.filter(author=user).first()
        flagged = set(
            ReviewFlag.objects.filter(
                reporter=user, review__in=[r.pk for r in reviews]
            ).values_list("review_id", flat=True)
        )
    for review in reviews:
        review.author_name = reviewer_name(review.author)
        review.is_mine = mine is not None and review.pk == mine.pk
        review.flagged_by_me = flagged is not None and review.pk in flagged
    initial = {"rating": mine.rating, "body": mine.body} if mine else None
    draft = None
    if user.is_authenticated:
        kept = request.session.get(REVIEW_DRAFT_KEY)
        if kept and kept.get("slug") == destination.slug:
            draft = request.session.pop(REVIEW_DRAFT_KEY)
            initial = {"rating": draft["rating"], "body": draft["body"]}
    return {
        "draft": draft,
        "destination": destination,
        "reviews": reviews,
        "average": summary["average"],
        "count": summary["count"],
        "mine": mine,
        "form": ReviewForm(initial=initial),
        "flag_form": ReviewFlagForm(),
        "user": user,
        "login_url": login_url_for(destination),
        "own_messages": _own_messages(context, REVIEW_MESSAGES),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("plesiran/_stars.html")
def stars(rating, label: str = "") -> dict:
    """Five stars, ``rating`` of them filled (rounded to the nearest half)."""
    value = float(rating or 0)
    filled = int(value + 0.5)
    return {"stars": [n <= filled for n in range(1, 6)], "label": label}


# --- Trips -----------------------------------------------------------------------------


@register.inclusion_tag("plesiran/_trip_button_block.html", takes_context=True)
def trip_button(context, destination: Destination) -> dict:
    """ "Add to my trip" (or "Remove", when it is in it) for a destination's page."""
    request = context["request"]
    trip = trip_current(request)
    stop_ids = list(trip.stops.values_list("destination_id", flat=True)) if trip else []
    return {
        "destination": destination,
        "in_trip": destination.pk in stop_ids,
        "stop_count": len(stop_ids),
        "back": request.get_full_path(),
        "own_messages": _own_messages(context, TRIP_MESSAGES),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
