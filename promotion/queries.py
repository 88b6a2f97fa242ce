"""Reads and roll-ups of the attraction funnel and of 上争 bids.

The funnel for a period counts the steps taken in it: a lead is "对接洽谈" in the period its talks
began, "签约" in the period it was signed. Amounts follow the stage: 对接洽谈 and 意向 count the
intended investment (意向资金), 签约 and 落地 the signed total investment. "亿元项目" are leads whose
intended investment is at least 1亿元. Bids are counted by the date they were prepared (谋划).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import scope
from core.home import Summary
from core.ranking import rank
from org.queries import branch_labels, by_branch, top_unit

from . import calc
from .choices import BidKind, BidState, FundType, LeadStage
from .models import Lead, LeadStageEvent, SupportBid

ACTIVE = (LeadStage.TALKS, LeadStage.INTENT, LeadStage.SIGNED)
DIMENSIONS = {"chain": gettext_lazy("产业链"), "unit": gettext_lazy("责任单位"), "leader": gettext_lazy("牵头领导")}


def visible_leads(user):
    return scope.restrict(Lead.objects.all(), user)


def visible_bids(user):
    return scope.restrict(SupportBid.objects.all(), user)


def home_summaries(user) -> list[Summary]:
    active = visible_leads(user).filter(stage__in=ACTIVE).count()
    return [Summary(_("在谈招商项目"), active, reverse("promotion:lead-list") + "?open=true", "briefcase")]


def _events(user, start: date, end: date, major_only: bool, leads=None):
    leads = leads if leads is not None else visible_leads(user)
    qs = LeadStageEvent.objects.filter(lead__in=leads, date__gte=start, date__lte=end)
    return qs.filter(lead__intended_investment__gte=calc.YI) if major_only else qs


@dataclass
class StageRow:
    stage: str
    label: str
    count: int
    amount: int  # 意向资金 for 对接洽谈/意向, 签约总投资 for 签约/落地


@dataclass
class Funnel:
    start: date
    end: date
    major_only: bool
    steps: list[StageRow]  # steps taken in the period, 对接洽谈 … 落地
    dropped: int
    current: list[StageRow]  # where the leads stand now
    cohort: int  # leads whose talks began in the period
    reached: dict[str, int]  # of the cohort: how many reached each stage by now
    mean_days: dict[str, Decimal | None]  # "talks-intent", "intent-signed", "signed-landed", "talks-signed"
    step_of: dict[str, StageRow] = field(default_factory=dict)

    def __post_init__(self):
        self.step_of = {r.stage: r for r in self.steps}

    @property
    def figures(self) -> calc.FunnelFigures:
        talks, signed = self.step_of[LeadStage.TALKS], self.step_of[LeadStage.SIGNED]
        return calc.FunnelFigures(talks.count, talks.amount, signed.count, signed.amount)

    @property
    def sentence(self) -> str:
        return calc.funnel_sentence(self.figures, major_only=self.major_only)

    @property
    def conversion(self) -> list[tuple[str, int, Decimal | None, Decimal | None]]:
        """(stage label, leads of the cohort that reached it, % of the previous stage, % of the cohort)."""
        result, previous = [], self.cohort
        for stage in calc.FUNNEL:
            n = self.reached.get(stage, 0)
            result.append((LeadStage(stage).label, n, calc.rate(n, previous), calc.rate(n, self.cohort)))
            previous = n
        return result


def _amount_field(stage: str) -> str:
    return "intended_investment" if stage in (LeadStage.TALKS, LeadStage.INTENT) else "signed_investment"


def funnel(user, *, start: date, end: date, major_only: bool = False, leads=None) -> Funnel:
    """Four queries whatever the number of leads."""
    events = _events(user, start, end, major_only, leads)
    taken = {
        r["stage"]: r
        for r in events.values("stage").annotate(
            n=Count("pk"), intended=Sum("lead__intended_investment"), signed=Sum("lead__signed_investment")
        )
    }
    steps = []
    for stage in calc.FUNNEL:
        r = taken.get(stage, {})
        amount = r.get("intended" if _amount_field(stage) == "intended_investment" else "signed") or 0
        steps.append(StageRow(stage, str(LeadStage(stage).label), r.get("n", 0), amount))
    dropped = taken.get(LeadStage.DROPPED, {}).get("n", 0)

    base = leads if leads is not None else visible_leads(user)
    if major_only:
        base = base.filter(intended_investment__gte=calc.YI)
    now = {
        r["stage"]: r
        for r in base.values("stage").annotate(n=Count("pk"), intended=Sum("intended_investment"),
                                               signed=Sum("signed_investment"))
    }  # fmt: skip
    current = []
    for stage in LeadStage.values:
        r = now.get(stage, {})
        amount = r.get("signed" if stage in (LeadStage.SIGNED, LeadStage.LANDED) else "intended") or 0
        current.append(StageRow(stage, str(LeadStage(stage).label), r.get("n", 0), amount))

    cohort_ids = events.filter(stage=LeadStage.TALKS).values("lead_id")
    dates: dict[int, dict[str, date]] = {}
    for lead_id, stage, on in LeadStageEvent.objects.filter(lead_id__in=cohort_ids).values_list(
        "lead_id", "stage", "date"
    ):
        dates.setdefault(lead_id, {})[stage] = on
    reached = {s: sum(1 for d in dates.values() if s in d) for s in calc.FUNNEL}
    pairs = {"talks-intent": (calc.TALKS, calc.INTENT), "intent-signed": (calc.INTENT, calc.SIGNED),
             "signed-landed": (calc.SIGNED, calc.LANDED), "talks-signed": (calc.TALKS, calc.SIGNED)}  # fmt: skip
    mean = {}
    for key, (a, b) in pairs.items():
        spans = [calc.days_between(d, a, b) for d in dates.values()]
        mean[key] = calc.mean_days([s for s in spans if s is not None])
    return Funnel(start, end, major_only, steps, dropped, current, len(dates), reached, mean)


@dataclass
class GroupRow:
    key: str
    label: str
    talks: int
    intended: int
    signed: int
    signed_investment: int
    landed: int
    rank: int | None = None


def _by_branch(user, qs, path_field: str):
    """`qs` rolled up by the branches below the user's top unit (org.queries.by_branch), and that unit."""
    top = top_unit(user)
    return by_branch(qs, path_field, top), top


def breakdown(user, *, start: date, end: date, by: str, major_only: bool = False) -> list[GroupRow]:
    """The period's steps by industry chain, unit (one level below the user's top unit) or leader.
    Groups are ranked by signed total investment (1, 2, 2, 4)."""
    events = _events(user, start, end, major_only)
    labels: dict = {}
    top = None
    if by == "chain":
        key = "lead__chain__name"
    elif by == "leader":
        key = "lead__leader__name"
    elif by == "unit":
        events, top = _by_branch(user, events, "lead__unit__path")
        key = "branch"
    else:
        raise ValueError(f"unknown dimension {by!r}")
    rows = list(
        events.values(key)
        .annotate(
            talks=Count("pk", filter=Q(stage=LeadStage.TALKS)),
            intended=Sum("lead__intended_investment", filter=Q(stage=LeadStage.TALKS)),
            signed=Count("pk", filter=Q(stage=LeadStage.SIGNED)),
            signed_inv=Sum("lead__signed_investment", filter=Q(stage=LeadStage.SIGNED)),
            landed=Count("pk", filter=Q(stage=LeadStage.LANDED)),
        )
        .order_by(key)
    )
    if by == "unit":
        labels = branch_labels([r[key] for r in rows], top)
    result = [
        GroupRow(str(r[key]), str(labels.get(r[key], r[key]) if r[key] is not None else _("（未填）")),
                 r["talks"], r["intended"] or 0, r["signed"], r["signed_inv"] or 0, r["landed"])
        for r in rows
    ]  # fmt: skip
    ranks = rank({r.key: r.signed_investment for r in result})
    for r in result:
        r.rank = ranks[r.key]
    return sorted(result, key=lambda r: (r.rank, r.label))


# Bids ------------------------------------------------------------------------------------------


@dataclass
class BidRow:
    key: str
    label: str
    count: int
    submitted: int
    approved: int
    rejected: int
    package_investment: int
    requested: int
    granted: int
    rank: int | None = None

    @property
    def approval_rate(self) -> Decimal | None:
        return calc.rate(self.approved, self.approved + self.rejected)


def _bid_aggregates():
    decided = (BidState.APPROVED, BidState.REJECTED)
    return {
        "n": Count("pk"),
        "submitted_n": Count("pk", filter=Q(state__in=(BidState.SUBMITTED, *decided))),
        "approved_n": Count("pk", filter=Q(state=BidState.APPROVED)),
        "rejected_n": Count("pk", filter=Q(state=BidState.REJECTED)),
        "package": Sum("package_investment"),
        "requested": Sum("amount_requested"),
        "granted": Sum("amount_granted"),
    }


def _bid_row(key, label, r) -> BidRow:
    return BidRow(str(key), str(label), r["n"], r["submitted_n"], r["approved_n"], r["rejected_n"],
                  r["package"] or 0, r["requested"] or 0, r["granted"] or 0)  # fmt: skip


def bids_in(user, *, start: date, end: date, bids=None):
    bids = bids if bids is not None else visible_bids(user)
    return bids.filter(prepared_on__gte=start, prepared_on__lte=end)


def bid_rollup(user, *, start: date, end: date, by: str = "kind", bids=None) -> list[BidRow]:
    """Bids prepared in the period by kind, fund type or unit (units ranked by the amount granted)."""
    qs = bids_in(user, start=start, end=end, bids=bids)
    if by == "kind":
        labels, key = dict(BidKind.choices), "kind"
    elif by == "fund_type":
        labels, key, qs = dict(FundType.choices), "fund_type", qs.filter(kind=BidKind.FUND)
    elif by == "unit":
        qs, top = _by_branch(user, qs, "unit__path")
        key = "branch"
    else:
        raise ValueError(f"unknown dimension {by!r}")
    rows = list(qs.values(key).annotate(**_bid_aggregates()).order_by(key))
    if by == "unit":
        labels = branch_labels([r[key] for r in rows], top)
    result = [_bid_row(r[key], labels.get(r[key], r[key]), r) for r in rows]
    if by == "kind":
        order = list(BidKind.values)
        result.sort(key=lambda r: order.index(r.key))
    if by == "unit":
        ranks = rank({r.key: r.granted for r in result})
        for r in result:
            r.rank = ranks[r.key]
        result.sort(key=lambda r: (r.rank, r.label))
    return result


def bid_total(user, *, start: date, end: date, kinds=None, bids=None) -> BidRow:
    qs = bids_in(user, start=start, end=end, bids=bids)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return _bid_row("", _("合计"), qs.aggregate(**_bid_aggregates()))
