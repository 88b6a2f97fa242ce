"""The nightly sweep, set-based: the overdue flags in one UPDATE and escalation in batches give what
the rule gives case by case — on working days, across the National Day holiday and a 调休 Saturday,
for every state, cases waiting on an extension decision and cases already escalated — and a
second run changes nothing. Each batch is its own transaction: a sweep stopped half-way resumes."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cases import actions, queries, sla, sweeping
from cases.choices import OPEN_STATES, CaseState
from cases.models import Case, CaseEvent, CaseType
from core.models import AuditEntry, WorkdayOverride
from org.models import Unit

STATES = [s.value for s in CaseState]


def limits(case_type: CaseType) -> sla.Limits:
    return sla.Limits(warn_within=case_type.warn_within, escalate_after=case_type.escalate_after)


def expected(as_of: date) -> tuple[dict, dict]:
    """The rule, one case at a time in Python, as the sweep applied it before it was set-based:
    (overdue flag of every case, {case: (unit escalated to, working days over)} of those to escalate)."""
    table = queries.workday_table(as_of)
    flags, escalations = {}, {}
    for case in Case.objects.select_related("case_type", "handler_unit", "origin_unit").order_by("pk"):
        is_open = case.state in OPEN_STATES
        status = sla.status(table, due_on=case.due_on, as_of=as_of, limits=limits(case.case_type), closed=not is_open)
        flags[case.pk] = status.overdue
        if status.escalate and case.escalated_to_id is None:
            holder = case.handler_unit or case.origin_unit
            above = sla.escalation_unit_path(holder.path, Unit.steplen)
            target = Unit.objects.get(path=above) if above else holder
            escalations[case.pk] = (target.pk, status.workdays_over)
    return flags, escalations


@pytest.fixture
def sample(world, types):
    """Cases in every state, deadlines from mid-September to mid-October 2026 (the National Day
    holiday, Oct 1–7 here with a 调休 Saturday Oct 10 entered by hand), handled by a street, a
    department, the district (whose parent is the city) or nobody yet, with escalation margins of
    1, 2 and 3 working days; some wait on an extension decision, some were escalated already."""
    WorkdayOverride.objects.create(date=date(2026, 10, 10), is_workday=True, note="国庆调休")
    margins = {1: types["errand"], 2: types["enterprise"]}
    margins[3] = CaseType.objects.create(name="三日上报", kind="voice", escalate_after=3)
    handlers = [None, world.units["fengying"], world.units["fgw"], world.units["macun"], world.units["hexie"]]
    origins = [world.units["fengying"], world.units["anyang"], world.units["macun"], world.units["city"]]
    rows = []
    start = date(2026, 9, 14)
    for i in range(240):
        case_type = margins[1 + i % 3]
        handler, origin = handlers[i % 5], origins[(i // 5) % 4]
        due = None if i % 31 == 0 else start + timedelta(days=i % 34)
        rows.append(Case(
            case_type=case_type, kind=case_type.kind, title=f"诉求{i}", content="内容", origin_unit=origin,
            enterprise=None, accepted_on=start, due_on=due, state=STATES[i % len(STATES)],
            handler_unit=handler, handler_path=handler.path if handler else "", scope_path=origin.path,
            overdue=bool(i % 2), extension_requested=3 if i % 7 == 0 else None,
            escalated_to=world.units["macun"] if i % 11 == 0 else None,
        ))  # fmt: skip
    for row in rows:  # the enterprise channel needs an enterprise
        if row.kind == "enterprise":
            row.enterprise = world.enterprises["fengying"]
    Case.objects.bulk_create(rows)
    return rows


@pytest.mark.parametrize("as_of", [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 12), date(2026, 10, 19)])
def test_the_set_based_sweep_equals_the_rule_case_by_case_and_runs_once(sample, as_of):
    flags, escalations = expected(as_of)
    assert escalations  # the sample has something to escalate on every one of these days
    before_events, before_audit = CaseEvent.objects.count(), AuditEntry.objects.count()
    _changed, escalated = sweeping.sweep(as_of=as_of, batch_size=7)
    assert escalated == len(escalations)
    got = dict(Case.objects.values_list("pk", "overdue"))
    for pk in escalations:
        flags[pk] = True  # an escalated case is marked overdue with it
    assert got == flags
    moved = dict(Case.objects.filter(pk__in=escalations).values_list("pk", "escalated_to_id"))
    assert moved == {pk: target for pk, (target, _over) in escalations.items()}
    events = CaseEvent.objects.filter(action="escalate", on=as_of)
    assert {e.case_id: (e.unit_id, e.days) for e in events} == escalations
    assert CaseEvent.objects.count() - before_events == len(escalations)
    assert AuditEntry.objects.count() - before_audit == len(escalations)  # one audit row per case, in bulk
    # Twice: nothing changes, nothing is written.
    assert sweeping.sweep(as_of=as_of, batch_size=7) == (0, 0)
    assert CaseEvent.objects.count() - before_events == len(escalations)
    assert dict(Case.objects.values_list("pk", "overdue")) == flags


def test_a_sweep_stopped_half_way_resumes_and_a_batch_run_twice_is_harmless(sample, monkeypatch):
    as_of = date(2026, 10, 19)
    _flags, escalations = expected(as_of)
    ids = sorted(escalations)
    assert actions.escalate_batch(ids=ids[:5], as_of=as_of) == 5
    assert actions.escalate_batch(ids=ids[:5], as_of=as_of) == 0  # the same batch again
    calls = []
    real = actions.escalate_batch

    def failing(**kwargs):  # the third batch fails: the first two stay committed
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("stopped")
        return real(**kwargs)

    monkeypatch.setattr(actions, "escalate_batch", failing)
    with pytest.raises(RuntimeError):
        sweeping.escalate(as_of=as_of, batch_size=4)
    assert Case.objects.filter(pk__in=ids, escalated_to__isnull=False).count() == 5 + 8
    monkeypatch.setattr(actions, "escalate_batch", real)
    assert sweeping.escalate(as_of=as_of, batch_size=4) == len(ids) - 13
    assert CaseEvent.objects.filter(action="escalate").count() == len(ids)
    assert sweeping.escalate(as_of=as_of) == 0


def test_the_command_shows_progress(sample):
    out = StringIO()
    call_command("case_sweep", as_of="2026-10-19", batch=10, stdout=out)
    text = out.getvalue()
    assert "上报 10/" in text and "超期状态变化" in text
    again = StringIO()
    call_command("case_sweep", as_of="2026-10-19", stdout=again)
    assert "超期状态变化 0 件，上报 0 件。" in again.getvalue()


def test_a_large_batch_tells_each_unit_once(world, types, django_capture_on_commit_callbacks, settings):
    from notices.events import Kind
    from notices.models import Notification

    start, fgw, fengying = date(2026, 9, 14), world.units["fgw"], world.units["fengying"]
    Case.objects.bulk_create([
        Case(case_type=types["errand"], kind="errand", title=f"积压{i}", content="内容",
             origin_unit=fengying, accepted_on=start, due_on=start, state="handling",
             handler_unit=fgw, handler_path=fgw.path, scope_path=fengying.path)
        for i in range(25)
    ])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeping.escalate(as_of=date(2026, 10, 19)) == 25
    told = Notification.objects.filter(kind=Kind.CASE_ESCALATED)
    # 发改委's cases go to 马村区: its users who see them get one message naming 25, not 25 messages.
    assert set(told.values_list("recipient__username", flat=True)) == {"macun_admin", "leader"}
    assert told.count() == 2 and "25 件" in told.first().title
