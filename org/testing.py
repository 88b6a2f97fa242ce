"""The small org world every app's tests build on.

The tree: 焦作市 → 马村区 → 冯营街道 / 安阳城街道 (each with a community), 马村区发改委,
and 示范区. Users: one per role at the places tests need them.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

PASSWORD = "Test-password-2026"


@dataclass
class World:
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    enterprises: dict = field(default_factory=dict)


def build_world() -> World:
    from org.codes import make_credit_code
    from org.models import Enterprise, Person, Role, Unit
    from org.roles import ensure_roles

    w = World()
    add = Unit.objects.add_child
    city = Unit.objects.add_root({"name": "焦作市", "kind": "city", "code": "410800"})
    macun = add(city, {"name": "马村区", "kind": "district", "code": "410804"})
    sfq = add(city, {"name": "示范区", "kind": "zone", "code": "410871"})
    fengying = add(macun, {"name": "冯营街道", "kind": "street", "code": "410804002000"})
    anyang = add(macun, {"name": "安阳城街道", "kind": "street"})
    hexie = add(fengying, {"name": "和谐社区", "kind": "community"})
    houyue = add(anyang, {"name": "后岳村", "kind": "village"})
    fgw = add(macun, {"name": "发改委", "kind": "department"})
    for name, unit in [("city", city), ("macun", macun), ("sfq", sfq), ("fengying", fengying),
                       ("anyang", anyang), ("hexie", hexie), ("houyue", houyue), ("fgw", fgw)]:  # fmt: skip
        w.units[name] = Unit.objects.get(pk=unit.pk)

    w.people["fengying"] = Person.objects.create(name="张三", title="主任", unit=w.units["hexie"], phone="13912345678")
    w.people["anyang"] = Person.objects.create(name="李四", title="书记", unit=w.units["houyue"], phone="13800001111")
    w.enterprises["fengying"] = Enterprise.objects.create(
        name="冯营企业", credit_code=make_credit_code("91410804MA0000001"), unit=w.units["fengying"]
    )
    w.enterprises["anyang"] = Enterprise.objects.create(
        name="安阳城企业", credit_code=make_credit_code("91410804MA0000002"), unit=w.units["anyang"]
    )

    User = get_user_model()
    ensure_roles(Role)  # a transactional test before this one may have flushed them
    roles = {r.code: r for r in Role.objects.all()}
    spec = {
        "admin": ("platform_admin", "city", {}),
        "macun_admin": ("district_admin", "macun", {}),
        "fengying": ("unit_user", "fengying", {}),
        "anyang": ("unit_user", "anyang", {}),
        "leader": ("leader", "macun", {}),
        "grid": ("grid_worker", "hexie", {}),
        "readonly": ("read_only", "fengying", {}),
        "enterprise": ("enterprise", "fengying", {"enterprise": w.enterprises["fengying"]}),
    }
    for username, (role, unit, extra) in spec.items():
        w.users[username] = User.objects.create_user(
            username=username, password=PASSWORD, role=roles[role], unit=w.units[unit], first_name=username, **extra
        )
    return w
