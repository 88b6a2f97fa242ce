"""Demo supervision: tasks, a scored 观摩 round, a responsibility target, two issuers and their bulletins.

From the published reports: the weekly "一周一巡查、一周一督导、一周一通报" routine, the
"四比四看" comparative scoring and the 2020 third-quarter project tour (示范区 first in its group),
and the 示范区 transport bureau's target of retiring 463 diesel lorries (476 retired). The tasks,
the judges' marks and the dates are generated and marked 示例数据.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.context import acting_as
from core.workdays import WorkdayCalendar
from org.demo import demo_admin
from org.models import PeerGroup, Person, Unit
from projects.models import Project

from . import actions
from .models import (
    Bulletin,
    BulletinSettings,
    Inspection,
    Issuer,
    ResponsibilityTarget,
    Rubric,
    ScoringRound,
    SupervisedTask,
)
from .testing import issue_bulletin, set_issuer

RUBRIC = ("四比四看", [("比投资完成，看项目进度", 30), ("比开工建设，看项目质量", 25), ("比要素保障，看服务效能", 25),
                       ("比招商引资，看发展后劲", 20)])  # fmt: skip
ROUND = "2020年第三季度全市重点项目观摩评比"

# title, source, detail, lead unit (path of names), project code, leader, days assigned ago, time limit
# (working days), progress %, done
TASKS = [
    ("健康元生物医药产业园二期用地组卷报批", "meeting", "区政府常务会议", ("马村区", "发改委"), "MC-001", "宗家桢",
     40, 20, 60, False),
    ("万达广场周边道路及管网配套同步完工", "instruction", "区长批示", ("马村区", "住建局"), "MC-004", "杨磊",
     25, 15, 40, False),
    ("“云台·天河”EOD项目环评批复", "meeting", "项目建设推进会", ("马村区", "发改委"), "MC-002", "杨磊",
     12, 10, 30, False),
    ("志臻中学项目消防验收问题整改", "bulletin", "第12期通报", ("马村区", "应急管理局"), "MC-003", "杨磊",
     8, 10, 70, False),
    ("中城开田园综合体签约项目落地开工", "meeting", "区委常委会", ("马村区", "工信局"), "MC-005", "宗家桢",
     30, 40, 20, False),
    ("兴豫源牧场项目土地流转协议签订", "instruction", "管委会主任批示", ("焦作城乡一体化示范区", "农村农业局"),
     "SFQ-001", "王家鹏", 20, 10, 100, True),
]  # fmt: skip

# 配合单位 of a task (assigned for the demo): the street the project lies in reports progress too.
CO_UNITS = {
    "万达广场周边道路及管网配套同步完工": [("马村区", "冯营街道")],
    "“云台·天河”EOD项目环评批复": [("马村区", "冯营街道"), ("马村区", "住建局")],
}

# Judges' marks per project on the four items (示例数据), chosen so the 示范区 ranks first.
MARKS = {
    "SFQ-001": [(92, 95, 94, 90), (88, 92, 90, 86), (95, 96, 93, 92), (90, 93, 92, 91), (97, 98, 96, 95)],
    "MC-001": [(90, 88, 91, 92), (86, 85, 88, 87), (92, 90, 93, 94), (80, 84, 82, 83), (95, 93, 94, 96)],
    "MC-004": [(85, 86, 84, 83), (82, 80, 81, 84), (88, 87, 86, 85), (79, 81, 80, 78), (90, 91, 89, 88)],
}
JUDGES = ["评委一", "评委二", "评委三", "评委四", "评委五"]

REQUIREMENTS = [
    "各责任单位要对照红黄预警项目逐一分析原因，一周内拿出整改措施，分包领导要靠前协调。",
    "坚持“一周一巡查、一周一督导、一周一通报”，逾期督办事项纳入目标绩效考核。",
]


def _unit(path: tuple[str, ...]) -> Unit:
    unit = Unit.objects.get(name=path[0], depth__lte=3)
    for name in path[1:]:
        unit = Unit.objects.get(name=name, path__startswith=unit.path, depth=unit.depth + 1)
    return unit


def load(stdout) -> None:
    admin = demo_admin()
    today = timezone.localdate()
    calendar = WorkdayCalendar()
    with acting_as(admin):
        stdout.write("  督办事项（示例数据）")
        for title, source, detail, lead, code, leader, ago, limit, progress, done in TASKS:
            found = SupervisedTask.objects.filter(title=title).first()
            if found is not None:
                if title in CO_UNITS and not found.co_units.exists():
                    actions.update_task(actor=admin, task=found, co_units=[_unit(u) for u in CO_UNITS[title]])
                continue
            assigned = calendar.add_workdays(today - timedelta(days=ago), 0).date
            task = actions.create_task(
                actor=admin, title=title, source=source, source_detail=detail, lead_unit=_unit(lead),
                assigned_on=assigned, deadline_workdays=limit, project=Project.objects.filter(code=code).first(),
                leader=Person.objects.filter(name=leader).first(), is_sample=True,
                co_units=[_unit(u) for u in CO_UNITS.get(title, [])],
            )  # fmt: skip
            actions.add_progress(actor=admin, task=task, note="已召开专题协调会，明确责任分工。",
                                 progress_pct=progress, on=assigned + timedelta(days=3))  # fmt: skip
            if done:
                actions.complete_task(actor=admin, task=task, note="协议已签订，材料已归档。", on=today)
        stdout.write("  观摩评比（四比四看，示例评分）")
        rubric = Rubric.objects.filter(name=RUBRIC[0]).first() or actions.save_rubric(
            actor=admin, name=RUBRIC[0], description="全市重点项目建设“四比四看”综合考评",
            items=[(n, Decimal(w), Decimal(100)) for n, w in RUBRIC[1]],
        )  # fmt: skip
        tour = ScoringRound.objects.filter(name=ROUND).first()
        if tour is None:
            tour = actions.create_round(
                actor=admin, name=ROUND, organiser=Unit.objects.get(depth=1), held_on=date(2020, 9, 25),
                rubric=rubric, peer_group=PeerGroup.objects.filter(name="城区组").first(), is_sample=True,
            )  # fmt: skip
            items = list(rubric.items.order_by("order"))
            for code, rows in MARKS.items():
                project = Project.objects.get(code=code)
                actions.record_inspection(
                    actor=admin, project=project, kind="tour", round=tour, visited_on=tour.held_on,
                    inspectors="市观摩评比组", is_sample=True,
                )  # fmt: skip
                for judge, marks in zip(JUDGES, rows, strict=True):
                    given = {i.pk: Decimal(m) for i, m in zip(items, marks, strict=True)}
                    actions.record_scores(actor=admin, round=tour, project=project, judge=judge, marks=given)
        if not Inspection.objects.filter(kind="patrol").exists():
            actions.record_inspection(
                actor=admin, project=Project.objects.get(code="MC-001"), visited_on=today - timedelta(days=3),
                inspectors="区重点项目办 周巡查组", findings="二期厂房钢结构吊装进度滞后约一周，需加派人员。",
                is_sample=True,
            )  # fmt: skip
        stdout.write("  目标责任书")
        bureau = _unit(("焦作城乡一体化示范区", "住建局"))
        if not ResponsibilityTarget.objects.filter(unit=bureau, year=2020).exists():
            target = actions.create_target(
                actor=admin, unit=bureau, year=2020, title="淘汰国三及以下标准营运柴油货车", kind="count",
                target_value=Decimal(463), measure="辆",
            )  # fmt: skip
            actions.report_target_progress(actor=admin, target=target, actual_value=Decimal(476), note="淘汰拆解476辆")
        stdout.write("  发文设置与通报")
        settings = BulletinSettings.current()
        if settings.pk is None or not settings.requirements:
            actions.update_bulletin_settings(
                actor=admin, requirements="\n".join(REQUIREMENTS), schedule_unit=Unit.objects.get(depth=1),
                schedule_user=admin,
            )  # fmt: skip
    _bulletins(stdout, admin, today)


def _bulletins(stdout, admin, today: date) -> None:
    """The city's and 马村区's own issuers; bulletins issued by both, and one of 马村区's waiting
    for its 签发人."""
    User = get_user_model()
    city = Unit.objects.get(depth=1)
    macun = Unit.objects.get(depth=2, name="马村区")
    macun_admin = User.objects.get(username="macun_admin")
    macun_leader = User.objects.get(username="macun_leader")
    if not Issuer.objects.filter(unit=city).exists():
        set_issuer(
            admin, city, prefix="焦项办", name="焦作市重点项目建设指挥部办公室", signers=[admin],
            recipients="各县（市）区人民政府，市直各有关单位", copy_to="市委办公室，市人大常委会办公室，市政府办公室",
        )  # fmt: skip
    if not Issuer.objects.filter(unit=macun).exists():
        set_issuer(
            macun_admin, macun, prefix="马项办", name="马村区重点项目建设指挥部办公室", signers=[macun_leader],
            recipients="各街道办事处，区直各有关单位", copy_to="区委办公室，区人大常委会办公室，区政府办公室",
        )  # fmt: skip
    if Bulletin.objects.exists():
        return
    last_sunday = today - timedelta(days=today.weekday() + 1)
    month_end = today.replace(day=1) - timedelta(days=1)
    city_people = {"drafter": admin, "reviewer": admin, "signer": admin}
    macun_people = {"drafter": macun_admin, "reviewer": macun_admin, "signer": macun_leader}
    issue_bulletin(**city_people, kind="monthly", unit=city, as_of=month_end, on=month_end, is_sample=True)
    issue_bulletin(**city_people, kind="weekly", unit=city, as_of=last_sunday, on=today, is_sample=True)
    issue_bulletin(**macun_people, kind="monthly", unit=macun, as_of=month_end, on=month_end, is_sample=True)
    issue_bulletin(**macun_people, kind="weekly", unit=macun, as_of=last_sunday, until="reviewed", is_sample=True)
