"""Growth and load on PostgreSQL: the pages at 2,000, 20,000 and 100,000 projects (more with
BENCH_SIZES), each as a platform administrator and as a district administrator whose district holds
every project, against hand-written SQL for the same figures; then a load step.

The data grows in place: each size adds projects (an annual plan and a year of monthly reports
each, some late, some unreported, some not started) and service cases (50 a project, at most
BENCH_CASES, 1,000,000 by default) with INSERT … SELECT, so generating is not what is measured.
Each size also times the nightly `refresh_warnings` over every project (which also rebuilds the
per-unit figures the dashboard reads for the current period).

Load (at the size BENCH_LOAD_AT, 20,000 by default; 0 skips it): gunicorn started as
docs/operations.md starts it (config/gunicorn.conf.py, its default worker count), then for each
of the ledger, the dashboard, a project page, the inbox and the ledger's Excel export, 8 client
threads for BENCH_LOAD_SECONDS (30) as the district administrator: p50, p99, requests per second.

BENCH_COMPARE_WITH=DIR times the same pages with the code of another checkout (an earlier
version) on the same data, in a subprocess, for before/after figures. BENCH_MEASURE_ONLY=SIZE
(with BENCH_MEASURE_LABEL) times only the pages on a database grown before: `python bench/scale.py`.

Run alone: `DATABASE_URL=postgres://…/NAME python -m bench.scale` (the database is emptied).
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import analyze, timed  # noqa: E402
from cases.models import Case, CaseType  # noqa: E402
from org.models import Role, Unit, User  # noqa: E402
from projects import actions, queries  # noqa: E402
from projects.models import Project  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "2000,20000,100000").split(",") if s]
CASES_MAX = int(os.environ.get("BENCH_CASES", "1000000"))
LOAD_AT = int(os.environ.get("BENCH_LOAD_AT", "20000"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "30"))
LOAD_CLIENTS = 8
PASSWORD = "Bench-Passw0rd-1"
TOWNS = 100


def world():
    """A city with two districts: 区0 holds every project and case (its administrator sees them
    all, through the subtree filter), 区1 holds nothing. Kept when the database already has it."""
    call_command("migrate", verbosity=0)
    if User.objects.filter(username="district").exists():
        return
    city = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    district = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": "区0", "kind": "district"})
    Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": "区1", "kind": "district"})
    for t in range(TOWNS):
        Unit.objects.add_child(Unit.objects.get(pk=district.pk), {"name": f"区0街道{t}", "kind": "street"})
    CaseType.objects.create(name="基准诉求", kind="voice")
    User.objects.create_user(username="platform", password=PASSWORD, role=Role.objects.get(code="platform_admin"),
                             unit=city)  # fmt: skip
    User.objects.create_user(username="district", password=PASSWORD, role=Role.objects.get(code="district_admin"),
                             unit=Unit.objects.get(pk=district.pk))  # fmt: skip


def grow(size: int) -> None:
    """Add projects up to `size` (and their plans, reports and cases) with INSERT … SELECT."""
    year, month = queries.current_period()
    have = Project.objects.count()
    if size <= have:
        return
    towns = list(Unit.objects.filter(kind="street").order_by("path").values_list("pk", "path"))
    town_ids = "ARRAY[" + ",".join(str(pk) for pk, _ in towns) + "]"
    town_paths = "ARRAY[" + ",".join(f"'{p}'" for _, p in towns) + "]"
    with connection.cursor() as cur:
        # Every 11th project planned to start in January and not started; every 7th started in
        # January and never reported; the others report each month, some behind 序时进度.
        cur.execute(f"""
            INSERT INTO projects_project (code, name, level, category, nature, owner, location, unit_id, content,
              planned_start, actual_start, total_investment, responsible_person, contact_name, contact_phone,
              stage, is_sample, created_at, updated_at)
            SELECT 'G-' || lpad(i::text, 7, '0'), '基准项目' || i,
              (ARRAY['province','city','district'])[1 + i %% 3],
              (ARRAY['industry','services','infrastructure','urban','social'])[1 + i %% 5], 'new', '', '',
              ({town_ids})[1 + i %% {len(towns)}], '',
              make_date(%(year)s, 1, 1),
              CASE WHEN i %% 11 = 0 THEN NULL ELSE make_date(%(year)s, 1, 15) END,
              (i %% 200 + 1) * 10000000::bigint, '', '', '',
              CASE WHEN i %% 11 = 0 THEN 'planning' ELSE 'building' END, false, now(), now()
            FROM generate_series(%(lo)s, %(hi)s) AS i""", {"year": year, "lo": have, "hi": size - 1})  # fmt: skip
        cur.execute("""
            INSERT INTO projects_annualplan (project_id, year, planned_investment, planned_to_start, is_sample)
            SELECT id, %(year)s, (id %% 50 + 1) * 1000000::bigint, id %% 4 = 0, false FROM projects_project
            WHERE code >= %(lo)s""", {"year": year, "lo": f"G-{have:07d}"})  # fmt: skip
        cur.execute("""
            INSERT INTO projects_monthlyreport (project_id, year, month, version, state, monthly_investment,
              ytd_investment, since_start_investment, progress, problems, next_steps, return_reason, is_sample,
              created_at, updated_at)
            SELECT p.id, %(year)s, m, 1, 'approved', NULL,
              (p.id %% 50 + 1) * 10000 * m * (40 + p.id %% 70) / 12, NULL, '', '', '', '', false, now(), now()
            FROM projects_project p CROSS JOIN generate_series(1, %(month)s) AS m
            WHERE p.code >= %(lo)s AND p.actual_start IS NOT NULL AND p.id %% 7 <> 0""",
                    {"year": year, "month": month, "lo": f"G-{have:07d}"})  # fmt: skip
        cases_have = Case.objects.count()
        cases_want = min(size * 50, CASES_MAX)
        if cases_want > cases_have:
            ct = CaseType.objects.get().pk
            # Raised in a town; half dispatched to another town; due dates around today.
            cur.execute(f"""
                INSERT INTO cases_case (case_type_id, kind, title, content, origin_unit_id, handler_unit_id,
                  resident_name, resident_phone, address, state, accepted_on, due_on, overdue, deadline_fallback,
                  extensions, extension_days, extension_reason, returns, reworks, satisfaction, scope_path,
                  handler_path, reply, is_sample, created_at, updated_at)
                SELECT {ct}, 'voice', '基准诉求', '内容', ({town_ids})[1 + i %% {len(towns)}],
                  CASE WHEN i %% 2 = 0 THEN ({town_ids})[1 + (i + 7) %% {len(towns)}] END, '', '', '',
                  (ARRAY['accepted','dispatched','handling','replied','closed','closed'])[1 + i %% 6],
                  current_date - 40, current_date - 20 + i %% 40, false, false, 0, 0, '', 0, 0, '',
                  ({town_paths})[1 + i %% {len(towns)}],
                  CASE WHEN i %% 2 = 0 THEN ({town_paths})[1 + (i + 7) %% {len(towns)}] ELSE '' END,
                  '', false, now(), now()
                FROM generate_series(%s, %s) AS i""", [cases_have, cases_want - 1])  # fmt: skip
    analyze()


HAND_UNIT_ROLLUP = """
SELECT substr(u.path, 1, %(cut)s) AS branch, COUNT(*), SUM(p.total_investment),
  SUM(COALESCE(a.planned_investment, 0)), SUM(COALESCE(r.ytd_investment, 0))
FROM projects_project p
JOIN org_unit u ON u.id = p.unit_id
LEFT JOIN projects_annualplan a ON a.project_id = p.id AND a.year = %(year)s
LEFT JOIN projects_monthlyreport r ON r.project_id = p.id AND r.year = %(year)s AND r.month = %(month)s
  AND r.state = 'approved'
WHERE u.path >= %(lo)s AND u.path < %(hi)s
GROUP BY branch ORDER BY branch
"""

HAND_RED = """
SELECT COUNT(*) FROM projects_project p JOIN org_unit u ON u.id = p.unit_id
JOIN projects_warningstate w ON w.project_id = p.id
WHERE u.path >= %(lo)s AND u.path < %(hi)s AND w.colour = 'red'
"""

HAND_INBOX = """
SELECT id FROM cases_case
WHERE state = 'accepted' AND ((scope_path >= %(lo)s AND scope_path < %(hi)s))
ORDER BY due_on, id LIMIT 50
"""


def hand(sql: str, **params):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def current_period() -> tuple[int, int]:
    """The current reporting period (the month before today), as the pages default to it."""
    today = timezone.localdate()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def page_measures(size: int, label: str = "") -> list[dict]:
    """The pages as each administrator, with the test client (no network, no gunicorn).
    Only what an earlier version also has is used here (see compare_with)."""
    year, month = current_period()
    period = f"year={year}&month={month}"
    project = Project.objects.order_by("pk").first()
    results = []
    for who in ("platform", "district"):
        user = User.objects.get(username=who)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        pages = [
            ("dashboard page", f"/projects/dashboard/?{period}"),
            ("ledger filtered to red", f"/projects/?{period}&colour=red"),
            ("ledger page 1", f"/projects/?{period}"),
            ("ledger last page", f"/projects/?{period}&page=last"),
            ("project page", f"/projects/{project.pk}/"),
            ("case inbox", "/cases/inbox/"),
            ("home page", "/"),
        ]
        for name, url in pages:

            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            r = timed(f"{size:>7,} projects · {who:<8} · {name}{label}", get, repeat=3)
            results.append(r)
    return results


class Printed(list):
    """Results printed as they come (a long run that fails later keeps what it measured)."""

    def append(self, r: dict) -> None:
        print(json.dumps(r, ensure_ascii=False), flush=True)
        super().append(r)

    def __iadd__(self, items):
        for r in items:
            self.append(r)
        return self


def measure(size: int) -> list[dict]:
    from core.scope import path_successor

    year, month = queries.current_period()
    district = Unit.objects.get(name="区0")
    lo, hi = district.path, path_successor(district.path)
    cut = len(district.path) + Unit.steplen
    results = Printed()
    results.append({"measure": f"{size:>7,} projects · cases in the database", "ms": 0, "rows": Case.objects.count()})
    start = time.perf_counter()
    actions.refresh_warnings()
    seconds = time.perf_counter() - start
    results.append({"measure": f"{size:>7,} projects · nightly refresh_warnings (every project)",
                    "ms": seconds * 1000, "rate": size / seconds})  # fmt: skip
    results += page_measures(size)
    user = User.objects.get(username="district")
    # The per-request work the pages did before colours were stored: every project judged in Python.
    results.append(timed(f"{size:>7,} projects · district · every project's colour computed (old pages)",
                         lambda: queries.colours(user, year=year, month=month), repeat=3))  # fmt: skip
    ours = [(r.key, r.count, r.total_investment, r.plan, r.ytd)
            for r in queries.rollup(user, year=year, month=month, by="unit")]  # fmt: skip
    theirs = [tuple(row) for row in hand(HAND_UNIT_ROLLUP, cut=cut, year=year, month=month, lo=lo, hi=hi)]
    assert ours == theirs, (ours[:2], theirs[:2])
    stored = queries.stored_scope(user, year=year, month=month)
    assert stored is not None  # the district owns every project: the dashboard reads the unit figures
    kept = [(r.key, r.count, r.total_investment, r.plan, r.ytd)
            for r in queries.stored_rollup_by_unit(stored, year=year, month=month)]  # fmt: skip
    assert kept == theirs, (kept[:2], theirs[:2])
    red = queries.with_colour(queries.visible_projects(user), "red")
    assert red.count() == hand(HAND_RED, lo=lo, hi=hi)[0][0]
    results += [
        timed(f"{size:>7,} projects · district · roll-up by unit (ORM)",
              lambda: queries.rollup(user, year=year, month=month, by="unit"), repeat=3),
        timed(f"{size:>7,} projects · district · roll-up by unit (hand-written SQL, same filter)",
              lambda: hand(HAND_UNIT_ROLLUP, cut=cut, year=year, month=month, lo=lo, hi=hi), repeat=3),
        timed(f"{size:>7,} projects · district · roll-up by unit (stored unit figures, as the dashboard reads it)",
              lambda: queries.stored_rollup_by_unit(stored, year=year, month=month), repeat=3),
        timed(f"{size:>7,} projects · district · red count (ORM)", red.count, repeat=3),
        timed(f"{size:>7,} projects · district · red count (hand-written SQL)",
              lambda: hand(HAND_RED, lo=lo, hi=hi), repeat=3),
        timed(f"{size:>7,} projects · district · inbox 待派单 (hand-written SQL, LIMIT 50)",
              lambda: hand(HAND_INBOX, lo=lo, hi=hi), repeat=3),
    ]  # fmt: skip
    compare = os.environ.get("BENCH_COMPARE_WITH")
    if compare:
        results += compare_with(compare, size)
    return results


def compare_with(tree: str, size: int) -> list[dict]:
    """The same pages with another checkout's code on this database (see the module's docstring)."""
    env = {**os.environ, "PYTHONPATH": tree, "BENCH_MEASURE_ONLY": str(size), "BENCH_COMPARE_WITH": ""}
    out = subprocess.run([sys.executable, os.path.abspath(__file__)], cwd=tree, env=env, stdout=subprocess.PIPE)
    if out.returncode:
        print(f"scale: the comparison run failed ({out.returncode})", file=sys.stderr)
    return [json.loads(line) for line in out.stdout.decode().splitlines() if line.startswith("{")]


# Load -------------------------------------------------------------------------------------------


def load(size: int) -> list[dict]:
    port = 8765
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": "/dev/null",
           "GUNICORN_ERROR_LOG": "-", "GUNICORN_LOG_LEVEL": "warning", "DEBUG": "false"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except Exception:
                time.sleep(0.5)
        client = Client()
        client.force_login(User.objects.get(username="district"), backend="django.contrib.auth.backends.ModelBackend")
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        year, month = queries.current_period()
        period = f"year={year}&month={month}"
        project = Project.objects.order_by("pk").first()
        targets = [
            ("ledger", f"/projects/?{period}"),
            ("dashboard", f"/projects/dashboard/?{period}"),
            ("project page", f"/projects/{project.pk}/"),
            ("inbox", "/cases/inbox/"),
            ("ledger export (red projects)", f"/projects/?{period}&colour=red&export=xlsx"),
        ]
        workers = env.get("GUNICORN_WORKERS") or "default"
        results = Printed()
        for name, url in targets:
            results.append(hammer(base + url, cookie, f"{size:>7,} projects · load · {name} ({workers} workers)"))
        return results
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a worker still answering an export
            server.kill()
            server.wait()


def hammer(url: str, cookie: str, label: str) -> dict:
    """LOAD_CLIENTS threads requesting `url` back to back for LOAD_SECONDS."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + LOAD_SECONDS

    def client():
        while time.perf_counter() < stop:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    ok = response.status == 200
            except Exception:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed) if ok else errors.__setitem__(0, errors[0] + 1)

    threads = [threading.Thread(target=client) for _ in range(LOAD_CLIENTS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0
    return {"measure": label, "ms": statistics.median(times) if times else 0, "p99": p99,
            "rate": len(times) / wall, "errors": errors[0]}  # fmt: skip


def main() -> None:
    if connection.vendor != "postgresql":
        print("scale: growth and load are measured on PostgreSQL only", file=sys.stderr)
        return
    only = os.environ.get("BENCH_MEASURE_ONLY")
    if only:  # called by compare_with on another checkout's code
        for r in page_measures(int(only), os.environ.get("BENCH_MEASURE_LABEL", " (earlier version)")):
            print(json.dumps(r, ensure_ascii=False))
        return
    world()
    for size in SIZES:
        started = time.perf_counter()
        grow(size)
        print(f"scale: {size:,} projects generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        measure(size)  # each result is printed as it is measured
        if size == LOAD_AT:
            load(size)
    print(f"scale: finished {date.today()}", file=sys.stderr)


if __name__ == "__main__":
    main()
