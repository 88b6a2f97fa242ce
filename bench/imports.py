"""Importing a 20,000-row ledger: the dry run, the all-or-nothing commit with its audit rows, and
django-import-export (`use_bulk=True`) on the same file.

Each import is timed from the file's bytes to committed rows: reading the workbook is inside
every timer. After each side of the comparison the projects it wrote are read back, and both
sides must have written the same rows (every column but the id and the timestamps).
"""

import io
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench.common import Clock, analyze, emit  # noqa: E402
from core.context import acting_as  # noqa: E402
from core.models import AuditEntry  # noqa: E402
from org.models import Role, Unit, User  # noqa: E402
from projects import imports  # noqa: E402
from projects.choices import ConstructionNature, ProjectCategory, ProjectLevel  # noqa: E402
from projects.models import AnnualPlan, Project  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
LEVELS, NATURES = ("区重点", "市重点", "省重点"), ("新建", "续建")
CATEGORIES = ("工业", "服务业", "基础设施", "城建", "社会事业")
COMPARED = ("code", "name", "level", "category", "nature", "unit_id", "total_investment", "location", "owner",
            "planned_start", "stage", "content", "parent_id", "leader_id", "responsible_unit_id")  # fmt: skip


def generate() -> tuple[User, User, list[str]]:
    """A city of 10 districts × 10 streets; a platform administrator and a district administrator."""
    call_command("migrate", verbosity=0)
    city = Unit.objects.add_root({"name": "基准市", "kind": "city"})
    districts = [Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"区{i}", "kind": "district"})
                 for i in range(10)]  # fmt: skip
    for d in districts:
        for t in range(10):
            Unit.objects.add_child(Unit.objects.get(pk=d.pk), {"name": f"{d.name}街道{t}", "kind": "street"})
    analyze()
    admin = User.objects.create_user(username="bench", password="Bench-Passw0rd-1",
                                     role=Role.objects.get(code="platform_admin"), unit=city)  # fmt: skip
    district = User.objects.create_user(username="bench_district", password="Bench-Passw0rd-1",
                                        role=Role.objects.get(code="district_admin"), unit=districts[0])  # fmt: skip
    streets = list(Unit.objects.filter(kind="street").order_by("path").values_list("name", flat=True))
    return admin, district, streets


def _save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FLAT_HEADERS = ["项目代码", "项目名称", "项目级别", "行业类别", "建设性质", "所属单位", "总投资（万元）", "建设地点",
                "建设单位", "计划开工日期"]  # fmt: skip


def flat_ledger(rows: int, units: list[str], prefix: str) -> bytes:
    """The ledger in the template's own headers, one header row: the file both importers read."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目台账")
    ws.append(FLAT_HEADERS)
    for i in range(rows):
        ws.append([f"{prefix}-{i:06d}", f"基准项目{i}", LEVELS[i % 3], CATEGORIES[i % 5], NATURES[i % 2],
                   units[i % len(units)], (i % 200 + 1) * 1000, f"地点{i % 97}", f"建设单位{i % 31}",
                   f"2026-{i % 12 + 1:02d}-01"])  # fmt: skip
    return _save(wb)


def county_ledger(rows: int, units: list[str]) -> bytes:
    """A ledger laid out as county offices publish it: a merged title, a unit line, a two-row merged
    header, a 序号 column, a section row per category with its count, a 合计 row, notes below."""
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
    per, i, total = rows // len(CATEGORIES), 0, 0
    for k, section in enumerate(CATEGORIES):
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
    return _save(wb)


def written(prefix: str) -> list[tuple]:
    return list(Project.objects.filter(code__startswith=prefix).order_by("code").values_list(*COMPARED))


def wipe(prefix: str) -> None:
    with transaction.atomic():
        AnnualPlan.objects.filter(project__code__startswith=prefix).delete()
        Project.objects.filter(code__startswith=prefix).delete()


def ours_dry_run(user, data: bytes) -> tuple[Clock, int]:
    with Clock() as clock:
        preview = imports.dry_run(user, data)
    assert preview.ok, [str(e) for e in preview.errors[:3]]
    return clock, len(preview.plans)


def ours_commit(user, data: bytes) -> tuple[Clock, int]:
    audit_before = AuditEntry.objects.count()
    with Clock() as clock, acting_as(user):
        done = imports.commit(user, data)
    audited = AuditEntry.objects.count() - audit_before
    expected = sum(1 for p in done.plans if p.action != "unchanged") + sum(
        1 for p in done.plans if p.action == "create" and p.plan
    )
    assert audited >= expected, (audited, expected)
    return clock, len(done.plans)


def import_export(data: bytes, *, validate: bool) -> Clock:
    """django-import-export with `use_bulk=True`, from the file's bytes (tablib reads the .xlsx)."""
    import tablib
    from import_export import fields, resources, widgets

    units = {u.name: u for u in Unit.objects.all()}

    class ChoiceWidget(widgets.Widget):
        def __init__(self, choices):
            super().__init__()
            self.values = {str(label): value for value, label in choices.choices}

        def clean(self, value, row=None, **kwargs):
            return self.values[value]

    class UnitWidget(widgets.ForeignKeyWidget):
        def clean(self, value, row=None, **kwargs):
            return units[value]

    class WanYuanWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return int(Decimal(str(value).replace(",", "")) * 10000)

    class ProjectResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="项目代码")
        name = fields.Field(attribute="name", column_name="项目名称")
        level = fields.Field(attribute="level", column_name="项目级别", widget=ChoiceWidget(ProjectLevel))
        category = fields.Field(attribute="category", column_name="行业类别", widget=ChoiceWidget(ProjectCategory))
        nature = fields.Field(attribute="nature", column_name="建设性质", widget=ChoiceWidget(ConstructionNature))
        unit = fields.Field(attribute="unit", column_name="所属单位", widget=UnitWidget(Unit))
        total_investment = fields.Field(attribute="total_investment", column_name="总投资（万元）",
                                        widget=WanYuanWidget())  # fmt: skip
        location = fields.Field(attribute="location", column_name="建设地点")
        owner = fields.Field(attribute="owner", column_name="建设单位")
        planned_start = fields.Field(attribute="planned_start", column_name="计划开工日期",
                                     widget=widgets.DateWidget("%Y-%m-%d"))  # fmt: skip

        class Meta:
            model = Project
            import_id_fields = ("code",)
            fields = ("code", "name", "level", "category", "nature", "unit", "total_investment", "location", "owner",
                      "planned_start")  # fmt: skip
            use_bulk = True
            batch_size = 1000
            clean_model_instances = validate

    with Clock() as clock:
        dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
        result = ProjectResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    return clock


def main() -> None:
    admin, district, streets = generate()
    own = [s for s in streets if s.startswith("区0")]  # the district administrator's streets

    county = county_ledger(ROWS, streets)
    clock, rows = ours_dry_run(admin, county)
    emit(f"ours: dry run of {rows} rows laid out as offices keep them (validated rows/s)", clock.wall, rows, clock.cpu)
    clock, rows = ours_commit(admin, county)
    emit(f"ours: the same file, file → committed with plans and audit rows ({rows} rows/s)", clock.wall, rows,
         clock.cpu)  # fmt: skip
    wipe("C-")

    flat = flat_ledger(ROWS, streets, "F")
    clock, rows = ours_dry_run(admin, flat)
    emit(f"ours: dry run of {rows} rows in the template's headers (validated rows/s)", clock.wall, rows, clock.cpu)
    clock, rows = ours_commit(admin, flat)
    emit(f"ours: the same file, file → committed with audit rows ({rows} rows/s)", clock.wall, rows, clock.cpu)
    ours = written("F-")
    clock, rows = ours_commit(admin, flat)  # the same codes again: every row unchanged
    emit(f"ours: the same file again, nothing changes ({rows} rows/s)", clock.wall, rows, clock.cpu)
    wipe("F-")

    # With `clean_model_instances` (full_clean per row, as ours validates) it is slower still; set
    # BENCH_IMPORT_EXPORT_FULL_CLEAN=1 to measure that too.
    for validate in (False, True) if os.environ.get("BENCH_IMPORT_EXPORT_FULL_CLEAN") else (False,):
        clock = import_export(flat, validate=validate)
        theirs = written("F-")
        assert theirs == ours, "django-import-export and ours wrote different rows"
        label = "with full_clean per row" if validate else "no model validation"
        emit(f"django-import-export use_bulk, same file, {label} (same rows)", clock.wall, len(theirs), clock.cpu)
        wipe("F-")

    mine = flat_ledger(ROWS // 10, own, "D")
    clock, rows = ours_dry_run(district, mine)
    emit(f"ours as a district administrator: dry run of {rows} rows (validated rows/s)", clock.wall, rows, clock.cpu)
    clock, rows = ours_commit(district, mine)
    emit(f"ours as a district administrator: file → committed ({rows} rows/s)", clock.wall, rows, clock.cpu)
    print(f"{ROWS} rows per file", file=sys.stderr)


if __name__ == "__main__":
    main()
