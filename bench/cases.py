"""Service cases at scale: deadline computation and the nightly sweep over a million open cases.

Measured: deadlines in working days for many cases (the goal: at least 100,000 a second); the
nightly sweep of 1,000,000 open cases — the flags of the cases whose deadline passed since the
night before, and the cases due for escalation that night (the goal: under 10 seconds); the
flags of all of them recomputed from nothing (half flip: the worst case, after a restore); the
same run again (nothing to write); and escalating a backlog in batches (cases a second).
The cases are inserted by one INSERT … SELECT so that generating them is not what is measured.
CASES=… in the environment sets a smaller count for a quick check; BACKLOG=… how many cases of
the backlog are escalated for the rate (default 50,000).
"""

import json
import os
import statistics
import sys
import time
from datetime import date, timedelta

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import analyze, city  # noqa: E402
from cases import actions, queries, sla, sweeping  # noqa: E402
from cases.models import Case, CaseType  # noqa: E402

CASES = int(os.environ.get("CASES", "1000000"))
BACKLOG = int(os.environ.get("BACKLOG", "50000"))
DEADLINES = 200_000
AS_OF = date(2026, 10, 12)


def generate() -> None:
    _city, district, _streets = city()
    ct = CaseType.objects.create(name="基准诉求", kind="voice")
    # Deadlines spread over the 60 days around AS_OF: about half the open cases are overdue.
    start = AS_OF - timedelta(days=30)
    params = [ct.pk, district.pk, district.path, start.isoformat(), CASES]
    if connection.vendor == "postgresql":
        sql = """
            INSERT INTO cases_case (case_type_id, kind, title, content, origin_unit_id, resident_name,
              resident_phone, address, state, accepted_on, due_on, overdue, deadline_fallback, extensions,
              extension_days, extension_reason, returns, reworks, satisfaction, scope_path, handler_path,
              reply, is_sample, created_at, updated_at)
            SELECT %s, 'voice', '基准诉求', '内容', %s, '', '', '', 'handling', %s::date, %s::date + (i %% 60),
              false, false, 0, 0, '', 0, 0, '', %s, '', '', false, now(), now()
            FROM generate_series(1, %s) AS i"""
        params = [ct.pk, district.pk, start.isoformat(), start.isoformat(), district.path, CASES]
    else:
        sql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s)
            INSERT INTO cases_case (case_type_id, kind, title, content, origin_unit_id, resident_name,
              resident_phone, address, state, accepted_on, due_on, overdue, deadline_fallback, extensions,
              extension_days, extension_reason, returns, reworks, satisfaction, scope_path, handler_path,
              reply, is_sample, created_at, updated_at)
            SELECT %s, 'voice', '基准诉求', '内容', %s, '', '', '', 'handling', %s,
              date(%s, '+' || (i %% 60) || ' days'),
              0, 0, 0, 0, '', 0, 0, '', %s, '', '', 0, datetime('now'), datetime('now') FROM n"""
        params = [CASES, ct.pk, district.pk, start.isoformat(), start.isoformat(), district.path]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE")


def timed(label: str, func, repeat: int = 3, rows: int | None = None, setup=None) -> dict:
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    result = {"measure": label, "ms": statistics.median(times)}
    if rows:
        result["rate"] = rows / (result["ms"] / 1000)
    print(f"{label}: {result['ms']:,.0f} ms", file=sys.stderr, flush=True)  # progress of a long run
    return result


def main() -> None:
    generate()
    assert Case.objects.count() == CASES
    table = queries.workday_table(AS_OF)
    starts = [AS_OF - timedelta(days=i % 400) for i in range(DEADLINES)]
    limits = [1 + i % 13 for i in range(DEADLINES)]

    def deadlines():
        for start, n in zip(starts, limits, strict=True):
            sla.deadline(table, start, n)

    def reset():
        Case.objects.update(overdue=False)

    # The night before: flags as of the previous day, and that night's escalations done, so the
    # night measured escalates only the cases that reached the margin that day.
    yesterday = AS_OF - timedelta(days=1)
    actions.refresh_overdue(yesterday)
    due_before = queries.to_escalate(yesterday)
    Case.objects.filter(pk__in=due_before.values("pk")).update(escalated_to_id=F("origin_unit_id"))
    analyze()
    reverse("cases:case-list")  # the URLs a worker has loaded long before its first night
    nightly = {}

    def night():
        nightly["result"] = sweeping.sweep(as_of=AS_OF)

    changed = []
    results = [
        timed(f"deadlines of {DEADLINES:,} cases (working days; goal ≥ 100,000/s)", deadlines, rows=DEADLINES),
        timed(f"nightly sweep of {CASES:,} open cases: flags and escalation (goal < 10 s)", night, repeat=1),
    ]
    print(f"nightly: flags changed {nightly['result'][0]:,}, escalated {nightly['result'][1]:,}", file=sys.stderr)
    results += [
        timed(f"overdue flags of {CASES:,} open cases recomputed from nothing (worst case)",
              lambda: changed.append(actions.refresh_overdue(AS_OF)), setup=reset, repeat=1, rows=CASES),
        timed("the sweep again the same night, nothing to write", lambda: sweeping.sweep(as_of=AS_OF), repeat=1),
    ]  # fmt: skip
    # A backlog: every overdue case not yet escalated; BACKLOG of them in batches of 5,000.
    Case.objects.update(escalated_to=None)
    analyze()
    backlog = queries.to_escalate(AS_OF)
    total = backlog.count()
    ids = list(backlog.order_by("pk").values_list("pk", flat=True)[:BACKLOG])
    batches = [ids[i : i + actions.ESCALATION_BATCH] for i in range(0, len(ids), actions.ESCALATION_BATCH)]

    def escalate():
        for batch in batches:
            actions.escalate_batch(ids=batch, as_of=AS_OF)

    results.append(timed(f"escalating {len(ids):,} of a backlog of {total:,} in batches of "
                         f"{actions.ESCALATION_BATCH:,}", escalate, repeat=1, rows=len(ids)))  # fmt: skip
    print(f"cases: {CASES:,}, overdue: {changed[-1]:,}, backlog: {total:,}", file=sys.stderr)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
