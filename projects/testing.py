"""Projects for tests: one in 冯营街道, one in 安阳城街道, on top of the org test world."""

from core.context import acting_as

from . import actions

YI = 100_000_000


def build_projects(world) -> dict:
    admin = world.users["admin"]
    with acting_as(admin):
        fengying = actions.create_project(
            actor=admin, unit=world.units["fengying"], code="MC-2026-001", name="生物医药产业园",
            level="province", category="industry", nature="new", total_investment=103 * YI,
        )  # fmt: skip
        anyang = actions.create_project(
            actor=admin, unit=world.units["anyang"], code="MC-2026-002", name="茁成生态农庄二期",
            level="district", category="agriculture", nature="continued", total_investment=2 * YI,
        )  # fmt: skip
        actions.set_annual_plan(actor=admin, project=fengying, year=2026, planned_investment=19322 * 10**6)
    return {"fengying": fengying, "anyang": anyang}
