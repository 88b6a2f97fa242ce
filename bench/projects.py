"""Key projects at scale: 20,000 projects × 24 monthly reports (two years).

Measured: the dashboard roll-up against the same roll-up as one hand-made SQL query, the
ledger list page and the Excel export. Importing a 20,000-row ledger is bench/imports.py.
"""

import json
import os
import sys

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench.common import analyze, timed  # noqa: E402
from org.models import Role, Unit, User  # noqa: E402
from projects import queries  # noqa: E402
from projects.models import AnnualPlan, MonthlyReport, Project  # noqa: E402

PROJECTS, YEARS = 20_000, (2025, 2026)
LEVELS, CATEGORIES = ("province", "city", "district"), ("industry", "services", "infrastructure", "urban", "social")


def generate() -> User:
    call_command("migrate", verbosity=0)
    city = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    districts = [Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"区{i}", "kind": "district"})
                 for i in range(10)]  # fmt: skip
    towns = []
    for d in districts:
        for t in range(10):
            towns.append(
                Unit.objects.add_child(Unit.objects.get(pk=d.pk), {"name": f"{d.name}街道{t}", "kind": "street"})
            )
    Project.objects.bulk_create(
        (
            Project(
                code=f"B-{i:06d}",
                name=f"基准项目{i}",
                level=LEVELS[i % 3],
                category=CATEGORIES[i % 5],
                nature="new",
                unit=towns[i % len(towns)],
                total_investment=(i % 200 + 1) * 10**7,
                stage="building",
            )
            for i in range(PROJECTS)
        ),
        batch_size=2000,
    )
    ids = list(Project.objects.values_list("pk", flat=True))
    AnnualPlan.objects.bulk_create(
        (AnnualPlan(project_id=pk, year=y, planned_investment=(pk % 50 + 1) * 10**6) for pk in ids for y in YEARS),
        batch_size=5000,
    )
    batch = []
    for pk in tqdm(ids, desc="reports", file=sys.stderr):
        for y in YEARS:
            for m in range(1, 13):
                ytd = (pk % 50 + 1) * 10**6 * m // 12
                batch.append(MonthlyReport(project_id=pk, year=y, month=m, state="approved", monthly_investment=None,
                                           ytd_investment=ytd, since_start_investment=ytd))  # fmt: skip
        if len(batch) >= 24_000:
            MonthlyReport.objects.bulk_create(batch)
            batch = []
    MonthlyReport.objects.bulk_create(batch)
    analyze()
    role = Role.objects.get(code="platform_admin")
    return User.objects.create_user(username="bench", password="Bench-Passw0rd-1", role=role, unit=city)


HAND_SQL = """
SELECT p.level, COUNT(*), SUM(p.total_investment), SUM(COALESCE(a.planned_investment, 0)), SUM(COALESCE(r.ytd, 0))
FROM projects_project p
LEFT JOIN projects_annualplan a ON a.project_id = p.id AND a.year = %s
LEFT JOIN (
    SELECT m.project_id, m.ytd_investment AS ytd FROM projects_monthlyreport m
    JOIN (SELECT project_id, MAX(version) AS v FROM projects_monthlyreport
          WHERE year = %s AND month = %s AND state = 'approved' GROUP BY project_id) last
      ON last.project_id = m.project_id AND last.v = m.version
    WHERE m.year = %s AND m.month = %s AND m.state = 'approved'
) r ON r.project_id = p.id
GROUP BY p.level ORDER BY p.level
"""


# PostgreSQL plans the join on each project's latest version badly (25 s); DISTINCT ON is how
# one writes "the latest row per project" there.
HAND_SQL_POSTGRES = """
SELECT p.level, COUNT(*), SUM(p.total_investment), SUM(COALESCE(a.planned_investment, 0)), SUM(COALESCE(r.ytd, 0))
FROM projects_project p
LEFT JOIN projects_annualplan a ON a.project_id = p.id AND a.year = %s
LEFT JOIN (
    SELECT DISTINCT ON (project_id) project_id, ytd_investment AS ytd FROM projects_monthlyreport
    WHERE year = %s AND month = %s AND state = 'approved' ORDER BY project_id, version DESC
) r ON r.project_id = p.id
GROUP BY p.level ORDER BY p.level
"""


def hand_rollup(year: int, month: int):
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(HAND_SQL_POSTGRES, [year, year, month])
        else:
            cur.execute(HAND_SQL, [year, year, month, year, month])
        return [tuple(int(v) if not isinstance(v, str) else v for v in row) for row in cur.fetchall()]


def main() -> None:
    user = generate()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    ours = queries.rollup(user, year=2026, month=6, by="level")
    hand = hand_rollup(2026, 6)
    assert [(r.key, r.count, r.total_investment, r.plan, r.ytd) for r in ours] == [tuple(h) for h in hand], "mismatch"
    period = "year=2026&month=6"
    results = [
        timed("roll-up by level (ORM, as the dashboard runs it)", lambda: queries.rollup(user, year=2026, month=6,
                                                                                           by="level")),
        timed("roll-up by level (one hand-made SQL query)", lambda: hand_rollup(2026, 6)),
        timed("roll-up by unit (ORM)", lambda: queries.rollup(user, year=2026, month=6, by="unit")),
        timed("dashboard page (roll-up, trend, warnings)", lambda: client.get(f"/projects/dashboard/?{period}"),
              repeat=3),
        timed("ledger list page 1", lambda: client.get(f"/projects/?{period}")),
        timed("ledger list page 200", lambda: client.get(f"/projects/?{period}&page=200")),
        timed("ledger Excel export (20,000 rows)", lambda: client.get(f"/projects/?{period}&export=xlsx"), repeat=1),
    ]  # fmt: skip
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
