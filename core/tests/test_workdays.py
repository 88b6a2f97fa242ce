from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.workdays import Day, WorkdayCalendar

cal = WorkdayCalendar()


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28), date(2026, 10, 10)])
def test_it_counts_saturday_make_up_days_as_workdays(day):
    assert day.weekday() == 5 and cal.is_workday(day)


@pytest.mark.parametrize("day", [date(2026, 2, 17), date(2026, 10, 1), date(2026, 10, 7), date(2026, 1, 1)])
def test_it_knows_the_holidays(day):
    assert not cal.is_workday(day)


def test_deadlines_across_spring_festival_2026():
    # Friday 13 Feb, then the make-up Saturday 14 Feb, then the holiday until Monday 23 Feb.
    assert cal.add_workdays(date(2026, 2, 13), 1).date == date(2026, 2, 14)
    assert cal.add_workdays(date(2026, 2, 14), 1).date == date(2026, 2, 24)
    assert cal.workdays_between(date(2026, 2, 13), date(2026, 2, 24)) == (2, False)


def test_deadlines_across_national_day_2026():
    # 1–7 October off; Thursday 8 October back to work; Saturday 10 October a make-up workday.
    assert cal.add_workdays(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 10, 9), 1).date == date(2026, 10, 10)
    assert cal.nth_workday_of_month(2026, 10, 1).date == date(2026, 10, 8)
    assert cal.nth_workday_of_month(2026, 10, 5).date == date(2026, 10, 13)  # 8, 9, 10 (Sat), 12, 13
    assert cal.add_workdays(date(2026, 10, 3), 0).date == date(2026, 10, 8)


def test_an_unknown_year_falls_back_to_monday_to_friday_and_says_so(caplog):
    c = WorkdayCalendar()
    day = c.add_workdays(date(2031, 1, 1), 1)  # Wednesday → Thursday
    assert day.date == date(2031, 1, 2) and day.fallback
    assert "2031" in caplog.text
    assert not c.is_known(2031)


def test_overrides_describe_a_year_the_package_does_not_know():
    overrides = {date(2031, 1, 1): False, date(2031, 1, 4): True}  # a holiday and a make-up Saturday
    c = WorkdayCalendar(overrides, published=[2031])
    assert c.is_known(2031)
    day = c.add_workdays(date(2031, 1, 1), 1)
    assert day.date == date(2031, 1, 2) and not day.fallback
    assert c.is_workday(date(2031, 1, 4)) and not c.is_workday(date(2031, 1, 5))


@settings(deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 30)), st.integers(min_value=1, max_value=30))
def test_adding_n_workdays_lands_n_workdays_later(start, n):
    end = cal.add_workdays(start, n).date
    assert cal.is_workday(end)
    assert cal.workdays_between(start, end)[0] == n
    assert cal.workdays_between(end, start)[0] == -n


# Each example builds a fresh calendar and counts up to four years day by day: correct, not quick.
@settings(deadline=None)
@given(st.dates(date(2024, 1, 1), date(2027, 12, 31)), st.dates(date(2024, 1, 1), date(2027, 12, 31)))
def test_counting_between_two_days_matches_counting_day_by_day(a, b):
    from datetime import timedelta

    cal = WorkdayCalendar({date(2027, 2, 6): True}, published=[2027])  # 2027 described by an override
    lo, hi = min(a, b), max(a, b)
    by_day = sum(cal.is_workday(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    count, _fallback = cal.workdays_between(a, b)
    assert count == (by_day if b >= a else -by_day)


def test_a_span_into_an_unknown_year_is_flagged():
    cal = WorkdayCalendar()
    assert cal.workdays_between(date(2026, 12, 28), date(2026, 12, 31)) == (3, False)
    count, fallback = cal.workdays_between(date(2099, 12, 28), date(2100, 1, 4))
    assert fallback and count == 5  # Tue–Fri 29 Dec–1 Jan, Mon 4 Jan: Monday–Friday assumed


def test_dates_entered_for_a_year_not_yet_published_are_used_but_still_flagged():
    # Only New Year's Day of 2031 entered: the rest of the notice may be missing.
    c = WorkdayCalendar({date(2031, 1, 1): False})
    assert not c.is_known(2031)
    assert c.add_workdays(date(2031, 1, 1), 1) == Day(date(2031, 1, 2), True)
    assert c.add_workdays(date(2031, 5, 1), 1).fallback  # far from the date entered, too
    assert c.workdays_between(date(2031, 3, 2), date(2031, 3, 9)) == (5, True)
    published = WorkdayCalendar({date(2031, 1, 1): False}, published=[2031])
    assert published.add_workdays(date(2031, 1, 1), 1) == Day(date(2031, 1, 2), False)
    assert published.workdays_between(date(2031, 3, 2), date(2031, 3, 9)) == (5, False)
