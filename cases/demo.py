"""Demo service cases: 首席服务官 for the key enterprises, micro-grids with their workers, and cases.

From the published reports: 马村区's "限时办结" of enterprise problems such as 健康元's water
supply and 丽珠's power supply, leaders serving as 首席服务官 with a weekly online check-in rate,
and 冯营街道's micro-grid workers passing information up, whistling for departments, running
errands for residents and knocking on the doors of elders living alone. The cases, residents,
phone numbers and dates are generated and marked 示例数据.
"""

from datetime import timedelta

from django.utils import timezone

from core.context import acting_as
from org import actions as org_actions
from org.choices import RoleCode
from org.demo import DEMO_PASSWORD, demo_admin, demo_phone
from org.models import Enterprise, Person, Role, Unit, User

from . import actions, queries, sweeping
from .models import Case, CaseType, CheckIn, Household, OfficerAssignment

# name, channel, dispatch, sign, handle, reply (working days), extensions, extension days, 基本满意 counts
CASE_TYPES = [
    ("企业诉求", "enterprise", 1, 1, 5, 2, 1, 10, True),
    ("信息传递", "voice", 1, 1, 3, 2, 0, 0, True),
    ("吹哨报到", "whistle", 1, 1, 5, 2, 1, 5, True),
    ("帮办代办", "errand", 1, 1, 5, 2, 1, 5, False),
    ("群众投诉", "voice", 1, 1, 13, 2, 1, 10, False),
]

# person, enterprise short name, role
OFFICERS = [
    ("宗家桢", "健康元", "leader"), ("杨磊", "丽珠", "leader"), ("杨磊", "千业新材料", "leader"),
    ("王家鹏", "蒙牛", "leader"), ("刘明胜", "明仁", "leader"), ("高鸿", "卓立膜材料", "leader"),
]  # fmt: skip

# username, name, role, unit or enterprise
USERS = [
    ("qiye_jky", "健康元企业用户", RoleCode.ENTERPRISE, "健康元"),
    ("grid_liying", "丽景社区网格员", RoleCode.GRID_WORKER, "丽景社区第一微网格"),
]
LOGINS = [(u, DEMO_PASSWORD, str(RoleCode(r).label), where) for u, _n, r, where in USERS]

# title, type, source (enterprise short name or grid), handler (district department or street), days ago,
# steps taken, resident (name, phone) for grid cases
CASES = [
    ("基地供水管网压力不足", "企业诉求", "健康元", "马村区/住建局", 20, "closed", None),
    ("新建车间用电增容", "企业诉求", "丽珠", "马村区/发改委", 12, "replied", None),
    ("生物医药危化品处置渠道", "企业诉求", "健康元", "马村区/应急管理局", 9, "handling", None),
    ("绿色建材项目环评咨询", "企业诉求", "千业新材料", "马村区/工信局", 3, "dispatched", None),
    ("代办高龄津贴申领", "帮办代办", "和谐社区第一微网格", "冯营街道", 15, "closed", ("张秀兰", "13703911234")),
    ("小区路灯损坏", "吹哨报到", "和谐社区第一微网格", "马村区/城管局", 8, "handling", ("李建国", "13803915678")),
    ("楼道堆放杂物存在消防隐患", "吹哨报到", "丽景社区第一微网格", "马村区/应急管理局", 6, "dispatched",
     ("王凤英", "13903912345")),
    ("反映供暖温度偏低", "信息传递", "丽景社区第一微网格", "", 1, "accepted", ("赵德明", "13503919876")),
]  # fmt: skip

STEPS = ["dispatched", "handling", "replied", "closed"]


def _unit(path: str) -> Unit:
    parent, _slash, name = path.rpartition("/")
    if parent:
        top = Unit.objects.get(name=parent, depth__lte=3)
        return Unit.objects.get(name=name, path__startswith=top.path)
    return Unit.objects.get(name=name)


def load(stdout) -> None:
    admin = demo_admin()
    with acting_as(admin):
        _load(admin, stdout)


def _load(admin, stdout) -> None:
    stdout.write("  诉求类型")
    types = {}
    for name, kind, dispatch, sign, handle, reply, ext, ext_days, basic in CASE_TYPES:
        types[name] = CaseType.objects.filter(name=name).first() or actions.create_case_type(
            actor=admin, name=name, kind=kind, dispatch_days=dispatch, sign_days=sign, handle_days=handle,
            reply_days=reply, max_extensions=ext, max_extension_days=ext_days, basic_counts_satisfied=basic,
            satisfaction_options=["satisfied", "basic", "unsatisfied"],
        )  # fmt: skip
    enterprises = {e.short_name: e for e in Enterprise.objects.exclude(short_name="")}

    stdout.write("  首席服务官与签到（示例数据）")
    today = queries.today()
    for name, short, role in OFFICERS:
        person = Person.objects.filter(name=name).first()
        enterprise = enterprises.get(short)
        if person is None or enterprise is None:
            continue
        if not OfficerAssignment.objects.filter(person=person, enterprise=enterprise).exists():
            actions.assign_officer(actor=admin, person=person, enterprise=enterprise, role=role,
                                   since=today.replace(month=1, day=1))  # fmt: skip
    for name in ("宗家桢", "王家鹏", "刘明胜"):  # three of five officers checked in this week
        person = Person.objects.filter(name=name).first()
        if person and not CheckIn.objects.filter(person=person, week=queries.week_of(today)).exists():
            actions.check_in(actor=admin, person=person, note="线上签到（示例数据）", on=today)

    stdout.write("  演示账号：企业用户、网格员")
    roles = {r.code: r for r in Role.objects.all()}
    for username, name, role, where in USERS:
        if User.objects.filter(username=username).exists():
            continue
        if role == RoleCode.ENTERPRISE:
            enterprise = enterprises[where]
            org_actions.create_user(actor=admin, username=username, password=DEMO_PASSWORD, role=roles[role],
                                    unit=enterprise.unit, enterprise=enterprise, first_name=name)  # fmt: skip
        else:
            unit = _unit(where)
            person = Person.objects.filter(name=name, unit=unit).first() or org_actions.create_person(
                actor=admin, unit=unit, name=name, title=str(RoleCode(role).label), phone=demo_phone(username)
            )
            org_actions.create_user(actor=admin, username=username, password=DEMO_PASSWORD, role=roles[role],
                                    unit=unit, person=person, first_name=name)  # fmt: skip

    stdout.write("  服务诉求（示例数据）")
    for title, type_name, source, handler, ago, reach, resident in CASES:
        if Case.objects.filter(title=title, is_sample=True).exists():
            continue
        _case(admin, types[type_name], title, source, handler, today - timedelta(days=ago), reach, resident,
              enterprises)  # fmt: skip

    stdout.write("  敲门行动：重点关爱户（示例数据）")
    grid = _unit("和谐社区第一微网格")
    if not Household.objects.filter(grid=grid, is_sample=True).exists():
        household = actions.create_household(actor=admin, grid=grid, name="孙桂芝", phone="13603917788",
                                             address="和谐社区2号楼1单元", category="alone",
                                             note="独居老人，子女在外地", is_sample=True)  # fmt: skip
        actions.record_visit(actor=admin, household=household, note="身体状况良好，家中燃气灶需检修",
                             visited_on=today - timedelta(days=2), case_type=types["帮办代办"],
                             problem="代为联系燃气灶检修")  # fmt: skip
    sweeping.sweep(actor=admin)


def _case(admin, case_type, title, source, handler, day, reach, resident, enterprises) -> Case:
    enterprise = enterprises.get(source)
    fields = {"enterprise": enterprise} if enterprise else {"origin_unit": _unit(source)}
    if resident:
        fields.update(resident_name=resident[0], resident_phone=resident[1], address=f"{source}辖区")
    case = actions.submit_case(actor=admin, case_type=case_type, title=title, content=f"{title}，请协调解决。",
                               on=day, is_sample=True, **fields)  # fmt: skip
    if reach == "accepted":
        return case
    day = min(day + timedelta(days=1), timezone.localdate())
    actions.dispatch(actor=admin, case=case, handler_unit=_unit(handler), on=day)
    if reach == "dispatched":
        return case
    actions.sign(actor=admin, case=case, on=day)
    if reach == "handling":
        return case
    day = min(day + timedelta(days=4), timezone.localdate())
    actions.reply(actor=admin, case=case, result="已协调相关单位办理完毕。", on=day)
    if reach == "replied":
        return case
    actions.rate(actor=admin, case=case, satisfaction="satisfied", note="电话回访，表示满意。", on=day)
    actions.close(actor=admin, case=case, on=day)
    return case
