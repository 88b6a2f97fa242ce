"""Key projects at scale: 20,000 projects × 24 monthly reports (two years).

Measured: the dashboard roll-up against the same roll-up as one hand-made SQL query, the
ledger list page, the Excel export, and importing a 20,000-row ledger — ours (dry run and
all-or-nothing commit through the audited actions) against django-import-export on the same file.
"""

import io
import json
import os
import sys
import time

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench.common import analyze, timed  # noqa: E402
from core.context import acting_as  # noqa: E402
from org.models import Role, Unit, User  # noqa: E402
from projects import imports, queries  # noqa: E402
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
    exported = client.get("/projects/?year=2026&month=6&export=xlsx").content
    # A 20,000-row ledger of new codes (the exported file with the codes changed).
    wb = load_workbook(io.BytesIO(exported))
    ws = wb.active
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].value = "N" + row[0].value
    buffer = io.BytesIO()
    wb.save(buffer)
    ledger = buffer.getvalue()
    start = time.perf_counter()
    preview = imports.dry_run(user, ledger)
    dry = time.perf_counter() - start
    assert preview.ok, preview.errors[:3]
    start = time.perf_counter()
    with acting_as(user):
        imports.commit(user, ledger)
    full = time.perf_counter() - start
    rows = len(preview.plans)
    results.append({"measure": f"import {rows} rows: dry run (validated rows/s)", "ms": dry * 1000,
                    "rate": rows / dry})  # fmt: skip
    results.append({"measure": f"import {rows} rows: dry run + commit with audit (rows/s)", "ms": full * 1000,
                    "rate": rows / full})  # fmt: skip
    results.append(import_export_baseline(ledger, rows))
    results.append(laid_out_dry_run(user))
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


def county_ledger(rows: int, units: list[str]) -> bytes:
    """A ledger laid out as county offices publish it: a merged title, a unit line, a two-row merged
    header, a 序号 column, a section row per category with its count, a 合计 row, notes below."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["2026年重点项目台账"])
    ws.append(["填报单位：基准市　　　　单位：万元"])
    ws.append(["序号", "项目代码", "项目名称", "项目级别", "建设性质", "所属单位", "总投资", "2026年计划", None,
               "1-5月完成投资", "形象进度", "责任单位"])  # fmt: skip
    ws.append([None] * 7 + ["计划投资", "计划开工时间"] + [None] * 3)
    for ref in ["A1:L1", "A2:L2", "H3:I3", *[f"{c}3:{c}4" for c in "ABCDEFGJKL"]]:
        ws.merge_cells(ref)
    sections = ("工业", "服务业", "基础设施", "城建", "社会事业")
    per, i, total = rows // len(sections), 0, 0
    for k, section in enumerate(sections):
        ws.append([f"{'一二三四五'[k]}、{section}项目（{per}个）"])
        for n in range(1, per + 1):
            i += 1
            amount = (i % 200 + 1) * 1000
            total += amount
            ws.append([n, f"C-{i:06d}", f"县域项目{i}", "区重点", "新建", units[i % len(units)], f"{amount:,}", 500,
                       "2026年3月", 100, "主体施工", units[i % len(units)]])  # fmt: skip
    ws.append(["合计", None, None, None, None, None, total])
    ws.append(["注：本表金额单位为万元。"])
    ws.append(["填表人：张三", None, None, None, "审核人：李四"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def laid_out_dry_run(user) -> dict:
    """The dry run of a 20,000-row ledger laid out as above: read by its layout, resolved, validated."""
    units = list(Unit.objects.filter(kind="street").values_list("name", flat=True))
    data = county_ledger(PROJECTS, units)
    start = time.perf_counter()
    preview = imports.dry_run(user, data)
    seconds = time.perf_counter() - start
    assert preview.ok, preview.errors[:3]
    assert all(c.ok for c in preview.result.checks), [c.what for c in preview.result.checks if not c.ok]
    rows = len(preview.plans)
    return {"measure": f"import {rows} rows laid out as offices keep them: dry run (validated rows/s)",
            "ms": seconds * 1000, "rate": rows / seconds}  # fmt: skip


def import_export_baseline(data: bytes, rows: int) -> dict:
    """django-import-export importing the same file into the same table (its own validation)."""
    import tablib
    from import_export import fields, resources, widgets

    Project.objects.filter(code__startswith="N").delete()
    units = {u.name: u for u in Unit.objects.all()}

    class UnitWidget(widgets.ForeignKeyWidget):
        def clean(self, value, row=None, **kwargs):
            return units[value]

    class ProjectResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="项目代码")
        name = fields.Field(attribute="name", column_name="项目名称")
        unit = fields.Field(attribute="unit", column_name="所属单位", widget=UnitWidget(Unit))
        total_investment = fields.Field(attribute="total_investment", column_name="总投资（万元）",
                                        widget=widgets.IntegerWidget())  # fmt: skip

        class Meta:
            model = Project
            import_id_fields = ("code",)
            fields = ("code", "name", "unit", "total_investment")

        def before_import_row(self, row, **kwargs):
            row["总投资（万元）"] = int(float(row["总投资（万元）"]) * 10000)

        def before_save_instance(self, instance, row, **kwargs):
            instance.level, instance.category, instance.nature = "district", "industry", "new"

    dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    start = time.perf_counter()
    result = ProjectResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    seconds = time.perf_counter() - start
    assert not result.has_errors()
    return {"measure": f"django-import-export, same {rows} rows, 4 columns (rows/s)", "ms": seconds * 1000,
            "rate": rows / seconds}  # fmt: skip


if __name__ == "__main__":
    main()
