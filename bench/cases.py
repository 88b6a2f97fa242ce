"""Service cases at scale: deadline computation and the overdue sweep over a million open cases.

Measured: deadlines in working days for many cases (the goal: at least 100,000 a second), and
recomputing the overdue flag of 1,000,000 open cases (the goal: under 10 seconds on SQLite). The
cases are inserted by one INSERT … SELECT so that generating them is not what is measured.
CASES=… in the environment sets a smaller count for a quick check.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cases import actions, queries, sla  # noqa: E402
from cases.models import Case, CaseType  # noqa: E402
from org.models import Unit  # noqa: E402

CASES = int(os.environ.get("CASES", "1000000"))
DEADLINES = 200_000
AS_OF = date(2026, 10, 12)


def generate() -> None:
    call_command("migrate", verbosity=0)
    city = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    district = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": "基准区", "kind": "district"})
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

    changed = []
    results = [
        timed(f"deadlines of {DEADLINES:,} cases (working days; goal ≥ 100,000/s)", deadlines, rows=DEADLINES),
        timed(f"overdue flags of {CASES:,} open cases recomputed (goal < 10 s)",
              lambda: changed.append(actions.refresh_overdue(AS_OF)), setup=reset, rows=CASES),
        timed("overdue flags recomputed again, nothing changed", lambda: actions.refresh_overdue(AS_OF)),
    ]  # fmt: skip
    print(f"cases: {CASES:,}, overdue: {changed[-1]:,}", file=sys.stderr)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
