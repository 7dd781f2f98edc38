"""Opening hours: is a place open at a moment, in the city's local time.

Works on plain rows (prefetched ``OpeningHours`` and ``Closure``), so a list of places
needs no query per place. A period whose ``closes`` is earlier than its ``opens`` runs
past midnight; ``opens == closes`` is open all day; a closure shuts whole local dates.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    # While open: when it closes (local). While closed: when it next opens (local), if
    # within a week; None when it never opens in the coming week.
    changes_at: datetime | None
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


def open_state(*, hours: Iterable, closures: Iterable, at: datetime) -> OpenState:
    """Whether a place is open at ``at``, an aware datetime already in the city's zone.

    A period that starts on a closed date does not happen; the tail of last night's
    period past midnight still does (the closure begins with the day's own opening).
    """
    hours = list(hours)
    closures = list(closures)
    local = at.replace(tzinfo=None)
    today = local.date()
    if not hours:
        return OpenState(is_open=False, changes_at=None)
    closed_today = _is_closed_on(today, closures)
    for offset in (-1, 0):
        day = today + timedelta(days=offset)
        if _is_closed_on(day, closures):
            continue
        for start, end in _periods(day, hours):
            if start <= local < end:
                return OpenState(is_open=True, changes_at=_aware(end, at))
    for offset in range(8):
        day = today + timedelta(days=offset)
        if _is_closed_on(day, closures):
            continue
        for start, _end in _periods(day, hours):
            if start > local:
                return OpenState(
                    is_open=False,
                    changes_at=_aware(start, at),
                    closed_today_by_closure=closed_today,
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
    """Monday to Sunday, each with its periods (empty: closed), for the page's table."""
    hours = list(hours)
    return [
        DayHours(
            weekday=weekday,
            periods=tuple(sorted((r.opens, r.closes) for r in hours if r.weekday == weekday)),
        )
        for weekday in range(7)
    ]
