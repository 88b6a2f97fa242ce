"""Projects for tests: one in 冯营街道, one in 安阳城街道, on top of the org test world."""

from collections.abc import Callable
from datetime import date

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


def add_projects(
    world, start: int, n: int, year: int, *, units: tuple[str, str], prefix: str, plan: Callable[[int], int]
) -> None:
    """Projects start..start+n-1, alternating between two units (odd numbers in the first), each
    planned to start in the year before `year` and with an annual plan of `plan(i)` 元 for it."""
    admin = world.users["admin"]
    with acting_as(admin):
        for i in range(start, start + n):
            p = actions.create_project(
                actor=admin, unit=world.units[units[0] if i % 2 else units[1]], code=f"{prefix}-{i:03d}",
                name=f"项目{i}", level="district", category="industry", nature="new", total_investment=YI,
                planned_start=date(year - 1, 1 + i % 12, 1),
            )  # fmt: skip
            actions.set_annual_plan(actor=admin, project=p, year=year, planned_investment=plan(i))
