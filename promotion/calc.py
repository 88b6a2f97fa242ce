"""Pure rules and figures of the attraction funnel and of 上争 bids (no Django).

Stages and states are plain strings here; choices.py names them for the pages.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core import money

TALKS, INTENT, SIGNED, LANDED, DROPPED = "talks", "intent", "signed", "landed", "dropped"
FUNNEL = (TALKS, INTENT, SIGNED, LANDED)

# A lead moves one step forward at a time (a deal signed at a ceremony still had an 意向 first),
# or is dropped while still open. 落地 is reached only by turning the deal into a key project.
NEXT = {TALKS: {INTENT, DROPPED}, INTENT: {SIGNED, DROPPED}, SIGNED: {LANDED, DROPPED}, LANDED: set(), DROPPED: set()}

PREPARED, SUBMITTED, APPROVED, REJECTED = "prepared", "submitted", "approved", "rejected"
BID_NEXT = {PREPARED: {SUBMITTED}, SUBMITTED: {APPROVED, REJECTED}, APPROVED: set(), REJECTED: set()}

YI = 100_000_000


def can_move(current: str, to: str) -> bool:
    return to in NEXT.get(current, set())


def can_move_bid(current: str, to: str) -> bool:
    return to in BID_NEXT.get(current, set())


def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole in percent (not rounded); None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def mean_days(spans: list[int]) -> Decimal | None:
    """The mean of day counts to one decimal; None for none."""
    if not spans:
        return None
    return (Decimal(sum(spans)) / len(spans)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def days_between(dates: dict[str, date], frm: str, to: str) -> int | None:
    """Days from reaching `frm` to reaching `to` for one lead's {stage: date}; None if either is missing."""
    if frm not in dates or to not in dates:
        return None
    return (dates[to] - dates[frm]).days


def yi_text(yuan: int) -> str:
    """元 → 亿元 as a report writes it: 32_500_000_000 → "325", 9_550_000_000 → "95.5"."""
    return money.plain(money.to_unit(yuan, "亿元"))


@dataclass(frozen=True)
class FunnelFigures:
    talks: int
    intended: int
    signed: int
    signed_investment: int


def funnel_sentence(f: FunnelFigures, *, major_only: bool) -> str:
    """The bulletin's sentence: "对接洽谈45个亿元项目，意向资金325亿元，签约11个，总投资95亿元"."""
    noun = "个亿元项目" if major_only else "个项目"
    return (
        f"对接洽谈{f.talks}{noun}，意向资金{yi_text(f.intended)}亿元，"
        f"签约{f.signed}个，总投资{yi_text(f.signed_investment)}亿元"
    )
