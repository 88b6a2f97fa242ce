"""Demo key projects: those named in published reports, with the investments stated there.

The ledger (name, unit, level, category, total investment, programmes) comes from the reports.
Annual plans, stage dates and the current year's monthly reports are generated and marked
示例数据 (is_sample), so the dashboard has something to show; they are not published figures.
Which town, street or department owns each project, answers for it (责任单位) and cooperates
(配合单位) is assigned for the demo, so that each demo login has projects to report on or review:
the last month is left to fill for some, submitted for review for one, and returned for one.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from core.context import acting_as
from org.demo import demo_admin
from org.models import Person, Unit, User

from . import actions
from .choices import Stage
from .models import AnnualPlan, MonthlyReport, Project

YI = 100_000_000
WAN = 10_000

PROGRAMMES = ['省"双百"工程', '市"三十工程"', '"3510"工程']

# code, name, unit, level, category, nature, total (元), programmes, leader, started (or None)
PROJECTS = [
    ("MC-001", "深圳健康元药业生物医药产业园", "马村区", "province", "industry", "new", 103 * YI,
     ['省"双百"工程', '市"三十工程"'], "宗家桢", date(2021, 3, 18)),
    ("MC-002", "“云台·天河”EOD项目", "马村区", "city", "infrastructure", "new", 30 * YI, ['市"三十工程"'], "杨磊",
     date(2023, 4, 10)),
    ("MC-003", "衡水泰华教育综合体项目（志臻中学）", "马村区", "city", "social", "new", 25 * YI, [], "杨磊",
     date(2021, 5, 6)),
    ("MC-004", "焦作世合万达广场城市综合体（一期）", "马村区", "city", "services", "new", 60 * YI, ['"3510"工程'],
     "宗家桢", date(2021, 8, 1)),
    ("MC-005", "中城开田园综合体", "马村区", "district", "agriculture", "new", 20 * YI, [], "杨磊", None),
    ("MC-006", "健康元生物医药研究院", "马村区", "district", "industry", "new", 8 * YI, [], "宗家桢",
     date(2022, 6, 1)),
    ("MC-007", "千业新材料项目", "马村区", "district", "industry", "new", 45 * YI // 10, [], "杨磊",
     date(2020, 4, 1)),
    ("MC-008", "盖森新材料项目", "马村区", "district", "industry", "new", 3 * YI, [], "杨磊", date(2020, 9, 1)),
    ("SFQ-001", "河南兴豫源牧场项目", "焦作城乡一体化示范区", "district", "agriculture", "new", 33 * YI // 10, [],
     None, None),
]  # fmt: skip

# Share of the annual plan done by the end of each month, per project (generated, 示例数据):
# some ahead of schedule, some behind, so that warnings and rankings have something to show.
PACE = {"MC-001": 1.15, "MC-002": 0.95, "MC-003": 0.75, "MC-004": 1.05, "MC-006": 0.55, "SFQ-001": 0.85}

# 所属单位, 责任单位 (主办), 配合单位 (协办): assigned for the demo ("上级/名称" for a department).
ASSIGNMENTS = {
    "MC-001": ("马村区", "马村区/发改委", ["马村区/工信局", "安阳城街道"]),
    "MC-002": ("冯营街道", "冯营街道", ["马村区/住建局"]),
    "MC-003": ("待王街道", "待王街道", ["马村区/发改委"]),
    "MC-004": ("冯营街道", "冯营街道", ["马村区/住建局", "马村区/发改委"]),
    "MC-005": ("安阳城街道", "安阳城街道", ["马村区/发改委"]),
    "MC-006": ("马村区", "马村区/科创局", ["冯营街道"]),
    "MC-007": ("安阳城街道", "马村区/工信局", []),
    "MC-008": ("待王街道", "马村区/工信局", ["马村区/发改委"]),
    "SFQ-001": ("苏家作乡", "焦作城乡一体化示范区/农村农业局", []),
}
# The demo account that fills a project's reports, by its 责任单位; the district office otherwise.
REPORTERS = {"马村区/发改委": "macun_fgw", "冯营街道": "fengying", "安阳城街道": "anyangcheng"}
# The last month left for the reporter to fill, and the month submitted or returned for the demo.
LEFT_OPEN = {"MC-001", "MC-002"}
SUBMITTED_LAST = {"MC-004"}
RETURNED_BEFORE_LAST = {"MC-002": "本月累计完成投资与形象进度不符，请核实后重新报送。"}


def unit_named(label: str) -> Unit:
    """A unit by its name, or by "上级/名称" when departments of several districts share the name."""
    if "/" not in label:
        return Unit.objects.get(name=label)
    parent_name, name = label.split("/", 1)
    parent = Unit.objects.get(name=parent_name)
    return Unit.objects.get(name=name, path__startswith=parent.path, depth=parent.depth + 1)


def _assign(admin) -> None:
    """Owners, responsible and cooperating units; also on a database loaded before they existed."""
    for code, (owner, responsible, cooperating) in ASSIGNMENTS.items():
        project = Project.objects.filter(code=code, responsible_unit__isnull=True).first()
        if project is None:
            continue
        actions.update_project(
            actor=admin, project=project, unit=unit_named(owner), responsible_unit=unit_named(responsible),
            co_units=[unit_named(u) for u in cooperating],
        )  # fmt: skip


# Units the boundary map has no area of, and the area their demo projects are placed in: the 示范区
# has no GB/T 2260 code of its own; it was formed of towns in the south-east of 山阳区.
DEMO_AREAS = {"焦作城乡一体化示范区": "山阳区"}


def _place(admin) -> None:
    """Plausible coordinates (示例): a point inside the district of each project's unit, the same
    point on every load (seeded by the project code)."""
    from . import geo, queries

    boundary = queries.district_boundary(admin)
    if boundary is None:
        return
    codes = [row[0] for row in PROJECTS]  # this module's projects; others keep theirs unset
    for project in Project.objects.filter(code__in=codes, longitude__isnull=True).select_related("unit"):
        area = queries.area_for(project.unit, boundary.collection)
        if area is None and project.unit.name in DEMO_AREAS:
            area = geo.feature(boundary.collection, DEMO_AREAS[project.unit.name])
        if area is None:
            continue
        lon, lat = geo.point_inside(area["geometry"], seed=project.code)
        actions.update_project(actor=admin, project=project, longitude=Decimal(str(lon)), latitude=Decimal(str(lat)))


def _people(project: Project) -> tuple[User, User]:
    """Who reports on the project, and who reviews it (the district office, or the platform)."""
    district = User.objects.get(username="macun_admin")
    responsible = project.responsible_unit
    label = next((k for k in REPORTERS if responsible is not None and unit_named(k) == responsible), "")
    reporter = User.objects.get(username=REPORTERS[label]) if label else district
    reviewer = district if reporter != district else demo_admin()
    return reporter, reviewer


def load(stdout) -> None:
    admin = demo_admin()
    today = timezone.localdate()
    # Reports run to the month before this one (last December in January).
    year, last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    with acting_as(admin):
        programmes = {name: actions.ensure_programme(actor=admin, name=name) for name in PROGRAMMES}
        stdout.write("  项目台账")
        for code, name, unit, level, category, nature, total, progs, leader, started in PROJECTS:
            if Project.objects.filter(code=code).exists():
                continue
            project = actions.create_project(
                actor=admin, unit=Unit.objects.get(name=unit), code=code, name=name, level=level,
                category=category, nature=nature, total_investment=total,
                programmes=[programmes[p] for p in progs],
                leader=Person.objects.filter(name=leader).first() if leader else None,
            )  # fmt: skip
            if started:
                actions.record_stage(actor=admin, project=project, stage=Stage.SIGNED, on=date(started.year, 1, 15))
                actions.record_stage(actor=admin, project=project, stage=Stage.STARTED, on=started)
                actions.record_stage(
                    actor=admin, project=project, stage=Stage.BUILDING, on=date(started.year, started.month, 28)
                )
            if code in ("MC-007", "MC-008"):
                actions.record_stage(actor=admin, project=project, stage=Stage.COMPLETED, on=date(2021, 12, 20))
                actions.record_stage(actor=admin, project=project, stage=Stage.OPERATING, on=date(2022, 3, 1))
        stdout.write("  所属单位、责任单位与配合单位")
        _assign(admin)
        stdout.write("  项目位置（示例）")
        _place(admin)
        stdout.write("  年度计划与月度报告（示例数据）")
        for code, pace in PACE.items():
            project = Project.objects.select_related("responsible_unit").get(code=code)
            if AnnualPlan.objects.filter(project=project, year=year).exists():
                continue
            plan = project.total_investment // 5
            actions.set_annual_plan(
                actor=admin, project=project, year=year, planned_investment=plan,
                planned_to_start=project.actual_start is None, is_sample=True,
            )  # fmt: skip
            if project.actual_start is None:
                continue
            reporter, reviewer = _people(project)
            ytd = 0
            for month in range(1, last_month + 1):
                target = int(plan * pace * month / 12) // WAN * WAN
                monthly, ytd = target - ytd, target
                last = month == last_month
                if (last and code in LEFT_OPEN) or MonthlyReport.objects.filter(
                    project=project, year=year, month=month
                ).exists():
                    continue
                with acting_as(reporter):
                    report = actions.save_report(
                        actor=reporter, project=project, year=year, month=month, monthly_investment=monthly,
                        ytd_investment=ytd, since_start_investment=project.total_investment // 3 + ytd,
                        progress="按计划推进", is_sample=True,
                    )  # fmt: skip
                    actions.submit_report(actor=reporter, report=report)
                if last and code in SUBMITTED_LAST:
                    continue  # waits for the district office's review
                with acting_as(reviewer):
                    if month == last_month - 1 and code in RETURNED_BEFORE_LAST:
                        actions.return_report(actor=reviewer, report=report, reason=RETURNED_BEFORE_LAST[code])
                    else:
                        actions.approve_report(actor=reviewer, report=report)
    stdout.write("  预警与单位汇总")
    actions.refresh_warnings()  # what the nightly run does: the dashboard reads the units' figures
