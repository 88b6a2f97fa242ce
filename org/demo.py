"""Demo data: 焦作市 with 马村区 and the 城乡一体化示范区, drawn from published reports.

Names of units, departments, enterprises and officials come from the newspaper pages the
domain notes cite. Phone numbers and credit codes are generated (示例数据) — they are
well-formed but belong to no one. Re-running changes nothing that is already there.
"""

import hashlib

from django.db import transaction

from core.context import acting_as

from . import actions
from .choices import Industry, RoleCode, UnitKind
from .codes import make_credit_code
from .models import Enterprise, PeerGroup, Person, Post, Role, Unit, User
from .roles import ensure_roles

DEMO_PASSWORD = "Quzhi@2026demo"

CITY = ("焦作市", "410800")
# name, kind, code (GB/T 2260)
DISTRICTS = [
    ("解放区", UnitKind.DISTRICT, "410802"),
    ("中站区", UnitKind.DISTRICT, "410803"),
    ("马村区", UnitKind.DISTRICT, "410804"),
    ("山阳区", UnitKind.DISTRICT, "410811"),
    ("焦作城乡一体化示范区", UnitKind.ZONE, "410871"),
    ("修武县", UnitKind.DISTRICT, "410821"),
    ("博爱县", UnitKind.DISTRICT, "410822"),
    ("武陟县", UnitKind.DISTRICT, "410823"),
    ("温县", UnitKind.DISTRICT, "410825"),
    ("沁阳市", UnitKind.DISTRICT, "410882"),
    ("孟州市", UnitKind.DISTRICT, "410883"),
]
SHORT_NAMES = {"焦作城乡一体化示范区": "示范区"}

# district -> towns/streets -> villages/communities -> micro-grids
TREE = {
    "马村区": {
        ("安阳城街道", UnitKind.STREET): {("后岳村", UnitKind.VILLAGE): []},
        ("冯营街道", UnitKind.STREET): {
            ("和谐社区", UnitKind.COMMUNITY): ["和谐社区第一微网格", "和谐社区第二微网格"],
            ("丽景社区", UnitKind.COMMUNITY): ["丽景社区第一微网格"],
        },
        ("待王街道", UnitKind.STREET): {("东孔庄村", UnitKind.VILLAGE): [], ("靳作村", UnitKind.VILLAGE): []},
    },
    "焦作城乡一体化示范区": {
        ("苏家作乡", UnitKind.TOWN): {
            ("苏家作村", UnitKind.VILLAGE): ["苏家作村第一微网格"],
            ("金沙社区", UnitKind.COMMUNITY): [],
            ("沁苑社区", UnitKind.COMMUNITY): [],
        },
    },
}

DEPARTMENTS = {
    "焦作市": ["市政府重点项目办", "市统计局"],
    "马村区": [
        "区委宣传部", "发改委", "工信局", "科创局", "住建局", "城管局", "应急管理局", "财政局", "行政服务中心",
        "统计局",
    ],
    "焦作城乡一体化示范区": [
        "发改委", "工信局", "科创局", "住建局", "城管局", "应急管理局", "财政局",
        "农村农业局", "教育局", "卫健委", "生态环境局",
    ],
}  # fmt: skip

PEER_GROUPS = {
    "城区组": (
        "全市城区排名（解放、中站、马村、山阳、示范区）",
        ["解放区", "中站区", "马村区", "山阳区", "焦作城乡一体化示范区"],
    ),
    "县（市）组": ("全市县（市）排名", ["修武县", "博爱县", "武陟县", "温县", "沁阳市", "孟州市"]),
    "县（市）区": ("全市县（市）区综合排名", [d[0] for d in DISTRICTS]),
}

# name, short name, unit, industry section, main line, key enterprise
ENTERPRISES = [
    ("深圳健康元药业集团股份有限公司焦作基地", "健康元", "马村区", Industry.C, "生物医药", True),
    ("丽珠制药焦作生产基地", "丽珠", "马村区", Industry.C, "生物医药", True),
    ("千业新材料", "千业新材料", "马村区", Industry.C, "绿色建材/商砼", True),
    ("千业水泥", "千业水泥", "马村区", Industry.C, "水泥/5G绿色矿山", True),
    ("河南盖森材料科技有限公司", "盖森新材料", "马村区", Industry.C, "高强度石膏粉", False),
    ("国隆科技股份有限公司", "国隆科技", "马村区", Industry.C, "装配式建筑", True),
    ("茁成生态农庄", "茁成农庄", "安阳城街道", Industry.A, "现代农业/乡村旅游", False),
    ("万邦焦作国际农产品交易中心", "万邦", "马村区", Industry.F, "冷链物流", False),
    ("骏通物流", "骏通物流", "马村区", Industry.G, "物流", False),
    ("蒙牛乳业（焦作）", "蒙牛", "焦作城乡一体化示范区", Industry.C, "乳业/食品制造", True),
    ("焦作市明仁天然药物有限责任公司", "明仁", "焦作城乡一体化示范区", Industry.C, "饮品/天然药物", True),
    ("卓立膜材料", "卓立膜材料", "焦作城乡一体化示范区", Industry.C, "膜材料", True),
    ("迈科冶金公司", "迈科冶金", "焦作城乡一体化示范区", Industry.C, "冶金", False),
    ("焦作天宝桓祥机械科技有限公司", "天宝桓祥", "焦作城乡一体化示范区", Industry.C, "机械", False),
    ("河南安亿工矿科技有限公司", "安亿工矿", "焦作城乡一体化示范区", Industry.C, "工矿装备", False),
    ("焦作市恒森包装材料有限公司", "恒森包装", "焦作城乡一体化示范区", Industry.C, "包装", False),
    ("德隆材料股份有限公司", "德隆", "焦作城乡一体化示范区", Industry.C, "羰基铁粉/吸波材料", False),
    ("焦作市智慧金融服务有限公司", "", "焦作城乡一体化示范区", Industry.L, "中小企业公共服务", False),
    ("河南尚科计量检测服务有限公司", "", "焦作城乡一体化示范区", Industry.M, "计量检测", False),
]

# name, title, unit
PEOPLE = [
    ("宗家桢", "区委书记", "马村区"),
    ("杨磊", "区委副书记、区长", "马村区"),
    ("王家鹏", "党工委书记、管委会主任", "焦作城乡一体化示范区"),
    ("刘明胜", "区领导", "焦作城乡一体化示范区"),
    ("高鸿", "区领导", "焦作城乡一体化示范区"),
    ("韩明华", "市人大常委会党组成员、副主任", "焦作市"),
]

# username, name, role, unit (or enterprise short name for enterprise users)
USERS = [
    ("admin", "平台管理员", RoleCode.PLATFORM_ADMIN, "焦作市"),
    ("macun_admin", "马村区管理员", RoleCode.DISTRICT_ADMIN, "马村区"),
    ("sfq_admin", "示范区管理员", RoleCode.DISTRICT_ADMIN, "焦作城乡一体化示范区"),
    ("macun_fgw", "马村区发改委", RoleCode.UNIT_USER, "马村区/发改委"),
    ("fengying", "冯营街道", RoleCode.UNIT_USER, "冯营街道"),
    ("anyangcheng", "安阳城街道", RoleCode.UNIT_USER, "安阳城街道"),
    ("macun_tjj", "马村区统计局", RoleCode.UNIT_USER, "马村区/统计局"),
    ("macun_leader", "杨磊", RoleCode.LEADER, "马村区"),
    ("grid_hexie1", "和谐社区网格员", RoleCode.GRID_WORKER, "和谐社区第一微网格"),
    ("qiye_qianye", "千业新材料企业用户", RoleCode.ENTERPRISE, "千业新材料"),
    ("readonly", "只读用户", RoleCode.READ_ONLY, "焦作市"),
]
LOGINS = [(u, DEMO_PASSWORD, str(RoleCode(r).label), where) for u, _n, r, where in USERS]

# 代报: the district's statistics bureau enters the indicators of the district and its streets.
REPORTS_FOR = {"马村区/统计局": ["马村区", "安阳城街道", "冯营街道", "待王街道"]}
# 兼职 (generated for the demo): the person behind an account, a further unit and the post held there.
POSTS = [("anyangcheng", "待王街道", "兼任待王街道重点项目联络员")]


def _digits(text: str, n: int) -> str:
    return str(int(hashlib.sha256(text.encode()).hexdigest(), 16))[:n]


def demo_credit_code(name: str, county_code: str) -> str:
    org = "MA" + hashlib.sha256(name.encode()).hexdigest().upper()[:7]
    org = org.translate(str.maketrans("IOZSV", "12345"))
    return make_credit_code("91" + county_code + org)


def demo_phone(name: str) -> str:
    return "139" + _digits(name, 8)


def _child(actor, parent: Unit, name: str, kind: str, code: str = "", short_name: str = "") -> Unit:
    existing = Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, name=name).first()
    if existing:
        return existing
    return actions.create_unit(actor=actor, parent=parent, name=name, kind=kind, code=code, short_name=short_name)


@transaction.atomic
def _bootstrap_admin() -> User:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = actions.bootstrap_admin(username="admin", password=DEMO_PASSWORD, name="平台管理员")
    return admin


def demo_admin() -> User:
    return User.objects.get(username="admin")


def load(stdout) -> None:
    ensure_roles(Role)  # gone after a `flush`; the migration seeds them otherwise
    admin = _bootstrap_admin()
    with acting_as(admin):
        _load(admin, stdout)


def _load(admin: User, stdout) -> None:
    city = Unit.objects.filter(depth=1, name=CITY[0]).first()
    if city is None:
        city = actions.create_unit(actor=admin, parent=None, name=CITY[0], kind=UnitKind.CITY, code=CITY[1])
    if admin.unit_id is None:
        actions.update_user(actor=admin, user=admin, unit=city)
    units = {CITY[0]: city}
    stdout.write("  组织架构：市、区县、乡镇街道、村社区、微网格、部门")
    for name, kind, code in DISTRICTS:
        units[name] = _child(admin, city, name, kind, code, SHORT_NAMES.get(name, ""))
    for district, towns in TREE.items():
        for (town, tkind), villages in towns.items():
            units[town] = _child(admin, units[district], town, tkind)
            for (village, vkind), grids in villages.items():
                units[village] = _child(admin, units[town], village, vkind)
                for grid in grids:
                    units[grid] = _child(admin, units[village], grid, UnitKind.GRID)
    for parent, names in DEPARTMENTS.items():
        for name in names:
            units[f"{parent}/{name}"] = _child(admin, units[parent], name, UnitKind.DEPARTMENT)

    stdout.write("  对标分组")
    for name, (description, members) in PEER_GROUPS.items():
        if not PeerGroup.objects.filter(name=name).exists():
            actions.create_peer_group(
                actor=admin, name=name, description=description, members=[units[m] for m in members]
            )

    stdout.write("  企业")
    enterprises = {}
    for name, short, where, industry, line, key in ENTERPRISES:
        unit = units[where]
        county = (unit.code or next(a.code for a in reversed(Unit.objects.get_ancestors(unit)) if a.code))[:6]
        code = demo_credit_code(name, county)
        found = Enterprise.objects.filter(credit_code=code).first()
        enterprises[short or name] = found or actions.create_enterprise(
            actor=admin,
            unit=unit,
            name=name,
            credit_code=code,
            short_name=short,
            industry=industry,
            industry_detail=line,
            is_key=key,
            contact_phone=demo_phone(name),
        )

    stdout.write("  人员")
    for name, title, where in PEOPLE:
        if not Person.objects.filter(name=name, unit=units[where]).exists():
            actions.create_person(actor=admin, unit=units[where], name=name, title=title, phone=demo_phone(name))

    stdout.write("  演示账号")
    roles = {r.code: r for r in Role.objects.all()}
    for username, name, role, where in USERS:
        if User.objects.filter(username=username).exists():
            continue
        fields = {"first_name": name}
        if role == RoleCode.ENTERPRISE:
            enterprise = enterprises[where]
            fields.update(enterprise=enterprise)
            unit = enterprise.unit
        else:
            unit = units[where]
        person = None
        if role in (RoleCode.GRID_WORKER, RoleCode.UNIT_USER, RoleCode.LEADER):
            person = Person.objects.filter(name=name, unit=unit).first() or actions.create_person(
                actor=admin, unit=unit, name=name, title=str(RoleCode(role).label), phone=demo_phone(username)
            )
        actions.create_user(
            actor=admin, username=username, password=DEMO_PASSWORD, role=roles[role], unit=unit, person=person, **fields
        )

    stdout.write("  代报单位与兼职")
    for reporter, targets in REPORTS_FOR.items():
        unit = units[reporter]
        if not unit.reports_for.exists():
            actions.set_reports_for(actor=admin, unit=unit, units=[units[t] for t in targets])
    for username, where, title in POSTS:
        person = User.objects.get(username=username).person
        if person is not None and not Post.objects.filter(person=person, unit=units[where]).exists():
            actions.add_post(actor=admin, person=person, unit=units[where], title=title)
