"""Simultaneous state changes with real transactions: of several people taking the same step on
the same object at the same moment, exactly one succeeds; the others get a conflict, and the step
is audited once.

Each thread has its own database connection and calls the action on its own copy of the object
(loaded before the race, as a page or an API call would have). PostgreSQL only: the SQLite test
database lives in shared-cache memory, whose table locks fail at once instead of waiting; SQLite's
file database serialises writers with BEGIN IMMEDIATE (core/tests/test_locking.py shows that writers wait there).
"""

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, connections

from cases import actions as case_actions
from cases.choices import CaseAction
from cases.testing import build_cases_world
from core.context import acting_as
from core.locking import Conflict
from core.models import AuditEntry
from projects import actions as project_actions
from projects.models import Project
from projects.testing import build_projects
from promotion import actions as promotion_actions
from promotion.choices import BidState
from promotion.models import IndustryChain
from promotion.testing import build_promotion
from supervision import actions as task_actions
from supervision.testing import build_tasks

pytestmark = pytest.mark.django_db(transaction=True)

WAN = 10_000
YI = 100_000_000
RACERS = 8


@dataclass
class Step:
    prepare: Callable  # (world) -> (object in the state before the step, the user who takes it)
    take: Callable  # (user, object) -> result
    verb: str  # the audit row the step writes once


def race(model, pk, user, take) -> list:
    """RACERS threads take the step at once on their own copy of one row; each result is the
    action's return value or its exception."""
    return race_over([model.objects.get(pk=pk) for _ in range(RACERS)], user, take)


def race_over(copies, user, take) -> list:
    """Each copy in its own thread, the step taken on all at once; each result is the action's
    return value or its exception."""
    barrier = threading.Barrier(RACERS)
    results: list = [None] * RACERS

    def run(i):
        try:
            with acting_as(user):
                barrier.wait(timeout=30)
                results[i] = take(user, copies[i])
        except Exception as exc:  # the test sorts them out
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


# Monthly reports ------------------------------------------------------------------------------------


def _draft(world):
    user = world.users["fengying"]
    with acting_as(user):
        return project_actions.save_report(
            actor=user, project=build_projects(world)["fengying"], year=2026, month=6,
            monthly_investment=2000 * WAN, ytd_investment=12602 * WAN,
        )  # fmt: skip


def _submitted(world):
    report = _draft(world)
    with acting_as(world.users["fengying"]):
        return project_actions.submit_report(actor=world.users["fengying"], report=report)


def _approved(world):
    report = _submitted(world)
    with acting_as(world.users["macun_admin"]):
        return project_actions.approve_report(actor=world.users["macun_admin"], report=report)


REPORT_STEPS = {
    "submit": Step(
        lambda w: (_draft(w), w.users["fengying"]),
        lambda u, r: project_actions.submit_report(actor=u, report=r), "报送",
    ),
    "approve": Step(
        lambda w: (_submitted(w), w.users["macun_admin"]),
        lambda u, r: project_actions.approve_report(actor=u, report=r), "审核通过",
    ),
    "return": Step(
        lambda w: (_submitted(w), w.users["macun_admin"]),
        lambda u, r: project_actions.return_report(actor=u, report=r, reason="累计数不衔接"), "退回",
    ),
    "correct": Step(
        lambda w: (_approved(w), w.users["fengying"]),
        lambda u, r: project_actions.start_correction(actor=u, report=r), "发起更正",
    ),
}  # fmt: skip


# Supervised tasks ----------------------------------------------------------------------------------


def _open_task(world):
    return build_tasks(world, build_projects(world))["fengying"]


def _done_task(world):
    task = _open_task(world)
    with acting_as(world.users["fengying"]):
        task_actions.complete_task(actor=world.users["fengying"], task=task, note="已办结")
    return task


TASK_STEPS = {
    "complete": Step(
        lambda w: (_open_task(w), w.users["fengying"]),
        lambda u, t: task_actions.complete_task(actor=u, task=t, note="已完成"), "办结",
    ),
    "reopen": Step(
        lambda w: (_done_task(w), w.users["macun_admin"]),
        lambda u, t: task_actions.reopen_task(actor=u, task=t, reason="未办结到位"), "重新打开",
    ),
}  # fmt: skip


# Service cases --------------------------------------------------------------------------------------


def _case(world, *steps):
    """An enterprise case taken through `steps` (dispatched to 冯营街道)."""
    types = build_cases_world(world)
    admin, handler, enterprise = world.users["macun_admin"], world.users["fengying"], world.users["enterprise"]
    with acting_as(enterprise):
        case = case_actions.submit_case(actor=enterprise, case_type=types["enterprise"], title="用电增容",
                                        content="需增容", enterprise=world.enterprises["fengying"])  # fmt: skip
    moves = {
        "dispatch": lambda: case_actions.dispatch(actor=admin, case=case, handler_unit=world.units["fengying"]),
        "sign": lambda: case_actions.sign(actor=handler, case=case),
        "extend": lambda: case_actions.request_extension(actor=handler, case=case, days=2, reason="需协调"),
        "reply": lambda: case_actions.reply(actor=handler, case=case, result="已增容"),
        "rate": lambda: case_actions.rate(actor=enterprise, case=case, satisfaction="satisfied"),
    }
    for step in steps:
        moves[step]()
    return case


def _case_step(before: tuple, user: str, take, action: str) -> Step:
    return Step(lambda w: (_case(w, *before), w.users[user]), take, str(CaseAction(action).label))


CASE_STEPS = {
    "dispatch": _case_step((), "macun_admin", lambda u, c: case_actions.dispatch(
        actor=u, case=c, handler_unit=c.origin_unit), "dispatch"),
    "sign": _case_step(("dispatch",), "fengying", lambda u, c: case_actions.sign(actor=u, case=c), "sign"),
    "send_back": _case_step(("dispatch",), "fengying", lambda u, c: case_actions.send_back(
        actor=u, case=c, reason="不属本单位"), "return"),
    "extend": _case_step(("dispatch", "sign"), "fengying", lambda u, c: case_actions.request_extension(
        actor=u, case=c, days=2, reason="需协调"), "extend"),
    "approve_extension": _case_step(("dispatch", "sign", "extend"), "macun_admin",
                                    lambda u, c: case_actions.decide_extension(actor=u, case=c, approve=True),
                                    "approve_extension"),
    "reply": _case_step(("dispatch", "sign"), "fengying", lambda u, c: case_actions.reply(
        actor=u, case=c, result="已办"), "reply"),
    "rate": _case_step(("dispatch", "sign", "reply"), "enterprise", lambda u, c: case_actions.rate(
        actor=u, case=c, satisfaction="satisfied"), "rate"),
    "rework": _case_step(("dispatch", "sign", "reply", "rate"), "macun_admin", lambda u, c: case_actions.rework(
        actor=u, case=c, reason="未解决"), "rework"),
    "close": _case_step(("dispatch", "sign", "reply", "rate"), "macun_admin",
                        lambda u, c: case_actions.close(actor=u, case=c), "close"),
}  # fmt: skip


# Leads and bids ------------------------------------------------------------------------------------


def _promo(world):
    for name in ("医药", "绿色建材"):  # seeded by a migration; a flush before this test removes them
        IndustryChain.objects.get_or_create(name=name)
    return build_promotion(world)


def _signed_lead(world):
    build_projects(world)
    lead = _promo(world)["fengying"]
    admin = world.users["admin"]
    with acting_as(admin):
        promotion_actions.advance_lead(actor=admin, lead=lead, stage="intent", on=date(2026, 3, 1))
        promotion_actions.advance_lead(actor=admin, lead=lead, stage="signed", on=date(2026, 4, 1),
                                       signed_investment=25 * YI)  # fmt: skip
    return lead


def _submitted_bid(world):
    bid = _promo(world)["fengying_bid"]
    with acting_as(world.users["admin"]):
        return promotion_actions.submit_bid(actor=world.users["admin"], bid=bid, on=date(2026, 3, 5))


LEAD_STEPS = {
    "advance": Step(
        lambda w: (_promo(w)["fengying"], w.users["admin"]),
        lambda u, lead: promotion_actions.advance_lead(actor=u, lead=lead, stage="intent", on=date(2026, 3, 1)),
        "阶段：意向",
    ),
    "drop": Step(
        lambda w: (_promo(w)["fengying"], w.users["admin"]),
        lambda u, lead: promotion_actions.advance_lead(actor=u, lead=lead, stage="dropped", on=date(2026, 3, 1),
                                                       reason="投资方放弃"),
        "阶段：终止",
    ),
    "land": Step(
        lambda w: (_signed_lead(w), w.users["admin"]),
        lambda u, lead: promotion_actions.land_lead(
            actor=u, lead=lead, on=date(2026, 5, 1), project=Project.objects.get(code="MC-2026-001")),
        "阶段：落地",
    ),
    "submit_bid": Step(
        lambda w: (_promo(w)["fengying_bid"], w.users["admin"]),
        lambda u, bid: promotion_actions.submit_bid(actor=u, bid=bid, on=date(2026, 3, 5)), "申报",
    ),
    "decide_bid": Step(
        lambda w: (_submitted_bid(w), w.users["admin"]),
        lambda u, bid: promotion_actions.decide_bid(actor=u, bid=bid, approved=False, on=date(2026, 4, 1)),
        str(BidState.REJECTED.label),
    ),
}  # fmt: skip

# Bulletins ------------------------------------------------------------------------------------------


def _reviewed_bulletin(world, as_of=date(2026, 10, 13)):
    from supervision.models import Issuer
    from supervision.testing import issue_bulletin, set_issuer

    if not Issuer.objects.filter(unit=world.units["macun"]).exists():
        name = "马村区重点项目建设指挥部办公室"
        set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=name,
                   signers=[world.users["leader"]])  # fmt: skip
    return issue_bulletin(drafter=world.users["macun_admin"], reviewer=world.users["macun_admin"],
                          signer=world.users["leader"], kind="weekly", unit=world.units["macun"], as_of=as_of,
                          until="reviewed")  # fmt: skip


BULLETIN_STEPS = {
    "sign": Step(
        lambda w: (_reviewed_bulletin(w), w.users["leader"]),
        lambda u, b: task_actions.sign_bulletin(actor=u, bulletin=b, on=date(2026, 10, 14)), "签发",
    ),
}  # fmt: skip


# A project without plans or history: its deletion writes one audit row.
PROJECT_STEPS = {
    "delete": Step(
        lambda w: (build_projects(w)["anyang"], w.users["macun_admin"]),
        lambda u, p: project_actions.delete_project(actor=u, project=p), "",
    ),
}  # fmt: skip


STEPS = {
    **{f"project-{k}": v for k, v in PROJECT_STEPS.items()},
    **{f"bulletin-{k}": v for k, v in BULLETIN_STEPS.items()},
    **{f"report-{k}": v for k, v in REPORT_STEPS.items()},
    **{f"task-{k}": v for k, v in TASK_STEPS.items()},
    **{f"case-{k}": v for k, v in CASE_STEPS.items()},
    **{f"lead-{k}": v for k, v in LEAD_STEPS.items()},
}


@pytest.mark.parametrize("name", list(STEPS))
def test_of_simultaneous_steps_exactly_one_succeeds(world, name):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    step = STEPS[name]
    obj, user = step.prepare(world)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    results = race(type(obj), obj.pk, user, step.take)
    errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
    assert errors == []
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == RACERS - 1
    assert AuditEntry.objects.filter(id__gt=last, verb=step.verb).count() == 1
    call_command("audit", "verify", stdout=io.StringIO())  # the writers chained their rows one at a time


def test_simultaneous_ledger_imports_of_one_project_each_audit_what_they_found(world):
    """The bulk import locks the projects it changes and re-reads them: of imports that change the
    same project at once, each writes its change after the one before, and each audit row's
    "before" is the previous one's "after" — none is lost or recorded against a stale value."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    import itertools

    from projects.ledger import LedgerRow

    project = build_projects(world)["fengying"]
    amounts = itertools.count(200 * YI, YI)
    values = {"name": project.name, "level": project.level, "category": project.category,
              "nature": project.nature, "unit": project.unit}  # fmt: skip

    def take(user, _project):
        row = LedgerRow(2, project.code, {**values, "total_investment": next(amounts)})
        return project_actions.import_ledger(actor=user, rows=[row])

    results = race(Project, project.pk, world.users["admin"], take)
    assert [r for r in results if isinstance(r, Exception)] == []
    updates = list(
        AuditEntry.objects.filter(object_id=str(project.pk), content_type__model="project", action="update")
        .order_by("id")
        .values_list("before", "after")
    )
    assert len(updates) == RACERS
    assert updates[0][0]["total_investment"] == 103 * YI
    for (_before, after), (next_before, _after) in itertools.pairwise(updates):
        assert next_before["total_investment"] == after["total_investment"]
    assert Project.objects.get(pk=project.pk).total_investment == updates[-1][1]["total_investment"]
    call_command("audit", "verify", stdout=io.StringIO())


def test_bulletins_signed_at_the_same_moment_take_consecutive_numbers(world):
    """签发 numbers from the issuer's counter row, locked: of bulletins signed at once, each takes
    the next number — none given twice, none skipped."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    from supervision.models import Bulletin

    drafts = [_reviewed_bulletin(world, as_of=date(2026, 10, 5 + i)) for i in range(RACERS)]
    results = race_over(
        [Bulletin.objects.get(pk=d.pk) for d in drafts],
        world.users["leader"],
        lambda leader, bulletin: (
            task_actions.sign_bulletin(actor=leader, bulletin=bulletin, on=date(2026, 10, 14)).number
        ),
    )
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(results, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"马项办〔2026〕{n}号" for n in range(1, RACERS + 1)
    ]
    call_command("audit", "verify", stdout=io.StringIO())


def test_simultaneous_changes_in_one_unit_keep_its_stored_figures(world):
    """Actions on different projects of one unit, and nightly runs (which write no audit row, so
    the audit chain does not order them), recompute that unit's stored figures at once: they take
    turns on the unit's row, so none fails on the figures' unique key and the last counts every
    change."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    from projects import queries

    admin = world.users["admin"]
    year, month = queries.current_period()
    copies = []
    with acting_as(admin):
        for i in range(RACERS):
            copies.append(project_actions.create_project(
                actor=admin, unit=world.units["fengying"], code=f"RACE-{i}", name=f"项目{i}", level="district",
                category="industry", nature="new", total_investment=YI,
            ))  # fmt: skip
    project_actions.refresh_warnings()  # the nightly run builds the period's figures

    def take(user, project):
        if int(project.code.split("-")[1]) % 2:
            return project_actions.refresh_warnings()
        return project_actions.set_annual_plan(actor=user, project=project, year=year, planned_investment=YI // 2)

    results = race_over(copies, admin, take)
    assert [r for r in results if isinstance(r, Exception)] == []
    stored = queries.stored_scope(admin, year=year, month=month)
    assert stored is not None
    assert queries.stored_total(stored, year=year, month=month) == queries.rollup_total(admin, year=year, month=month)
    assert queries.stored_total(stored, year=year, month=month).plan == RACERS // 2 * (YI // 2)
