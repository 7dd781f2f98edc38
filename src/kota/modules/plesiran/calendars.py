"""Events as iCalendar (RFC 5545), for "add to my calendar" and the city's event feed.

Times are written in the city's zone (``DTSTART;TZID=Asia/Makassar:…``) with its
VTIMEZONE, so a calendar shows them right wherever the visitor's phone is. Each event's
UID is ``<slug>@<host>``: the same event keeps its UID across downloads, and calendars
update it instead of adding a copy.
"""

import zoneinfo
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from kota.modules.plesiran.models import Event

PRODID = "-//Kota//e-plesiran//ID"
# How often subscribed calendars should fetch the feed again (and the same, as the
# older X-PUBLISHED-TTL that Outlook and Google read).
REFRESH_INTERVAL = timedelta(hours=6)


def _host(request) -> str:
    return request.get_host().split(":")[0]


def event_url(request, event: Event) -> str:
    return request.build_absolute_uri(reverse("plesiran:event", args=[event.slug]))


def event_location(event: Event) -> str:
    return ", ".join(part for part in (event.venue_name, event.address) if part)


def _vevent(request, event: Event, zone: zoneinfo.ZoneInfo) -> CalendarEvent:
    url = event_url(request, event)
    vevent = CalendarEvent.new(
        uid=f"{event.slug}@{_host(request)}",
        stamp=event.updated_at,
        last_modified=event.updated_at,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=event.name,
        description=f"{event.description}\n\n{url}",
        location=event_location(event),
        url=url,
        categories=[event.category.name],
    )
    vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("status", "CONFIRMED")
    return vevent


def events_ical(*, request, city, events: Iterable[Event]) -> bytes:
    """A VCALENDAR of ``events`` (with their categories loaded), named after the city,
    texts in the active language."""
    zone = zoneinfo.ZoneInfo(city.time_zone)
    calendar = Calendar.new(
        prodid=PRODID,
        name=city.name,
        uid=f"plesiran-events@{_host(request)}",
        refresh_interval=REFRESH_INTERVAL,
        calscale="GREGORIAN",
    )
    calendar.add("x-wr-timezone", city.time_zone)
    calendar.add("x-published-ttl", "PT6H")
    for event in events:
        calendar.add_component(_vevent(request, event, zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def google_calendar_url(*, request, city, event: Event) -> str:
    """A link that opens Google Calendar's "new event" form filled in with the event."""
    utc = "%Y%m%dT%H%M%SZ"
    start = event.starts_at.astimezone(zoneinfo.ZoneInfo("UTC")).strftime(utc)
    end = event.ends_at.astimezone(zoneinfo.ZoneInfo("UTC")).strftime(utc)
    query = {
        "action": "TEMPLATE",
        "text": event.name,
        "dates": f"{start}/{end}",
        "details": f"{event.description}\n\n{event_url(request, event)}",
        "location": event_location(event),
        "ctz": city.time_zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
