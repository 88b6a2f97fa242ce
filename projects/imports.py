"""Excel round trip of the ledger: template, dry run, all-or-nothing commit, export with the same headers.

Rows are matched by 项目代码: a new code creates a project, a known one updates it (only the
fields that differ; every change is audited by the actions). Export writes the same columns,
so exporting and importing back changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from core import audit, bounds, bulk, scope
from core.importing import ImportColumn, ImportResult, RowError, read_table
from core.models import AuditAction
from core.money import to_unit
from core.tabular import Column
from org.lookup import PersonLookup, UnitLookup

from . import actions
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


LEDGER_FIELDS = (
    "name", "level", "category", "nature", "owner", "location", "content", "planned_start", "planned_finish",
    "total_investment", "responsible_person", "contact_name", "contact_phone",
)  # fmt: skip


FOREIGN_KEYS = ("unit", "leader", "parent", "responsible_unit")


@dataclass
class RowPlan:
    number: int
    code: str
    action: str  # "create", "update", "unchanged"
    project: Project | None = None
    changes: dict = field(default_factory=dict)
    programmes: list | None = None
    plan: tuple | None = None  # (year, amount, planned_to_start)
    plan_row: AnnualPlan | None = None  # the project's plan for that year, when it has one
    candidate: Project | None = None  # a new project, validated, not saved yet


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


def dry_run(user, source) -> LedgerImport:
    """Read and check every row; nothing is written. Errors name the row and the column."""
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

        changes = {f: v[f] for f in LEDGER_FIELDS if f in v and v[f] is not None}
        for f in ("owner", "location", "content", "responsible_person", "contact_name", "contact_phone"):
            changes.setdefault(f, v.get(f) or "")
        if v.get("unit"):
            try:
                changes["unit"] = units.find(v["unit"])
            except ValueError as exc:
                fail("unit", str(exc))
        if v.get("leader"):
            try:
                changes["leader"] = people.find(v["leader"])
            except ValueError as exc:
                fail("leader", str(exc))
        elif "leader" in v:
            changes["leader"] = None
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
        # Model rules (dates in order, lengths) without writing anything.
        candidate = Project(code=code, **dict(changes.items()))
        if project is not None:
            candidate.pk = project.pk
        try:
            # Foreign keys were resolved above; validating them again would query once per row.
            candidate.full_clean(exclude=["code", *FOREIGN_KEYS], validate_unique=False)
        except ValidationError as exc:
            for f, messages in exc.message_dict.items():
                fail(f, "；".join(messages))
        if len(result.errors) > errors_before:
            continue
        if project is None:
            action = "create"
        else:
            changes = {k: x for k, x in changes.items() if getattr(project, k) != x}
            current = sorted(p.name for p in project.programmes.all())
            plan_now = plans_now.get((project.pk, plan[0])) if plan else None
            plan_same = plan is None or (
                plan_now is not None and (plan_now.planned_investment, plan_now.planned_to_start) == plan[1:]
            )
            action = "unchanged" if not changes and current == sorted(names) and plan_same else "update"
        plan_row = plans_now.get((project.pk, plan[0])) if project is not None and plan else None
        out.plans.append(
            RowPlan(
                row.number,
                code,
                action,
                project,
                changes,
                [programmes[n] for n in names],
                plan,
                plan_row,
                candidate if project is None else None,
            )
        )
    return out


class ImportFailed(Exception):
    def __init__(self, preview: LedgerImport):
        self.preview = preview
        super().__init__(f"{len(preview.errors)} errors")


def commit(user, source) -> LedgerImport:
    """Dry-run, then write every row in one transaction: all rows or none.

    The rows were validated by the dry run (the same model rules the actions apply), so they
    are written in bulk: inserts and updates in batches, with one audit row per project and per
    annual plan, in the same transaction — the same history the single-row actions leave.
    """
    preview = dry_run(user, source)
    if not preview.ok:
        raise ImportFailed(preview)
    if not scope.can_write(user):
        preview.result.errors.append(RowError(None, None, "您没有新增或修改项目的权限。"))
        raise ImportFailed(preview)
    try:
        with transaction.atomic():
            _write(user, [p for p in preview.plans if p.action != "unchanged"])
    except IntegrityError as exc:
        # Another import took one of these codes between the dry run and the commit.
        preview.result.errors.append(RowError(None, "项目代码", f"写入时发生冲突，请重新导入（{exc}）"))
        raise ImportFailed(preview) from exc
    return preview


def _write(user, plans: list[RowPlan]) -> None:
    allowed = scope.scope_of(user)
    for p in plans:  # the dry run resolved units within the scope; checked again as the actions do
        unit = p.changes.get("unit") or p.project.unit
        moved = p.project is None or unit != p.project.unit
        if (moved and not allowed.covers_path(unit.path)) or (
            p.project and not allowed.holds(p.project, scope.Grant.CHANGE)
        ):
            raise PermissionDenied
    through = Project.programmes.through
    entries = []
    now = timezone.now()

    creates = [p for p in plans if p.action == "create"]
    created = [p.candidate for p in creates]  # the instances the dry run validated
    bulk.insert(created)
    links = []
    for project, p in zip(created, creates, strict=True):
        p.project = project
        ids = [g.pk for g in p.programmes]
        links += [through(project_id=project.pk, programme_id=i) for i in ids]
        entries.append(audit.entry(actor=user, obj=project, action=AuditAction.CREATE, after=audit.snapshot(project, {
            "programmes": ids, "co_units": []})))  # fmt: skip

    updated, fields = [], {"updated_at"}
    relink: dict[int, list[int]] = {}
    for p in plans:
        if p.action != "update":
            continue
        project, before_ids = p.project, [g.pk for g in p.project.programmes.all()]
        ids = [g.pk for g in p.programmes]
        co_units = [u.pk for u in project.co_units.all()]  # prefetched; the import does not change them
        before = audit.snapshot(project, {"programmes": before_ids, "co_units": co_units})
        for name, value in p.changes.items():
            setattr(project, name, value)
        project.updated_at = now
        fields.update(p.changes)
        if sorted(ids) != sorted(before_ids):
            relink[project.pk] = ids
        after = audit.snapshot(project, {"programmes": ids, "co_units": co_units})
        if after != before:
            entries.append(audit.entry(actor=user, obj=project, action=AuditAction.UPDATE, before=before, after=after))
        updated.append(project)
    fields = [f.removesuffix("_id") for f in fields]
    Project.objects.bulk_update(updated, fields, batch_size=500)
    through.objects.filter(project_id__in=relink).delete()
    links += [through(project_id=k, programme_id=i) for k, ids in relink.items() for i in ids]
    bulk.insert(links)

    new_plans, changed_plans = [], []
    for p in plans:
        if not p.plan:
            continue
        year, amount, to_start = p.plan
        row = p.plan_row
        if row is None:
            row = AnnualPlan(project=p.project, year=year, planned_investment=amount, planned_to_start=to_start)
            new_plans.append(row)
            continue
        before = audit.snapshot(row)
        row.planned_investment, row.planned_to_start = amount, to_start
        after = audit.snapshot(row)
        if after != before:
            changed_plans.append(row)
            entries.append(audit.entry(actor=user, obj=row, action=AuditAction.UPDATE, before=before, after=after))
    bulk.insert(new_plans)
    AnnualPlan.objects.bulk_update(changed_plans, ["planned_investment", "planned_to_start"], 500)
    entries += [audit.entry(actor=user, obj=a, action=AuditAction.CREATE, after=audit.snapshot(a)) for a in new_plans]
    audit.record_many(entries)


def export_rows(queryset, year: int):
    """Projects with their programmes and their plan for `year` prefetched (three queries)."""
    plans = Prefetch("plans", queryset=AnnualPlan.objects.filter(year=year), to_attr="year_plans")
    return queryset.select_related("unit", "leader").prefetch_related("programmes", plans)


def _plan(project) -> AnnualPlan | None:
    return project.year_plans[0] if project.year_plans else None


def export_columns(user, year: int) -> list[Column]:
    """The import columns, filled from projects annotated with `plan` for `year` (see queries)."""
    units = UnitLookup(user)
    level, category, nature = (dict(c.choices) for c in (ProjectLevel, ProjectCategory, ConstructionNature))
    wan = lambda v: None if v is None else to_unit(v, "万元", places=6).normalize()  # noqa: E731
    return [
        Column("项目代码", lambda p: p.code, 16),
        Column("项目名称", lambda p: p.name, 36),
        Column("项目级别", lambda p: str(level[p.level]), 10),
        Column("工程/专项", lambda p: "、".join(sorted(g.name for g in p.programmes.all())), 20),
        Column("行业类别", lambda p: str(category[p.category]), 10),
        Column("建设性质", lambda p: str(nature[p.nature]), 10),
        Column("所属单位", lambda p: units.label(p.unit), 16),
        Column("建设单位", lambda p: p.owner, 20),
        Column("建设地点", lambda p: p.location, 20),
        Column("建设规模及主要内容", lambda p: p.content, 40),
        Column("计划开工", lambda p: p.planned_start, 12),
        Column("计划竣工", lambda p: p.planned_finish, 12),
        Column("总投资（万元）", lambda p: wan(p.total_investment), 14),
        Column("计划年度", lambda p: year if _plan(p) is not None else None, 8),
        Column("年度计划投资（万元）", lambda p: wan(_plan(p).planned_investment) if _plan(p) else None, 16),
        Column("计划当年开工", lambda p: ("是" if _plan(p).planned_to_start else "否") if _plan(p) else None, 10),
        Column("分包领导", lambda p: p.leader.name if p.leader else "", 10),
        Column("责任人", lambda p: p.responsible_person, 10),
        Column("联系人", lambda p: p.contact_name, 10),
        Column("联系电话", lambda p: p.contact_phone, 14),
    ]


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
    try:
        with transaction.atomic():
            for row in result.rows:
                v = dict(row.values)
                project = projects[v.pop("code")]
                try:
                    report = actions.save_report(actor=user, project=project, **v)
                    if submit:
                        actions.submit_report(actor=user, report=report)
                except (ValidationError, PermissionDenied, Http404) as exc:
                    result.errors.append(RowError(row.number, None, "；".join(getattr(exc, "messages", [str(exc)]))))
            if result.errors:
                raise _Undo
    except _Undo:
        pass
    return result


class _Undo(Exception):
    """Rolls the report import back when any row failed."""
