"""Each metric's formula on a small worked set (see the module's docstring for the definitions)."""

from datetime import date
from decimal import Decimal

from cases.calc import CaseFacts, metrics, rate

D = date


def days(a, b):
    return (b - a).days


CASES = [
    # A: signed on time, replied on time, closed, 满意; 4 days
    CaseFacts(D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 3), D(2026, 3, 9), D(2026, 3, 6), True, False, False,
              "satisfied"),
    # B: signed late, replied late, returned and reworked, 基本满意 not counted for its type; 10 days
    CaseFacts(D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 10), D(2026, 3, 12), True, True, True,
              "basic", basic_counts=False),
    # C: dispatched, never signed, signing deadline passed
    CaseFacts(D(2026, 3, 2), D(2026, 3, 3)),
    # D: signed on time, handling deadline passed without a reply: open and overdue
    CaseFacts(D(2026, 3, 5), D(2026, 3, 6), D(2026, 3, 6), D(2026, 3, 9)),
    # E: dispatched, signing deadline is today: not decided yet
    CaseFacts(D(2026, 3, 9), D(2026, 3, 10)),
    # F: received, not yet dispatched
    CaseFacts(),
    # G: replied before its deadline, 基本满意 counted, waiting to be closed
    CaseFacts(D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 3), D(2026, 3, 20), D(2026, 3, 5), False, False, False,
              "basic"),
]  # fmt: skip


def test_every_metric_on_a_worked_set():
    m = metrics(CASES, as_of=D(2026, 3, 10), workdays_between=days)
    assert (m.cases, m.dispatched) == (7, 6)
    assert (m.signed_on_time, m.sign_base, m.sign_rate) == (3, 5, Decimal("60.00"))  # A, D, G of A B C D G
    # closed A (on time) and B (late), plus D open and overdue: 1 of 3, not 1 of 2
    assert (m.closed_on_time, m.close_base, m.close_rate) == (1, 3, Decimal("33.33"))
    assert (m.returned, m.return_rate) == (1, Decimal("16.67"))  # B of 6 dispatched
    assert (m.reworked, m.replied, m.rework_rate) == (1, 3, Decimal("33.33"))  # B of A B G
    assert (m.satisfied, m.rated, m.satisfaction_rate) == (2, 3, Decimal("66.67"))  # A and G
    assert m.average_days == Decimal("7.00")  # (4 + 10) / 2


def test_open_overdue_cases_lower_the_on_time_rate():
    closed_only = metrics([c for c in CASES if c.closed], as_of=D(2026, 3, 10), workdays_between=days)
    assert closed_only.close_rate == Decimal("50.00")


def test_nothing_to_divide_by():
    m = metrics([], as_of=D(2026, 3, 10), workdays_between=days)
    assert m.sign_rate is None and m.close_rate is None and m.average_days is None
    assert rate(1, 3) == Decimal("33.33") and rate(0, 0) is None
