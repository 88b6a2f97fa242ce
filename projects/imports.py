"""Excel round trip of the ledger: template, dry run, all-or-nothing commit, export with the same headers.

Rows are matched by 项目代码: a new code creates a project, a known one updates it (only the
fields that differ). The rows are written by one bulk action, `actions.import_ledger`, which
writes an audit row per project and annual plan it creates or changes. Export writes the same columns,
so exporting and importing back changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch

from core import bounds, scope
from core.importing import ImportColumn, ImportFailed, ImportResult, RowError, RowsRefused, read_table
from org.lookup import PersonLookup, UnitLookup

from . import actions, ledger
from .choices import ConstructionNature, ProjectCategory, ProjectLevel
from .models import AnnualPlan, Programme, Project


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


def ledger_columns() -> list[ImportColumn]:
    return [
        ImportColumn("code", ("项目代码",), required=True, max_length=40),
        ImportColumn("name", ("项目名称",), required=True, max_length=200),
        ImportColumn("level", ("项目级别",), kind="choice", required=True, choices=_labels(ProjectLevel)),
        ImportColumn("programmes", ("工程/专项", "工程"), max_length=500),
        ImportColumn("category", ("行业类别",), kind="choice", required=True, choices=_labels(ProjectCategory)),
        ImportColumn("nature", ("建设性质",), kind="choice", required=True, choices=_labels(ConstructionNature)),
        ImportColumn("unit", ("所属单位",), required=True),
        ImportColumn("owner", ("建设单位", "业主"), max_length=200),
        ImportColumn("location", ("建设地点",), max_length=200),
        ImportColumn("content", ("建设规模及主要内容",)),
        ImportColumn("planned_start", ("计划开工", "计划开工日期"), kind="date"),
        ImportColumn("planned_finish", ("计划竣工", "计划竣工日期"), kind="date"),
        ImportColumn("total_investment", ("总投资",), kind="money", required=True, unit="万元"),
        ImportColumn("plan_year", ("计划年度",), kind="int", min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR),
        ImportColumn("plan", ("年度计划投资",), kind="money", unit="万元"),
        ImportColumn("planned_to_start", ("计划当年开工",), kind="bool"),
        ImportColumn("leader", ("分包领导",), max_length=50),
        ImportColumn("responsible_person", ("责任人",), max_length=50),
        ImportColumn("contact_name", ("联系人",), max_length=50),
        ImportColumn("contact_phone", ("联系电话",), max_length=20),
    ]


# The columns that set a project field directly (the others are resolved or go to the plan).
LEDGER_FIELDS = (
    "name", "level", "category", "nature", "owner", "location", "content", "planned_start", "planned_finish",
    "total_investment", "responsible_person", "contact_name", "contact_phone",
)  # fmt: skip
TEXT_FIELDS = ("owner", "location", "content", "responsible_person", "contact_name", "contact_phone")


# A row of the preview is the action's row, with its outcome filled in by the check.
RowPlan = ledger.LedgerRow


@dataclass
class LedgerImport:
    result: ImportResult
    plans: list[RowPlan] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.result.errors

    @property
    def ok(self) -> bool:
        return not self.result.errors

    def count(self, action: str) -> int:
        return sum(1 for p in self.plans if p.action == action)


def dry_run(user, source, *, check: bool = True) -> LedgerImport:
    """Read and check every row; nothing is written. Errors name the row and the column.

    Names (units, people, programmes) are resolved here; the rows are then checked by the
    action's own rules (`ledger.plan_ledger`). The commit leaves that check to the action, which
    makes it under lock (`check=False`).
    """
    result = read_table(source, ledger_columns())
    out = LedgerImport(result)
    if not result.rows:
        return out
    units, people = UnitLookup(user), PersonLookup(user)
    headers = {c.field: c.header for c in ledger_columns()}
    codes = [r.values.get("code") for r in result.rows]
    existing = {
        p.code: p
        for p in Project.objects.filter(code__in=codes)
        .select_related("unit")
        .prefetch_related("programmes", "co_units")
    }
    plans_now = {
        (a.project_id, a.year): a for a in AnnualPlan.objects.filter(project__in=[p.pk for p in existing.values()])
    }
    visible = set(scope.restrict(Project.objects.filter(pk__in=[p.pk for p in existing.values()]), user,
                                 scope.Grant.CHANGE).values_list("pk", flat=True))  # fmt: skip
    programmes = {p.name: p for p in Programme.objects.filter(is_active=True)}
    seen: dict[str, int] = {}
    unreadable = {e.row for e in result.errors}  # rows with cells that did not parse
    for row in result.rows:
        v = row.values
        code = v.get("code")
        if not code:
            continue
        if code in seen:
            result.errors.append(RowError(row.number, headers["code"], f"与第{seen[code]}行重复"))
            continue
        seen[code] = row.number
        if row.number in unreadable:
            continue
        errors_before = len(result.errors)

        def fail(column: str, message: str, number=row.number):
            result.errors.append(RowError(number, headers.get(column, column), message))

        values = {f: v[f] for f in LEDGER_FIELDS if f in v and v[f] is not None}
        for f in TEXT_FIELDS:
            values.setdefault(f, v.get(f) or "")
        if v.get("unit"):
            try:
                values["unit"] = units.find(v["unit"])
            except ValueError as exc:
                fail("unit", str(exc))
        if v.get("leader"):
            try:
                values["leader"] = people.find(v["leader"])
            except ValueError as exc:
                fail("leader", str(exc))
        elif "leader" in v:
            values["leader"] = None
        names = [n.strip() for n in (v.get("programmes") or "").replace("，", "、").split("、") if n.strip()]
        unknown = [n for n in names if n not in programmes]
        if unknown:
            fail("programmes", f"没有这些工程/专项：{'、'.join(unknown)}")
        plan = None
        if v.get("plan") is not None:
            if not v.get("plan_year"):
                fail("plan_year", "填写了年度计划投资，须同时填写计划年度")
            else:
                plan = (v["plan_year"], v["plan"], bool(v.get("planned_to_start")))
        project = existing.get(code)
        if project is not None and project.pk not in visible:
            fail("code", "该项目代码已被您数据权限范围外的项目使用")
        if len(result.errors) > errors_before:
            continue
        candidate = RowPlan(row.number, code, values, [programmes[n] for n in names if n in programmes], plan)
        for problem in ledger.plan_ledger([candidate], existing=existing, plans=plans_now) if check else ():
            fail(problem.column, problem.message)
        if len(result.errors) == errors_before:
            out.plans.append(candidate)
    return out


def commit(user, source) -> LedgerImport:
    """Read the file, then hand every row to the ledger's bulk action: all rows or none.

    The action locks the projects it changes, checks every row again and writes one audit row
    per project and per annual plan it creates or changes (see `actions.import_ledger`).
    """
    preview = dry_run(user, source, check=False)
    if not preview.ok:
        raise ImportFailed(preview)
    if not scope.can_write(user):
        preview.result.errors.append(RowError(None, None, "您没有新增或修改项目的权限。"))
        raise ImportFailed(preview)
    try:
        preview.plans = actions.import_ledger(actor=user, rows=preview.plans)
    except ledger.LedgerInvalid as exc:
        preview.result.errors.extend(exc.problems)
        raise ImportFailed(preview) from exc
    except PermissionDenied as exc:
        preview.result.errors.append(RowError(None, None, str(exc)))
        raise ImportFailed(preview) from exc
    except IntegrityError as exc:
        # Another import took one of these codes between the dry run and the commit.
        preview.result.errors.append(RowError(None, "项目代码", f"写入时发生冲突，请重新导入（{exc}）"))
        raise ImportFailed(preview) from exc
    return preview


def export_rows(queryset, year: int):
    """Projects with their programmes and their plan for `year` prefetched (three queries)."""
    plans = Prefetch("plans", queryset=AnnualPlan.objects.filter(year=year), to_attr="year_plans")
    return queryset.select_related("unit", "leader").prefetch_related("programmes", plans)


# Monthly reports --------------------------------------------------------------------------------


def report_columns() -> list[ImportColumn]:
    return [
        ImportColumn("code", ("项目代码",), required=True, max_length=40),
        ImportColumn(
            "year", ("年度",), kind="int", required=True, min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR
        ),
        ImportColumn("month", ("月份",), kind="int", required=True, min_value=1, max_value=12),
        ImportColumn("monthly_investment", ("本月完成投资",), kind="money", unit="万元"),
        ImportColumn("ytd_investment", ("年初至报告期累计", "1-N月累计完成"), kind="money", unit="万元"),
        ImportColumn("since_start_investment", ("开工至今累计",), kind="money", unit="万元"),
        ImportColumn("progress", ("形象进度",)),
        ImportColumn("problems", ("存在问题",)),
        ImportColumn("next_steps", ("下步计划",)),
    ]


def import_reports(user, source, *, submit: bool = False) -> ImportResult:
    """Save each row as the month's draft (and submit it if asked): all rows or none.

    Locked reports (submitted or approved) are refused row by row; a correction is started on
    the page, not by overwriting.
    """
    result = read_table(source, report_columns())
    if not result.ok:
        return result
    projects = {
        p.code: p
        for p in scope.restrict(
            Project.objects.filter(code__in={r.values["code"] for r in result.rows}), user, scope.Grant.REPORT
        )
    }
    seen: dict[tuple, int] = {}
    for row in result.rows:
        v = row.values
        key = (v["code"], v["year"], v["month"])
        if v["code"] not in projects:
            result.errors.append(RowError(row.number, "项目代码", f"“{v['code']}”不是您数据权限范围内的项目"))
        if not 1 <= v["month"] <= 12:
            result.errors.append(RowError(row.number, "月份", "应为 1 至 12"))
        if key in seen:
            result.errors.append(RowError(row.number, "项目代码", f"与第{seen[key]}行是同一项目同一月份"))
        seen[key] = row.number
    if not result.ok:
        return result
    rows = []
    for row in result.rows:
        v = dict(row.values)
        project, year, month = projects[v.pop("code")], v.pop("year"), v.pop("month")
        rows.append(actions.ReportRow(row.number, project, year, month, v))
    try:
        actions.import_reports(actor=user, rows=rows, submit=submit)
    except RowsRefused as exc:
        result.errors.extend(exc.problems)
    return result
