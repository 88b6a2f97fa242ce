"""The daily run's reminders of 上争 bids near or past their application deadline, of targets whose
figures are due, and of facts waiting for review: to exactly the people in scope, and not twice."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.context import acting_as
from indicators import actions as indicator_actions
from indicators.catalogue import ensure
from indicators.models import Indicator, ValidationRule
from indicators.periods import CUMULATIVE, Period
from ingest import actions as ingest_actions
from ingest.testing import ingest
from notices.events import EVENTS, Kind
from notices.models import Notification
from org.models import Role
from promotion import actions as promotion_actions
from promotion.testing import build_promotion

PAGE = "2017年2月12日\n\n会议通报，2016年全区生产总值 124.3 亿元，比上年增长9.9%。\n"


def sweep(day: date) -> None:
    with time_machine.travel(day):
        call_command("notify_sweep", as_of=day.isoformat(), stdout=StringIO())


def told(kind) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def user_at(world, username, unit, role="unit_user"):
    return get_user_model().objects.create_user(
        username=username, password="Test-password-2026", role=Role.objects.get(code=role), unit=world.units[unit]
    )


def test_the_new_events_are_in_the_one_table():
    kinds = {e.kind for e in EVENTS}
    assert {Kind.BID_DUE, Kind.TARGET_DUE, Kind.FACTS_TO_REVIEW} <= kinds


def test_it_reminds_the_applying_unit_of_a_bid_whose_call_closes(world):
    bids = build_promotion(world)
    admin = world.users["admin"]
    with acting_as(admin):
        # Friday 13 November 2026; the anyang bid has no deadline and is never reminded of.
        promotion_actions.update_bid(actor=admin, bid=bids["fengying_bid"], due_on=date(2026, 11, 13))
    sweep(date(2026, 11, 6))  # 5 working days left: not yet
    assert not told(Kind.BID_DUE)
    sweep(date(2026, 11, 10))  # 3 working days left
    soon = told(Kind.BID_DUE)
    assert set(soon) == {"fengying", "readonly"}  # the applying unit's staff, not 马村区's or 安阳城's
    assert soon["fengying"].target == bids["fengying_bid"] and "即将截止" in soon["fengying"].title
    assert "2026-11-13" in soon["fengying"].body
    sweep(date(2026, 11, 11))
    assert Notification.objects.filter(kind=Kind.BID_DUE).count() == 2  # not twice
    sweep(date(2026, 11, 16))
    late = Notification.objects.filter(kind=Kind.BID_DUE, title__contains="已过申报截止日")
    assert set(late.values_list("recipient__username", flat=True)) == {"fengying", "readonly"}
    with acting_as(admin):
        promotion_actions.submit_bid(actor=admin, bid=bids["fengying_bid"], on=date(2026, 11, 16))
    count = Notification.objects.filter(kind=Kind.BID_DUE).count()
    sweep(date(2026, 11, 30))
    assert Notification.objects.filter(kind=Kind.BID_DUE).count() == count  # submitted: nothing more


def test_it_reminds_units_with_targets_of_figures_not_entered(world):
    ensure(Indicator, ValidationRule)
    admin = world.users["admin"]
    output = Indicator.objects.get(code="industry_output")
    sfq_admin = user_at(world, "sfq_admin", "sfq", role="district_admin")
    user_at(world, "statistician", "fgw")
    world.units["fgw"].reports_for.add(world.units["sfq"])  # 代报: the fgw enters 示范区's figures
    with acting_as(admin):
        for unit in ("macun", "sfq"):
            indicator_actions.set_target(actor=admin, indicator=output, unit=world.units[unit], year=2026,
                                         kind="growth", value=Decimal("8"))  # fmt: skip
        indicator_actions.record_value(actor=admin, indicator=output, unit=world.units["macun"],
                                       period=Period(2026, CUMULATIVE, 10), level=Decimal("100"),
                                       growth=Decimal("5"), check_rules=False, respect_lock=False)  # fmt: skip
    # October's figures close on the 5th working day of November 2026: Friday 6 November.
    sweep(date(2026, 11, 2))
    assert not told(Kind.TARGET_DUE)
    sweep(date(2026, 11, 4))
    soon = told(Kind.TARGET_DUE)
    assert set(soon) == {"sfq_admin", "statistician"}  # 马村区 entered its figure; 示范区 did not
    assert soon["sfq_admin"].target == world.units["sfq"] and output.name in soon["sfq_admin"].body
    assert "2026-11-06" in soon["statistician"].body and "2026-ytd-10" in soon["statistician"].url
    assert soon["sfq_admin"].recipient == sfq_admin
    sweep(date(2026, 11, 5))
    assert Notification.objects.filter(kind=Kind.TARGET_DUE).count() == 2
    sweep(date(2026, 11, 9))
    assert Notification.objects.filter(kind=Kind.TARGET_DUE, title__contains="逾期未报").count() == 2


@pytest.fixture
def document(world):
    return ingest(world, PAGE, unit="fengying")[0]


def test_it_tells_the_reviewers_in_scope_of_facts_waiting_daily(world, document):
    user_at(world, "anyang_admin", "anyang", role="district_admin")  # a reviewer, of another street
    fengying_admin = user_at(world, "fengying_admin", "fengying", role="district_admin")
    pending = document.candidates.filter(state="pending").count()
    assert pending
    sweep(date(2026, 11, 4))
    first = told(Kind.FACTS_TO_REVIEW)
    # Reviewers whose scope holds the document; not the street's plain users, the leader (no
    # reviewing role), or a reviewer of another street.
    assert set(first) == {"admin", "macun_admin", "fengying_admin"}
    assert first["fengying_admin"].target == document and f"{pending} 条" in first["fengying_admin"].title
    sweep(date(2026, 11, 4))
    assert Notification.objects.filter(kind=Kind.FACTS_TO_REVIEW).count() == 3  # once a day
    sweep(date(2026, 11, 5))
    assert Notification.objects.filter(kind=Kind.FACTS_TO_REVIEW).count() == 6  # and again the next day
    with acting_as(fengying_admin):
        for c in document.candidates.filter(state="pending"):
            ingest_actions.reject_candidate(actor=fengying_admin, candidate=c, note="不采用")
    sweep(date(2026, 11, 6))
    assert Notification.objects.filter(kind=Kind.FACTS_TO_REVIEW).count() == 6  # nothing left to review
