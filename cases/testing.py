"""Case types, grids and officers on top of org.testing's world, for tests and benchmarks."""

from org.testing import PASSWORD, World


def build_cases_world(world: World) -> dict:
    """Two micro-grids (one under 和谐社区, one under 后岳村) with a grid worker each, case types for
    both channels, and a 首席服务官 for each test enterprise (one a read-only leader, one a user of 发改委)."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from cases.models import CaseType, OfficerAssignment
    from org.models import Person, Role, Unit

    add = Unit.objects.add_child
    grid = add(world.units["hexie"], {"name": "和谐社区第一微网格", "kind": "grid"})
    other_grid = add(world.units["houyue"], {"name": "后岳村第一微网格", "kind": "grid"})
    world.units["grid"] = Unit.objects.get(pk=grid.pk)
    world.units["other_grid"] = Unit.objects.get(pk=other_grid.pk)
    role = Role.objects.get(code="grid_worker")
    User = get_user_model()
    world.users["grid"].unit = world.units["grid"]
    world.users["grid"].save()
    world.users["other_grid"] = User.objects.create_user(
        username="other_grid", password=PASSWORD, role=role, unit=world.units["other_grid"], first_name="后岳网格员"
    )
    enterprise_role = Role.objects.get(code="enterprise")
    world.users["other_enterprise"] = User.objects.create_user(
        username="other_enterprise", password=PASSWORD, role=enterprise_role, unit=world.units["anyang"],
        enterprise=world.enterprises["anyang"], first_name="安阳城企业用户",
    )  # fmt: skip
    types = {
        "enterprise": CaseType.objects.create(name="企业诉求", kind="enterprise", sign_days=1, handle_days=5,
                                              reply_days=2, max_extensions=1, max_extension_days=10),
        "errand": CaseType.objects.create(name="帮办代办", kind="errand", sign_days=1, handle_days=3, reply_days=2,
                                          basic_counts_satisfied=False),
        "whistle": CaseType.objects.create(name="吹哨报到", kind="whistle", sign_days=1, handle_days=5, reply_days=2),
        "complaint": CaseType.objects.create(name="投诉", kind="voice", sign_days=1, handle_days=13, reply_days=2),
    }  # fmt: skip
    officer = Person.objects.create(name="王主任", title="区领导", unit=world.units["macun"])
    officer_b = Person.objects.create(name="赵专员", title="科员", unit=world.units["fgw"])
    world.people["officer"] = officer
    world.people["officer_b"] = officer_b
    OfficerAssignment.objects.create(person=officer, enterprise=world.enterprises["fengying"], since=date(2026, 1, 5))
    OfficerAssignment.objects.create(person=officer_b, enterprise=world.enterprises["anyang"], role="officer",
                                     since=date(2026, 1, 5))  # fmt: skip
    # The district leader serves as 首席服务官 but reads only; 赵专员 of 发改委 checks in with a writing account.
    world.users["leader"].person = officer
    world.users["leader"].save()
    world.users["officer"] = User.objects.create_user(
        username="officer", password=PASSWORD, role=Role.objects.get(code="unit_user"), unit=world.units["fgw"],
        person=officer_b, first_name="赵专员",
    )  # fmt: skip
    return types


def dispatched_complaint(world: World, types: dict, *, title: str, content: str, on):
    """A complaint from 冯营街道 that the platform administrator accepts and dispatches to 发改委 on `on`."""
    from cases import actions
    from core.context import acting_as

    admin = world.users["admin"]
    with acting_as(admin):
        case = actions.submit_case(
            actor=admin, case_type=types["complaint"], title=title, content=content,
            origin_unit=world.units["fengying"], on=on,
        )  # fmt: skip
        actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"], on=on)
    return case
