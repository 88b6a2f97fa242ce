"""Excel round trip of the ledger: template, dry run, all-or-nothing commit, export with the same headers.

Rows are matched by 项目代码: a new code creates a project, a known one updates it (only the
fields that differ). The rows are written by one bulk action, `actions.import_ledger`, which
writes an audit row per project and annual plan it creates or changes. Export writes the same columns,
so exporting and importing back changes nothing.
"""

import functools
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import F, Prefetch

from core import bounds, bulk, matching, progress, scope
from core.importing import (
    Checked,
    ImportColumn,
    ImportFailed,
    ImportResult,
    RowError,
    RowsRefused,
    read_laid_out,
)
from core.lookups import Among
from core.tabular import to_bytes
from org.lookup import PersonLookup, UnitLookup

from . import actions, ledger
from .choices import ConstructionNature, ProjectCategory, ProjectLevel, ReportState
from .models import AnnualPlan, MonthlyReport, Programme, Project


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


def ledger_columns() -> list[ImportColumn]:
    """The ledger's fields, each with the names county ledgers give it."""
    return [
        # Optional: a row without a code is matched by name within its unit (see `match_by_name`).
        ImportColumn("code", ("项目代码", "项目编码", "统一项目代码", "项目统一代码"), max_length=40),
        ImportColumn("name", ("项目名称", "名称"), required=True, max_length=200),
        ImportColumn("level", ("项目级别", "级别"), kind="choice", required=True, choices=_labels(ProjectLevel)),
        ImportColumn("programmes", ("工程/专项", "工程", "专项"), max_length=500),
        ImportColumn(
            "category",
            ("行业类别", "行业", "项目类别", "类别"),
            kind="choice",
            required=True,
            choices=_labels(ProjectCategory),
        ),
        ImportColumn("nature", ("建设性质", "性质"), kind="choice", required=True, choices=_labels(ConstructionNature)),
        ImportColumn("unit", ("所属单位", "所属乡镇", "乡镇街道", "乡镇（街道）", "所在乡镇"), required=True),
        ImportColumn("owner", ("建设单位", "业主", "业主单位", "项目单位", "项目业主"), max_length=200),
        ImportColumn("location", ("建设地点", "建设地址", "项目地址"), max_length=200),
        ImportColumn("content", ("建设规模及主要内容", "建设内容", "主要建设内容", "建设规模及内容", "建设规模")),
        ImportColumn("planned_start", ("计划开工", "计划开工日期", "计划开工时间", "开工时间"), kind="date"),
        ImportColumn("planned_finish", ("计划竣工", "计划竣工日期", "计划竣工时间", "竣工时间"), kind="date"),
        ImportColumn(
            "total_investment",
            ("总投资", "计划总投资", "项目总投资", "投资总额"),
            kind="money",
            required=True,
            unit="万元",
        ),
        ImportColumn("plan_year", ("计划年度",), kind="int", min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR),
        ImportColumn("plan", ("年度计划投资", "计划投资", "年度计划", "年度投资计划"), kind="money", unit="万元"),
        ImportColumn("planned_to_start", ("计划当年开工",), kind="bool"),
        ImportColumn("leader", ("分包领导", "分包县级领导", "包联领导", "分管领导"), max_length=50),
        ImportColumn("responsible_unit", ("责任单位", "牵头单位", "主办单位", "责任部门"), max_length=200),
        ImportColumn("co_units", ("配合单位", "协办单位", "配合部门"), max_length=1000),
        ImportColumn("responsible_person", ("责任人", "项目负责人"), max_length=50),
        ImportColumn("contact_name", ("联系人",), max_length=50),
        ImportColumn("contact_phone", ("联系电话", "电话"), max_length=20),
    ]


# Where a ledger laid out by an office says what its table lacks as columns.
SHEET_FIELDS = ("category", "unit")  # a sheet per category, or per town
SECTION_FIELDS = ("category", "nature", "level")  # 「一、工业项目」, 「二、续建项目」, 「三、区重点项目」


# The columns that set a project field directly (the others are resolved or go to the plan).
LEDGER_FIELDS = (
    "name", "level", "category", "nature", "owner", "location", "content", "planned_start", "planned_finish",
    "total_investment", "responsible_person", "contact_name", "contact_phone",
)  # fmt: skip
TEXT_FIELDS = ("owner", "location", "content", "responsible_person", "contact_name", "contact_phone")


# A row of the preview is the action's row, with its outcome filled in by the check.
RowPlan = ledger.LedgerRow


@dataclass
class Pending:
    """A row without a code whose name matched no project exactly: the user confirms which one."""

    key: str  # "sheet|row": the name of its answer in the form, `matches`' key
    sheet: str | None
    row: int
    name: str
    unit: str
    candidates: list[tuple[int, str, str, float]]  # (project id, name, code, score), best first


@dataclass
class LedgerImport(Checked):
    result: ImportResult
    plans: list[RowPlan] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for p in self.plans if p.action == action)


def read_ledger(source, *, mapping=None, constants=None) -> ImportResult:
    """The ledger's rows as the file lays them out (see core.layout), parsed into fields."""
    return read_laid_out(
        source, ledger_columns(), mapping=mapping, constants=constants, sheet_fields=SHEET_FIELDS,
        section_fields=SECTION_FIELDS, filled_by_field="unit",
    )  # fmt: skip


LOCKED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)  # a month's report no import overwrites

NEW = "new"  # the answer to a pending match that creates a project


def match_key(sheet, row: int) -> str:
    return f"{sheet or ''}|{row}"


def provisional_code() -> str:
    """The code of a project created from a row without one, until its real code is entered."""
    return f"待编码-{secrets.token_hex(4).upper()}"


def _by_name(user, result: ImportResult, units: UnitLookup, grant: str, *, unnamed: str = ""):
    """The rows without a 项目代码 that name their project and unit, each with the unit, its
    projects the user holds `grant` on, and those among them of the same name (as core.matching
    compares names).

    A row without a unit, or naming one not found, is refused; a row without a name is refused
    with `unnamed` on the code column, or left to the check of required cells.
    """
    rows = [r for r in result.rows if not r.values.get("code") and (unnamed or r.values.get("name"))]
    if not rows:
        return
    code_column, unit_column = result.names.get("code", "项目代码"), result.names.get("unit", "所属单位")
    row_units = {}
    for row in rows:
        if not row.values.get("name"):
            result.errors.append(RowError(row.number, code_column, unnamed, row.sheet))
        elif not row.values.get("unit"):
            result.errors.append(
                RowError(row.number, unit_column, "没有项目代码时须有所属单位，以便按名称匹配", row.sheet)
            )
        else:
            try:
                row_units[id(row)] = units.find(row.values["unit"])
            except ValueError as exc:
                result.errors.append(RowError(row.number, unit_column, str(exc), row.sheet))
    by_unit: dict[int, list[Project]] = {}
    candidates = Project.objects.filter(unit__in={u.pk for u in row_units.values()})
    for p in scope.restrict(candidates, user, grant).only("pk", "code", "name", "unit_id"):
        by_unit.setdefault(p.unit_id, []).append(p)
    for row in rows:
        unit = row_units.get(id(row))
        if unit is None:
            continue
        projects, name = by_unit.get(unit.pk, []), matching.normalise(row.values["name"])
        yield row, unit, projects, [p for p in projects if matching.normalise(p.name) == name]


def match_by_name(user, out: LedgerImport, units: UnitLookup, matches: dict[str, str]) -> None:
    """Give each row without a 项目代码 the code of its project, found by name within its unit.

    An exact name (as core.matching compares names) is taken; otherwise the row waits for the
    user's answer in `matches` ("sheet|row" → a project id among the close names, or NEW), and is
    refused until then: a project is created only when the user says so. Only projects the user
    may see are matched.
    """
    result = out.result
    name_column = result.names.get("name", "项目名称")
    for row, unit, projects, exact in _by_name(user, result, units, scope.Grant.READ):
        name, key = row.values["name"], match_key(row.sheet, row.number)
        answer = matches.get(key, "")
        chosen = next((p for p in projects if str(p.pk) == answer), None)
        if answer == NEW:
            row.values["code"] = provisional_code()
        elif chosen is not None:
            row.values["code"] = chosen.code
        elif len(exact) == 1:
            row.values["code"] = exact[0].code
        else:
            close = matching.best_matches(name, [(p.pk, p.name) for p in projects], limit=5)
            codes = {p.pk: p.code for p in projects}
            out.pending.append(Pending(key, row.sheet, row.number, name, str(unit),
                                       [(m.key, m.name, codes[m.key], m.score) for m in close]))  # fmt: skip
            shown = "、".join(f"「{m.name}」" for m in close[:3])
            message = (f"没有项目代码，名称与{shown}相近：请确认是其中哪个项目，或新建项目" if close
                       else "没有项目代码，本单位没有同名项目：请确认新建项目")  # fmt: skip
            result.errors.append(RowError(row.number, name_column, message, row.sheet))


def _names(text) -> list[str]:
    """The names of a cell listing several, separated by 、 or commas."""
    text = str(text or "").replace("，", "、").replace(",", "、")
    return list(dict.fromkeys(n.strip() for n in text.split("、") if n.strip()))


@bulk.gc_paused()
def dry_run(user, source, *, check: bool = True, mapping=None, constants=None, matches=None) -> LedgerImport:
    """Read and check every row; nothing is written. Errors name the row and the column.

    Names (units, people, programmes) are resolved here; the rows are then checked by the
    action's own rules (`ledger.plan_ledger`). The commit leaves that check to the action, which
    makes it under lock (`check=False`).
    """
    result = read_ledger(source, mapping=mapping, constants=constants)
    out = LedgerImport(result)
    if not result.rows:
        return out
    progress.stage(progress.CHECK, total=len(result.rows), span=actions.LEDGER_STAGES[progress.CHECK])
    units, people = UnitLookup(user), PersonLookup(user)
    any_unit = functools.cache(lambda: UnitLookup(user, anywhere=True))  # 责任单位, 配合单位: any active unit
    match_by_name(user, out, units, matches or {})
    headers = {c.field: c.headers[0] for c in ledger_columns()} | result.names
    codes = [c for c in (r.values.get("code") for r in result.rows) if c]
    found = Project.objects.filter(Among(F("code"), codes))
    # The commit leaves the check to the action, under lock: here it needs only which codes exist.
    existing = {p.code: p for p in (found.select_related("unit") if check else found.only("pk", "code"))}
    ids = [p.pk for p in existing.values()]
    plans_now = {}
    if check:
        ledger.load_links(existing.values())
        plans_now = {(a.project_id, a.year): a for a in AnnualPlan.objects.filter(Among(F("project_id"), ids))}
    visible = set(scope.restrict(Project.objects.filter(Among(F("id"), ids)), user,
                                 scope.Grant.CHANGE).values_list("pk", flat=True))  # fmt: skip
    programmes = {p.name: p for p in Programme.objects.filter(is_active=True)}
    seen: dict[str, int] = {}
    unreadable = {(e.sheet, e.row) for e in result.errors}  # rows with cells that did not parse
    checked: list[tuple[RowPlan, int]] = []  # the rows to check, and where their problems go among the errors
    for row in result.rows:
        progress.advance()
        v = row.values
        code = v.get("code")
        if not code:  # refused by `match_by_name`, or a name missing (said when it was read)
            continue
        if code in seen:
            result.errors.append(RowError(row.number, headers["code"], f"与第{seen[code]}行重复", row.sheet))
            continue
        seen[code] = row.number
        if (row.sheet, row.number) in unreadable:
            continue
        errors_before = len(result.errors)

        def fail(column: str, message: str, number=row.number, sheet=row.sheet):
            result.errors.append(RowError(number, headers.get(column, column), message, sheet))

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
        if v.get("responsible_unit"):
            try:
                values["responsible_unit"] = any_unit().find(v["responsible_unit"])
            except ValueError as exc:
                fail("responsible_unit", str(exc))
        elif "responsible_unit" in v:
            values["responsible_unit"] = None
        co_units = None
        if "co_units" in v:
            co_units = []
            for name in _names(v.get("co_units")):
                try:
                    co_units.append(any_unit().find(name))
                except ValueError as exc:
                    fail("co_units", str(exc))
        names = _names(v.get("programmes"))
        unknown = [n for n in names if n not in programmes]
        if unknown:
            fail("programmes", f"没有这些工程/专项：{'、'.join(unknown)}")
        plan = None
        if v.get("plan") is not None:
            v.setdefault("plan_year", None)
            v["plan_year"] = v["plan_year"] or row.context.get("year")  # «2026年计划/计划投资»
            if not v.get("plan_year"):
                fail("plan_year", "填写了年度计划投资，须同时填写计划年度")
            else:
                plan = (v["plan_year"], v["plan"], bool(v.get("planned_to_start")))
        project = existing.get(code)
        if project is not None and project.pk not in visible:
            fail("code", "该项目代码已被您数据权限范围外的项目使用")
        if len(result.errors) > errors_before:
            continue
        candidate = RowPlan(row.number, code, values, [programmes[n] for n in names if n in programmes], plan,
                            sheet=row.sheet, co_units=co_units)  # fmt: skip
        checked.append((candidate, len(result.errors)))
    # The action's rules, for all rows at once; each row's problems take their place among the others.
    problems: dict[tuple, list[RowError]] = {}
    for problem in ledger.plan_ledger([c for c, _at in checked], existing=existing, plans=plans_now) if check else ():
        column = headers.get(problem.column, problem.column)
        problems.setdefault((problem.sheet, problem.row), []).append(
            RowError(problem.row, column, problem.message, problem.sheet)
        )
    if problems:
        places: dict[int, list[RowError]] = {}
        for c, at in checked:
            places.setdefault(at, []).extend(problems.get((c.sheet, c.number), ()))
        errors = list(result.errors)
        for at in sorted(places, reverse=True):
            errors[at:at] = places[at]
        result.errors[:] = errors
    out.plans = [c for c, _at in checked if (c.sheet, c.number) not in problems]
    return out


@bulk.gc_paused()
def commit(user, source, *, mapping=None, constants=None, matches=None) -> LedgerImport:
    """Read the file, then hand every row to the ledger's bulk action: all rows or none.

    The action locks the projects it changes, checks every row again and writes one audit row
    per project and per annual plan it creates or changes (see `actions.import_ledger`).
    In a background job it tells its stages (`actions.LEDGER_STAGES`) to the job's page (core.progress).
    """
    progress.stage(progress.READ, span=actions.LEDGER_STAGES[progress.READ])
    preview = dry_run(user, source, check=False, mapping=mapping, constants=constants, matches=matches)
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


# The blank ledger to fill in ---------------------------------------------------------------------

_TEMPLATE_NOTES = {
    "code": "有则填写；没有项目代码的，按项目名称在所属单位内匹配已有项目，新项目在导入时确认。",
    "level": "从下拉列表选择。",
    "programmes": "可填多个，用顿号分隔，须是已有的工程/专项。",
    "category": "从下拉列表选择。",
    "nature": "从下拉列表选择。",
    "unit": "从下拉列表选择（您数据权限范围内的单位）；同名单位写成“上级单位/单位”。",
    "planned_start": "日期，如 2026-03-01；只知月份可写 2026年3月。",
    "planned_finish": "日期，如 2026-12-31；只知月份可写 2026年12月。",
    "total_investment": "数字，单位万元（表头中的单位可改为元或亿元）。",
    "plan_year": "四位年份，填写年度计划投资时必填。",
    "plan": "数字，单位万元。",
    "planned_to_start": "是 或 否。",
    "leader": "须是人员名录中的姓名。",
    "responsible_unit": "主办的单位，可以是任一启用的单位；同名单位写成“上级单位/单位”。",
    "co_units": "协办的单位，可填多个，用顿号分隔；留空的列表示没有配合单位。",
}


def ledger_template(user) -> bytes:
    """The blank ledger: drop-down lists for 项目级别, 行业类别, 建设性质 and the user's units,
    number and date formats, a frozen header, one example row and a sheet of instructions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = ledger_columns()
    units = UnitLookup(user)
    wb = Workbook()
    ws = wb.active
    ws.title = "项目台账"
    lists = wb.create_sheet("选项")
    lists.sheet_state = "hidden"
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.freeze_panes = "C2"
    example = {"code": "示例-001", "name": "（示例）某某产业园项目", "level": "区重点", "category": "工业",
               "nature": "新建", "unit": units.label(user.unit) if user.unit else "", "total_investment": 50000,
               "plan_year": date.today().year, "plan": 10000, "planned_to_start": "是"}  # fmt: skip
    ws.append([example.get(c.field) for c in columns])
    rows = 2000  # the rows the lists and formats cover
    choices = {c.field: list(c.choices or {}) for c in columns if c.kind in ("choice", "bool")}
    choices["planned_to_start"] = ["是", "否"]
    choices["unit"] = sorted(units.label(u) for u in units.units)
    for n, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(n)
        for r, value in enumerate(values, start=1):
            lists.cell(r, n, value)
        index = next(i for i, c in enumerate(columns, start=1) if c.field == name)
        target = get_column_letter(index)
        rule = DataValidation(type="list", formula1=f"=选项!${letter}$1:${letter}${max(len(values), 1)}",
                              allow_blank=True, showErrorMessage=True, errorTitle="请从列表选择",
                              error=f"{columns[index - 1].headers[0]}：请从下拉列表中选择")  # fmt: skip
        rule.add(f"{target}2:{target}{rows + 1}")
        ws.add_data_validation(rule)
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = {"name": 36, "content": 40, "unit": 18}.get(c.field, 14)
        number_format = {"money": "#,##0.00", "date": "yyyy-mm-dd", "int": "0"}.get(c.kind)
        if number_format:
            for r in range(2, rows + 2):
                ws.cell(r, i).number_format = number_format
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for c in columns:
        required = "必填" if c.required else ("有项目代码时可不填" if c.field == "code" else "")
        notes.append([c.header, required, _TEMPLATE_NOTES.get(c.field, "")])
    notes.append([])
    for line in (
        "导入时按表头名称识别各列；各乡镇（街道）自己的台账格式（标题行、单位行、合并表头、分组行、合计行、"
        "签名行、多个工作表）也可直接导入，表头不同的可在导入页“列对应”中对应一次并保存为方案。",
        "检查发现错误时，可下载加注“错误说明”列的原表，退回报送单位修改。",
        "“示例”行仅作示范，导入前请删除。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width, notes.column_dimensions["C"].width = 22, 80
    return to_bytes(wb)


def export_rows(queryset, year: int):
    """Projects with their programmes, 配合单位 and their plan for `year` prefetched (four queries)."""
    plans = Prefetch("plans", queryset=AnnualPlan.objects.filter(year=year), to_attr="year_plans")
    return queryset.select_related("unit", "leader", "responsible_unit").prefetch_related(
        "programmes", "co_units", plans
    )


# Monthly reports --------------------------------------------------------------------------------


def report_columns() -> list[ImportColumn]:
    """A month's figures; the year and the month may come from the header or the title instead."""
    month = r"(?:\d{1,2}月份?|本月|当月)完成(?:投资)?(?:额)?"
    ytd = r"1\s*[-－~～—至到]\s*\d{1,2}月(?:份)?(?:累计)?完成(?:投资)?(?:额)?"
    return [
        # Optional: a row without a code is matched by its name within its unit (see `report_projects`).
        ImportColumn("code", ("项目代码", "项目编码", "统一项目代码", "项目统一代码"), max_length=40),
        ImportColumn("name", ("项目名称", "名称"), max_length=200),
        ImportColumn("unit", ("所属单位", "所属乡镇", "乡镇街道", "乡镇（街道）", "所在乡镇")),
        ImportColumn("year", ("年度",), kind="int", min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR),
        ImportColumn("month", ("月份",), kind="int", min_value=1, max_value=12),
        ImportColumn("monthly_investment", ("本月完成投资", "本月完成"), kind="money", unit="万元", patterns=(month,)),
        ImportColumn(
            "ytd_investment",
            ("年初至报告期累计", "1-N月累计完成", "本年累计完成投资", "年度累计完成"),
            kind="money",
            unit="万元",
            patterns=(ytd,),
        ),
        ImportColumn(
            "since_start_investment",
            ("开工至今累计", "开工以来累计完成投资", "自开工累计完成投资"),
            kind="money",
            unit="万元",
        ),
        ImportColumn("progress", ("形象进度", "项目进展情况", "进展情况")),
        ImportColumn("problems", ("存在问题", "存在的问题")),
        ImportColumn("next_steps", ("下步计划", "下一步计划")),
    ]


@dataclass
class ReportImport(Checked):
    """A monthly-report file checked: its rows as the action takes them, or the errors."""

    result: ImportResult
    rows: list = field(default_factory=list)  # actions.ReportRow
    submit: bool = False

    @property
    def count(self) -> int:
        return len(self.rows)


@bulk.gc_paused()
def check_reports(user, source, *, mapping=None, constants=None, submit: bool = False) -> ReportImport:
    """Read and check a month's reports; nothing is written. Errors name the row and the column.

    The period comes from the columns 年度 and 月份, else from the header or the title
    («1-5月完成投资», 「2026年1-5月…」); rows without a 项目代码 are matched by name within their
    unit; a project outside the user's scope, a month already submitted and a row twice are refused.
    """
    result = read_laid_out(source, report_columns(), mapping=mapping, constants=constants, filled_by_field="unit")
    progress.stage(progress.CHECK, span=progress.IMPORT_STAGES[progress.CHECK])
    out = ReportImport(result, submit=submit)
    if not result.ok:
        return out
    report_codes_by_name(user, result)
    for row in result.rows:  # «1-5月完成投资», a title 「2026年1-5月…」: the period the file is of
        v = row.values
        v["year"] = v.get("year") or row.context.get("year")
        v["month"] = v.get("month") or row.context.get("month")
        for key, label in (("year", "年度"), ("month", "月份")):
            if not v[key]:
                result.errors.append(RowError(row.number, label, "必填（表中没有此列，标题或表头中也没有）", row.sheet))
    if not result.ok:
        return out
    code_column = result.names.get("code", "项目代码")
    projects = {
        p.code: p
        for p in scope.restrict(
            Project.objects.filter(code__in={r.values["code"] for r in result.rows}), user, scope.Grant.REPORT
        )
    }
    newest: dict[tuple, tuple[int, str]] = {}  # (code, year, month) → the current version and its state
    months = MonthlyReport.objects.filter(project__in=list(projects.values())).exclude(state=ReportState.SUPERSEDED)
    for code, year, month, version, state in months.filter(
        year__in={r.values["year"] for r in result.rows}, month__in={r.values["month"] for r in result.rows}
    ).values_list("project__code", "year", "month", "version", "state"):
        if newest.get((code, year, month), (0, ""))[0] < version:
            newest[(code, year, month)] = (version, state)
    locked = {key for key, (_version, state) in newest.items() if state in LOCKED_STATES}
    seen: dict[tuple, int] = {}
    for row in result.rows:
        v = row.values
        key = (v["code"], v["year"], v["month"])
        if v["code"] not in projects:
            result.errors.append(
                RowError(row.number, code_column, f"“{v['code']}”不是您数据权限范围内的项目", row.sheet)
            )
        elif key in locked:
            message = (
                f"“{v['code']}”{v['year']}年{v['month']}月的报告已报送或已审核，不能修改；如需更正请在报告页发起更正"
            )
            result.errors.append(RowError(row.number, code_column, message, row.sheet))
        if key in seen:
            result.errors.append(RowError(row.number, code_column, f"与第{seen[key]}行是同一项目同一月份", row.sheet))
        seen[key] = row.number
    if not result.ok:
        return out
    for row in result.rows:
        v = dict(row.values)
        project, year, month = projects[v.pop("code")], v.pop("year"), v.pop("month")
        v.pop("name", None), v.pop("unit", None)
        out.rows.append(actions.ReportRow(row.number, project, year, month, v))
    return out


@bulk.gc_paused()
def commit_reports(user, source, *, submit: bool = False, mapping=None, constants=None) -> ReportImport:
    """Check the file, then save each row as the month's draft (and submit it if asked): all rows or none.

    The action checks every row again under lock (a report submitted meanwhile is refused) and
    audits each; a refusal raises ImportFailed with the rows named.
    """
    progress.stage(progress.READ, span=progress.IMPORT_STAGES[progress.READ])  # in a background job
    preview = check_reports(user, source, mapping=mapping, constants=constants, submit=submit)
    if not preview.ok:
        raise ImportFailed(preview)
    try:
        actions.import_reports(actor=user, rows=preview.rows, submit=submit)
    except RowsRefused as exc:
        preview.result.errors.extend(exc.problems)
        raise ImportFailed(preview) from exc
    return preview


def import_reports(user, source, *, submit: bool = False, mapping=None, constants=None) -> ImportResult:
    """`commit_reports` for callers that want the result read, with its errors when refused."""
    try:
        return commit_reports(user, source, submit=submit, mapping=mapping, constants=constants).result
    except ImportFailed as failed:
        return failed.preview.result


def report_codes_by_name(user, result: ImportResult) -> None:
    """Give each report row without a 项目代码 the code of its project, found by name within its unit.

    Names are compared as core.matching compares them (「…项目」, brackets and spaces aside), among
    the projects of the row's unit (its column, or the 「填报单位」 line) the user may report on. A
    row whose name fits no project, or several, is refused with the close names: a report never
    creates a project.
    """
    name_column = result.names.get("name", "项目名称")
    unnamed = "必填（或填写项目名称和所属单位）"
    for row, unit, projects, exact in _by_name(user, result, UnitLookup(user), scope.Grant.REPORT, unnamed=unnamed):
        name = row.values["name"]
        if len(exact) == 1:
            row.values["code"] = exact[0].code
            continue
        close = matching.best_matches(name, [(p.pk, p.name) for p in projects], limit=3)
        shown = "、".join(f"「{m.name}」" for m in close)
        if len(exact) > 1:
            message = f"没有项目代码，{unit}有{len(exact)}个同名项目：请填写项目代码"
        elif close:
            message = f"没有项目代码，{unit}没有同名项目，名称相近的有{shown}：请填写项目代码或改正名称"
        else:
            message = f"没有项目代码，{unit}没有同名项目：请填写项目代码"
        result.errors.append(RowError(row.number, name_column, message, row.sheet))
