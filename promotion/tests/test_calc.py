from datetime import date
from decimal import Decimal

from promotion import calc


def test_a_lead_moves_one_step_forward_or_is_dropped():
    assert calc.can_move("talks", "intent") and calc.can_move("intent", "signed") and calc.can_move("signed", "landed")
    assert calc.can_move("talks", "dropped") and calc.can_move("signed", "dropped")
    assert not calc.can_move("talks", "signed")  # no skipping 意向
    assert not calc.can_move("signed", "intent")  # never backwards
    assert not calc.can_move("landed", "dropped") and not calc.can_move("dropped", "talks")


def test_a_bid_is_submitted_before_it_is_decided():
    assert calc.can_move_bid("prepared", "submitted") and calc.can_move_bid("submitted", "approved")
    assert not calc.can_move_bid("prepared", "approved") and not calc.can_move_bid("approved", "rejected")


def test_rates_days_and_amounts():
    assert calc.rate(11, 45).quantize(Decimal("0.01")) == Decimal("24.44")
    assert calc.rate(1, 0) is None
    dates = {"talks": date(2020, 1, 9), "signed": date(2020, 4, 28)}
    assert calc.days_between(dates, "talks", "signed") == 110
    assert calc.days_between(dates, "talks", "intent") is None
    assert calc.mean_days([110, 55]) == Decimal("82.5") and calc.mean_days([]) is None
    assert calc.yi_text(32_500_000_000) == "325" and calc.yi_text(11_780_000_000) == "117.8"


def test_the_funnel_sentence_reads_as_the_report_writes_it():
    figures = calc.FunnelFigures(talks=45, intended=325 * calc.YI, signed=11, signed_investment=95 * calc.YI)
    assert (
        calc.funnel_sentence(figures, major_only=True)
        == "对接洽谈45个亿元项目，意向资金325亿元，签约11个，总投资95亿元"
    )
    assert calc.funnel_sentence(figures, major_only=False).startswith("对接洽谈45个项目")
