"""Deadlines in working days across the 2026 holidays, the unknown-year fallback, colours and escalation."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases import sla
from core.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
TABLE = sla.WorkdayTable(CAL, 2025, 2026)
WIDE = sla.WorkdayTable(CAL, 2025, 2027)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday → the make-up Saturday before Spring Festival
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # then the nine-day holiday is skipped
        (date(2026, 2, 13), 5, date(2026, 2, 27)),
        (date(2026, 2, 13), 6, date(2026, 2, 28)),  # the make-up Saturday after it
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # a request taken on a make-up Saturday
        (date(2026, 2, 17), 0, date(2026, 2, 24)),  # received on a holiday: its first working day
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # National Day
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # the make-up Saturday
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
        (date(2026, 9, 28), 13, date(2026, 10, 21)),  # a complaint's 13 working days
    ],
)
def test_deadlines_across_spring_festival_and_national_day(start, n, due):
    assert sla.deadline(TABLE, start, n) == sla.Day(due, False)
    assert CAL.add_workdays(start, n).date == due


def test_an_unknown_year_falls_back_to_monday_to_friday_and_says_so():
    table = sla.WorkdayTable(CAL, 2026, 2027)
    assert sla.deadline(table, date(2027, 1, 4), 5) == sla.Day(date(2027, 1, 11), True)
    # 2027-01-01 is a Friday: without a notice it is assumed a working day, and flagged
    assert sla.deadline(table, date(2026, 12, 31), 1) == sla.Day(date(2027, 1, 1), True)
    assert sla.deadline(table, date(2026, 12, 30), 1) == sla.Day(date(2026, 12, 31), False)
    # a date entered is used, but the year stays flagged until its notice is published
    entered = sla.WorkdayTable(WorkdayCalendar({date(2027, 1, 1): False}), 2026, 2027)
    assert sla.deadline(entered, date(2026, 12, 31), 1) == sla.Day(date(2027, 1, 4), True)
    # once the administrator publishes the notice, the year is known
    described = sla.WorkdayTable(WorkdayCalendar({date(2027, 1, 1): False}, [2027]), 2026, 2027)
    assert sla.deadline(described, date(2026, 12, 31), 1) == sla.Day(date(2027, 1, 4), False)
    # beyond the table the calendar answers, with the same flag
    assert sla.deadline(TABLE, date(2027, 1, 4), 5) == sla.Day(date(2027, 1, 11), True)


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2026, 12, 20)), st.integers(0, 15))
def test_the_table_agrees_with_the_calendar(start, n):
    assert WIDE.add(start, n) == CAL.add_workdays(start, n)
    end = start + timedelta(days=n * 2)
    assert WIDE.between(start, end) == CAL.workdays_between(start, end)[0]


def test_status_colours_and_escalation():
    limits = sla.Limits(warn_within=1, escalate_after=2)
    due = date(2026, 10, 9)

    def at(day, closed=False):
        return sla.status(TABLE, due_on=due, as_of=day, limits=limits, closed=closed)

    assert at(date(2026, 9, 29)) == sla.Status("normal", 3, 0, False, False)  # 30th, 8th, 9th
    assert at(date(2026, 10, 8)).colour == "yellow"
    assert at(date(2026, 10, 9)) == sla.Status("yellow", 0, 0, False, False)
    assert at(date(2026, 10, 10)) == sla.Status("red", 0, 1, True, False)  # the make-up Saturday counts
    assert at(date(2026, 10, 11)) == sla.Status("red", 0, 1, True, False)  # Sunday adds nothing
    assert at(date(2026, 10, 12)) == sla.Status("red", 0, 2, True, True)
    assert at(date(2026, 10, 12), closed=True).colour == "done"


def test_the_latest_deadline_overdue_by_a_margin():
    # On Monday 2026-10-12, two working days back is Friday 10-09 (10-10 and 10-12 lie after it)
    assert TABLE.latest_overdue_by(date(2026, 10, 12), 2) == date(2026, 10, 9)
    # the days of the holiday share the count of the last working day before them
    assert TABLE.latest_overdue_by(date(2026, 10, 9), 2) == date(2026, 10, 7)
    for margin in (1, 2, 3, 5):
        cutoff = TABLE.latest_overdue_by(date(2026, 10, 12), margin)
        assert TABLE.between(cutoff, date(2026, 10, 12)) >= margin
        assert TABLE.between(cutoff + timedelta(days=1), date(2026, 10, 12)) < margin


def test_escalation_goes_to_the_unit_above():
    assert sla.escalation_unit_path("000100020003") == "00010002"
    assert sla.escalation_unit_path("0001") == ""
