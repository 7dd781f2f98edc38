"""The city's events: the calendar page, each event's page, and iCalendar downloads.

Dates and times are the city's (the request's active time zone), whatever the server's.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kota.modules.plesiran import calendars, selectors
from kota.modules.plesiran.models import Event, Photo

EVENTS_PER_PAGE = 20
# The feed holds the coming events, soonest first, up to this many.
FEED_SIZE = 200
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    first_day: date

    @classmethod
    def parse(cls, text: str) -> "Month | None":
        match = MONTH_PATTERN.match(text.strip())
        if not match:
            return None
        year, month = int(match[1]), int(match[2])
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            return None
        return cls(date(year, month, 1))

    @classmethod
    def containing(cls, day: date) -> "Month":
        return cls(day.replace(day=1))

    @property
    def key(self) -> str:
        return self.first_day.strftime("%Y-%m")

    @property
    def previous(self) -> "Month":
        year, month = self.first_day.year, self.first_day.month - 1
        return Month(date(year - 1, 12, 1) if month == 0 else date(year, month, 1))

    @property
    def next(self) -> "Month":
        year, month = self.first_day.year, self.first_day.month + 1
        return Month(date(year + 1, 1, 1) if month == 13 else date(year, month, 1))

    def bounds(self) -> tuple[datetime, datetime]:
        """Local midnight of its first day and of the next month's, in the city's zone."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first_day, datetime.min.time(), tzinfo=zone)
        end = datetime.combine(self.next.first_day, datetime.min.time(), tzinfo=zone)
        return start, end


def _venue_links(city, events) -> None:
    """Give each event the address of its venue's page, when that page is public."""
    in_use = set(selectors.plesiran_settings(city).categories)
    for event in events:
        venue = event.venue
        event.venue_url = (
            reverse("plesiran:destination", args=[venue.slug])
            if venue is not None and venue.is_published and venue.category.slug in in_use
            else ""
        )


@require_safe
def event_list(request):
    """Upcoming events (the default) or one month's (``?bulan=2026-12``), optionally of
    one category (``?kategori=``)."""
    city = request.tenant
    today = timezone.localdate()
    categories = list(selectors.categories_in_use(city))
    in_use = [c.slug for c in categories]
    context = {
        "categories": categories,
        "this_month": Month.containing(today),
        "category": None,
        "month": None,
        "page": None,
    }
    problems = []
    slug = request.GET.get("kategori", "").strip()
    if slug:
        context["category"] = next((c for c in categories if c.slug == slug), None)
        if context["category"] is None:
            problems.append(_("There is no event category “%(slug)s” here.") % {"slug": slug[:40]})
    if "bulan" in request.GET:
        context["month"] = Month.parse(request.GET["bulan"])
        if context["month"] is None:
            problems.append(_("Give the month as year and month, for example 2026-12."))
    if problems:
        context["problems"] = problems
        return render(request, "plesiran/event_list.html", context, status=400)

    if context["month"] is not None:
        start, end = context["month"].bounds()
        events = selectors.events_between(start, end, category=slug or None, categories=in_use)
    else:
        events = selectors.events_upcoming(timezone.now(), category=slug or None, categories=in_use)
    events = events.select_related("venue__category")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("halaman"))
    _venue_links(city, page.object_list)
    context["page"] = page
    return render(request, "plesiran/event_list.html", context)


def _published_event(city, slug: str) -> Event:
    categories = selectors.plesiran_settings(city).categories
    event = (
        selectors.events_published(categories).select_related("venue__category").filter(slug=slug)
    )
    found = event.first()
    if found is None:
        raise Http404
    return found


@require_safe
def event_detail(request, slug: str):
    city = request.tenant
    event = _published_event(city, slug)
    _venue_links(city, [event])
    photo = (
        Photo.objects.filter(destination=event.venue).order_by("position", "id").first()
        if event.venue_url
        else None
    )
    url = calendars.event_url(request, event)
    context = {
        "event": event,
        "page_url": url,
        "photo_url": request.build_absolute_uri(photo.image.url) if photo else "",
        "google_calendar_url": calendars.google_calendar_url(
            request=request, city=city, event=event
        ),
        "map_url": (
            "https://www.google.com/maps/search/?api=1&query="
            f"{event.latitude:.6f},{event.longitude:.6f}"
        ),
    }
    context["structured_data"] = _event_jsonld(event, url, image=context["photo_url"])
    return render(request, "plesiran/event_detail.html", context)


def _event_jsonld(event: Event, url: str, *, image: str = "") -> dict:
    """schema.org Event, as search engines read it."""
    place = {
        "@type": "Place",
        "name": event.venue_name,
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": event.latitude,
            "longitude": event.longitude,
        },
    }
    if event.address:
        place["address"] = {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "addressCountry": "ID",
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "startDate": timezone.localtime(event.starts_at).isoformat(timespec="seconds"),
        "endDate": timezone.localtime(event.ends_at).isoformat(timespec="seconds"),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "description": event.description,
        "url": url,
        "isAccessibleForFree": event.is_free,
    }
    if image:
        data["image"] = [image]
    if event.website:
        data["sameAs"] = event.website
    return data


def _ical_response(content: bytes, *, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def events_calendar(request):
    """The city's coming events as an iCalendar feed to subscribe to."""
    events = selectors.events_upcoming(
        timezone.now(),
        limit=FEED_SIZE,
        categories=selectors.plesiran_settings(request.tenant).categories,
    )
    content = calendars.events_ical(request=request, city=request.tenant, events=events)
    return _ical_response(content, filename="acara.ics", download=False)


@require_safe
def event_calendar(request, slug: str):
    """One event as an .ics file, for "add to my calendar"."""
    event = _published_event(request.tenant, slug)
    content = calendars.events_ical(request=request, city=request.tenant, events=[event])
    return _ical_response(content, filename=f"{event.slug}.ics", download=True)
