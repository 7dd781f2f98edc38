"""Opening hours: open or closed at a moment, and when that changes, in the city's time.

Plain (unsaved) rows: ``open_state`` and ``weekly_table`` work on whatever the page has
prefetched and make no query.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from kota.modules.plesiran.hours import DayHours, OpenState, open_state, weekly_table
from kota.modules.plesiran.models import Closure, OpeningHours

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")
UTC = ZoneInfo("UTC")

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
# The week of Monday 1 June 2026 (1 June is a Monday, 7 June a Sunday).
MONDAY = date(2026, 6, 1)


def on(day: int, hour: int, minute: int = 0, *, zone=WIB, week_offset: int = 0) -> datetime:
    """A moment of the test week: ``day`` 0 is Monday 1 June 2026."""
    d = date.fromordinal(MONDAY.toordinal() + day + 7 * week_offset)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone)


def period(weekday: int, opens: str, closes: str) -> OpeningHours:
    return OpeningHours(
        weekday=weekday, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
    )


def every_day(opens: str, closes: str) -> list[OpeningHours]:
    return [period(day, opens, closes) for day in range(7)]


def closed(starts: date, ends: date | None = None) -> Closure:
    return Closure(starts_on=starts, ends_on=ends or starts)


OFFICE_HOURS = [period(day, "08:00", "17:00") for day in (MON, TUE, WED, THU, FRI)]


# --- A normal day ----------------------------------------------------------------------


def test_open_during_the_day_with_its_closing_time():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(MON, 10, 30))

    assert state == OpenState(is_open=True, changes_at=on(MON, 17))


def test_before_opening_it_is_closed_and_opens_at_eight():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(MON, 7, 59))

    assert state == OpenState(is_open=False, changes_at=on(MON, 8))


def test_exactly_at_opening_it_is_open():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(MON, 8))

    assert state == OpenState(is_open=True, changes_at=on(MON, 17))


def test_exactly_at_closing_it_is_closed_until_the_next_morning():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(MON, 17))

    assert state == OpenState(is_open=False, changes_at=on(TUE, 8))


def test_after_friday_closing_the_next_opening_is_monday():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(FRI, 20))

    assert state == OpenState(is_open=False, changes_at=on(MON, 8, week_offset=1))


def test_changes_at_keeps_the_zone_of_at():
    state = open_state(hours=OFFICE_HOURS, closures=[], at=on(MON, 10))

    assert state.changes_at.tzinfo is WIB
    assert state.changes_at.isoformat() == "2026-06-01T17:00:00+07:00"


# --- Several periods a day -------------------------------------------------------------

LUNCH_BREAK = [period(MON, "08:00", "12:00"), period(MON, "13:00", "16:00")]


def test_the_morning_period_closes_for_lunch():
    state = open_state(hours=LUNCH_BREAK, closures=[], at=on(MON, 11))

    assert state == OpenState(is_open=True, changes_at=on(MON, 12))


def test_during_the_lunch_break_it_reopens_at_one():
    state = open_state(hours=LUNCH_BREAK, closures=[], at=on(MON, 12, 30))

    assert state == OpenState(is_open=False, changes_at=on(MON, 13))


def test_the_afternoon_period_is_open_whichever_order_the_rows_come_in():
    state = open_state(hours=list(reversed(LUNCH_BREAK)), closures=[], at=on(MON, 15))

    assert state == OpenState(is_open=True, changes_at=on(MON, 16))


def test_after_the_last_period_of_the_only_day_it_opens_next_week():
    state = open_state(hours=LUNCH_BREAK, closures=[], at=on(MON, 16))

    assert state == OpenState(is_open=False, changes_at=on(MON, 8, week_offset=1))


# --- Overnight periods -----------------------------------------------------------------

NIGHT_MARKET = [period(FRI, "18:00", "02:00"), period(SAT, "18:00", "02:00")]


def test_overnight_is_open_after_midnight_of_the_next_day():
    state = open_state(hours=NIGHT_MARKET, closures=[], at=on(SAT, 1))

    assert state == OpenState(is_open=True, changes_at=on(SAT, 2))


def test_overnight_is_closed_exactly_at_its_closing_time():
    state = open_state(hours=NIGHT_MARKET, closures=[], at=on(SAT, 2))

    assert state == OpenState(is_open=False, changes_at=on(SAT, 18))


def test_overnight_is_open_in_the_evening_and_closes_the_next_day():
    state = open_state(hours=NIGHT_MARKET, closures=[], at=on(FRI, 23, 59))

    assert state == OpenState(is_open=True, changes_at=on(SAT, 2))


def test_sunday_night_runs_into_monday_morning():
    hours = [period(SUN, "20:00", "03:00")]

    state = open_state(hours=hours, closures=[], at=on(MON, 2, week_offset=1))

    assert state == OpenState(is_open=True, changes_at=on(MON, 3, week_offset=1))


def test_the_day_after_an_overnight_period_is_not_open_before_the_period_starts():
    hours = [period(FRI, "18:00", "02:00")]

    state = open_state(hours=hours, closures=[], at=on(FRI, 3))

    assert state == OpenState(is_open=False, changes_at=on(FRI, 18))


def test_a_period_until_midnight_closes_at_the_next_day_s_midnight():
    hours = [period(MON, "18:00", "00:00")]

    state = open_state(hours=hours, closures=[], at=on(MON, 23))

    assert state == OpenState(is_open=True, changes_at=on(TUE, 0))


def test_periods_that_touch_across_midnight_are_one_opening():
    hours = [period(MON, "18:00", "00:00"), period(TUE, "00:00", "02:00")]

    state = open_state(hours=hours, closures=[], at=on(MON, 23))

    assert state == OpenState(is_open=True, changes_at=on(TUE, 2))


# --- All day ---------------------------------------------------------------------------


def test_all_day_is_open_for_the_24_hours_from_its_opening():
    hours = [period(WED, "00:00", "00:00")]

    assert open_state(hours=hours, closures=[], at=on(WED, 0)) == OpenState(
        is_open=True, changes_at=on(THU, 0)
    )
    assert open_state(hours=hours, closures=[], at=on(WED, 23, 59)) == OpenState(
        is_open=True, changes_at=on(THU, 0)
    )
    assert open_state(hours=hours, closures=[], at=on(THU, 0)) == OpenState(
        is_open=False, changes_at=on(WED, 0, week_offset=1)
    )


def test_opens_equal_to_closes_other_than_midnight_is_24_hours_from_then():
    hours = [period(WED, "06:00", "06:00")]

    assert open_state(hours=hours, closures=[], at=on(THU, 5, 59)) == OpenState(
        is_open=True, changes_at=on(THU, 6)
    )
    assert open_state(hours=hours, closures=[], at=on(WED, 5, 59)) == OpenState(
        is_open=False, changes_at=on(WED, 6)
    )


def test_open_round_the_clock_never_closes_at_midnight():
    state = open_state(hours=every_day("00:00", "00:00"), closures=[], at=on(TUE, 23))

    assert state == OpenState(is_open=True, changes_at=None)


def test_all_day_monday_to_saturday_closes_at_sunday_midnight():
    hours = [period(day, "00:00", "00:00") for day in (MON, TUE, WED, THU, FRI, SAT)]

    state = open_state(hours=hours, closures=[], at=on(MON, 10))

    assert state == OpenState(is_open=True, changes_at=on(SUN, 0))


# --- No hours --------------------------------------------------------------------------


def test_a_place_without_hours_is_never_open():
    state = open_state(hours=[], closures=[], at=on(MON, 10))

    assert state == OpenState(is_open=False, changes_at=None)


# --- Closures --------------------------------------------------------------------------


def test_a_closed_date_shuts_its_periods_and_says_so():
    state = open_state(hours=OFFICE_HOURS, closures=[closed(MONDAY)], at=on(MON, 10))

    assert state == OpenState(is_open=False, changes_at=on(TUE, 8), closed_today_by_closure=True)


def test_a_closure_range_is_closed_on_every_date_and_the_next_opening_follows_it():
    # Closed Monday to Wednesday inclusive.
    closure = closed(date(2026, 6, 1), date(2026, 6, 3))

    state = open_state(hours=OFFICE_HOURS, closures=[closure], at=on(WED, 12))

    assert state == OpenState(is_open=False, changes_at=on(THU, 8), closed_today_by_closure=True)


def test_the_day_before_a_closure_the_next_opening_skips_it():
    closure = closed(date(2026, 6, 2), date(2026, 6, 3))

    state = open_state(hours=OFFICE_HOURS, closures=[closure], at=on(MON, 18))

    assert state == OpenState(is_open=False, changes_at=on(THU, 8))


def test_the_day_after_a_closure_opens_as_usual():
    closure = closed(date(2026, 6, 1), date(2026, 6, 3))

    state = open_state(hours=OFFICE_HOURS, closures=[closure], at=on(THU, 9))

    assert state == OpenState(is_open=True, changes_at=on(THU, 17))


def test_the_tail_of_last_night_still_runs_on_a_closure_day():
    # Open Thursday 31 Dec 2026 18:00 to 02:00; closed on New Year's Day (a Friday).
    hours = [period(THU, "18:00", "02:00"), period(FRI, "18:00", "02:00")]
    new_year = closed(date(2027, 1, 1))
    one_am = datetime(2027, 1, 1, 1, 0, tzinfo=WIB)

    state = open_state(hours=hours, closures=[new_year], at=one_am)

    assert state == OpenState(
        is_open=True,
        changes_at=datetime(2027, 1, 1, 2, 0, tzinfo=WIB),
        closed_today_by_closure=True,
    )


def test_after_that_tail_the_closure_day_s_own_evening_does_not_happen():
    hours = [period(THU, "18:00", "02:00"), period(FRI, "18:00", "02:00")]
    new_year = closed(date(2027, 1, 1))

    state = open_state(hours=hours, closures=[new_year], at=datetime(2027, 1, 1, 19, 0, tzinfo=WIB))

    assert state == OpenState(
        is_open=False,
        # Friday's period is cancelled; Thursday's, a week later, is next.
        changes_at=datetime(2027, 1, 7, 18, 0, tzinfo=WIB),
        closed_today_by_closure=True,
    )


def test_a_period_that_began_on_a_closed_date_does_not_run_past_midnight():
    hours = [period(THU, "18:00", "02:00"), period(SAT, "18:00", "02:00")]
    new_year_eve = closed(date(2026, 12, 31))

    state = open_state(
        hours=hours, closures=[new_year_eve], at=datetime(2027, 1, 1, 1, 0, tzinfo=WIB)
    )

    assert state == OpenState(is_open=False, changes_at=datetime(2027, 1, 2, 18, 0, tzinfo=WIB))


def test_a_closure_longer_than_a_week_leaves_no_next_opening():
    closure = closed(date(2026, 6, 1), date(2026, 6, 30))

    state = open_state(hours=OFFICE_HOURS, closures=[closure], at=on(MON, 10))

    assert state == OpenState(is_open=False, changes_at=None, closed_today_by_closure=True)


def test_closures_of_other_dates_change_nothing():
    closure = closed(date(2026, 5, 1), date(2026, 5, 31))

    state = open_state(hours=OFFICE_HOURS, closures=[closure], at=on(MON, 10))

    assert state == OpenState(is_open=True, changes_at=on(MON, 17))


# --- The city's time zone, not the server's --------------------------------------------


def test_the_same_instant_is_open_in_a_wit_city_and_closed_in_a_wib_city():
    # 01:30 UTC on Monday is 08:30 in Jakarta (WIB, UTC+7) and 10:30 in Jayapura (WIT,
    # UTC+9); a museum opening at 09:00 local is closed in one and open in the other.
    instant = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    hours = [period(MON, "09:00", "17:00")]

    in_jayapura = open_state(hours=hours, closures=[], at=instant.astimezone(WIT))
    in_jakarta = open_state(hours=hours, closures=[], at=instant.astimezone(WIB))

    assert in_jayapura == OpenState(is_open=True, changes_at=on(MON, 17, zone=WIT))
    assert in_jakarta == OpenState(is_open=False, changes_at=on(MON, 9, zone=WIB))


def test_a_utc_instant_is_read_in_the_city_s_zone_when_given():
    instant = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    hours = [period(MON, "09:00", "17:00")]

    assert open_state(hours=hours, closures=[], at=instant, time_zone="Asia/Jayapura") == OpenState(
        is_open=True, changes_at=on(MON, 17, zone=WIT)
    )
    assert open_state(hours=hours, closures=[], at=instant, time_zone=WIB) == OpenState(
        is_open=False, changes_at=on(MON, 9, zone=WIB)
    )


def test_the_city_s_date_decides_the_closure_not_utc_s():
    # 20:00 UTC on Sunday 31 May is already Monday 1 June, 03:00 in Jakarta: a closure
    # of Monday applies, and the Sunday-night period (which began on an open Sunday)
    # still runs until 04:00.
    hours = [period(SUN, "20:00", "04:00")]
    instant = datetime(2026, 5, 31, 20, 0, tzinfo=UTC)

    state = open_state(hours=hours, closures=[closed(MONDAY)], at=instant, time_zone=WIB)

    assert state == OpenState(is_open=True, changes_at=on(MON, 4), closed_today_by_closure=True)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        open_state(hours=OFFICE_HOURS, closures=[], at=datetime(2026, 6, 1, 10, 0))  # noqa: DTZ001


# --- The weekly table ------------------------------------------------------------------


def test_weekly_table_lists_every_weekday_from_monday_with_sorted_periods():
    hours = [
        period(MON, "13:00", "16:00"),
        period(MON, "08:00", "12:00"),
        period(FRI, "18:00", "02:00"),
        period(SUN, "00:00", "00:00"),
    ]

    table = weekly_table(hours)

    assert table == [
        DayHours(MON, ((time(8), time(12)), (time(13), time(16)))),
        DayHours(TUE, ()),
        DayHours(WED, ()),
        DayHours(THU, ()),
        DayHours(FRI, ((time(18), time(2)),)),
        DayHours(SAT, ()),
        DayHours(SUN, ((time(0), time(0)),)),
    ]
    assert [day.is_closed for day in table] == [False, True, True, True, False, True, False]


def test_weekly_table_without_hours_is_seven_closed_days():
    assert weekly_table([]) == [DayHours(day, ()) for day in range(7)]
