"""Opening hours: is a place open at a moment, in the city's local time.

Works on plain rows (prefetched ``OpeningHours`` and ``Closure``), so a list of places
needs no query per place. A period whose ``closes`` is earlier than its ``opens`` runs
past midnight; ``opens == closes`` is open all day; a closure shuts whole local dates.

Periods that follow one another without a gap (an all-day Monday and an all-day Tuesday,
or a night market 18:00–00:00 and the next day's 00:00–02:00) are one opening: a place
open round the clock never "closes at midnight".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

# How far ahead "closes at" and "next opens at" look.
HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    # While open: when it closes (local), None when it stays open for the coming week.
    # While closed: when it next opens (local), None when it does not open in the
    # coming week.
    changes_at: datetime | None
    # Today (the city's date) falls in a closure. Today's own periods do not happen, but
    # the tail of last night's period may still be under way (see open_state).
    closed_today_by_closure: bool = False


def _is_closed_on(day: date, closures: Iterable) -> bool:
    return any(c.starts_on <= day <= c.ends_on for c in closures)


def _periods(day: date, hours: Iterable) -> list[tuple[datetime, datetime]]:
    """The (start, end) local intervals that begin on ``day``, as naive datetimes."""
    periods = []
    for row in hours:
        if row.weekday != day.weekday():
            continue
        start = datetime.combine(day, row.opens)
        if row.opens == row.closes:
            end = start + timedelta(days=1)
        elif row.closes < row.opens:
            end = datetime.combine(day + timedelta(days=1), row.closes)
        else:
            end = datetime.combine(day, row.closes)
        periods.append((start, end))
    return sorted(periods)


def _openings(today: date, hours: list, closures: list) -> list[tuple[datetime, datetime]]:
    """Every opening from yesterday to a week ahead (naive local intervals), periods that
    overlap or touch merged into one, periods that begin on a closed date left out."""
    spans = []
    for offset in range(-1, HORIZON.days + 1):
        day = today + timedelta(days=offset)
        if not _is_closed_on(day, closures):
            spans.extend(_periods(day, hours))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def open_state(
    *,
    hours: Iterable,
    closures: Iterable,
    at: datetime,
    time_zone: tzinfo | str | None = None,
) -> OpenState:
    """Whether a place is open at ``at``, and when that changes.

    ``at`` must be aware. It is read in ``time_zone`` — the city's, a ``ZoneInfo`` or its
    name ("Asia/Jayapura") — or, without one, in its own zone (``timezone.localtime()``
    in a city's request is already in the city's zone). Never the server's zone.

    Closures: a closure cancels the periods that *begin* on its dates. The tail of an
    overnight period that began the evening before a closure still runs to its end (a
    night market open 18:00–02:00 on New Year's Eve stays open until 02:00 on a closed
    New Year's Day); a period that began on a closed date does not run past midnight
    either.
    """
    if at.tzinfo is None:
        raise ValueError("open_state needs an aware datetime.")
    if time_zone is not None:
        at = at.astimezone(ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone)
    hours = list(hours)
    closures = list(closures)
    local = at.replace(tzinfo=None)
    today = local.date()
    closed_today = _is_closed_on(today, closures)
    for start, end in _openings(today, hours, closures):
        if start <= local < end:
            closes = _aware(end, at) if end - local <= HORIZON else None
            return OpenState(is_open=True, changes_at=closes, closed_today_by_closure=closed_today)
        if start > local:
            return OpenState(
                is_open=False, changes_at=_aware(start, at), closed_today_by_closure=closed_today
            )
    return OpenState(is_open=False, changes_at=None, closed_today_by_closure=closed_today)


def _aware(naive: datetime, like: datetime) -> datetime:
    return naive.replace(tzinfo=like.tzinfo)


@dataclass(frozen=True)
class DayHours:
    weekday: int
    periods: tuple[tuple[time, time], ...]

    @property
    def is_closed(self) -> bool:
        return not self.periods


def weekly_table(hours: Iterable) -> list[DayHours]:
    """Monday to Sunday, each with its periods (empty: closed), for the page's table. An
    overnight period is listed on the day it begins."""
    hours = list(hours)
    return [
        DayHours(
            weekday=weekday,
            periods=tuple(sorted((r.opens, r.closes) for r in hours if r.weekday == weekday)),
        )
        for weekday in range(7)
    ]
