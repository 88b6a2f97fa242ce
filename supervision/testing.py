"""Supervision objects for tests, on top of the org world and the projects test set."""

from datetime import date

from core.context import acting_as

from . import actions


def build_tasks(world, projects) -> dict:
    """A task led by 冯营街道 (5 working days from 2026-09-28, across National Day) and one led by
    安阳城街道."""
    admin = world.users["admin"]
    with acting_as(admin):
        fengying = actions.create_task(
            actor=admin, title="产业园二期用地报批", source="meeting", lead_unit=world.units["fengying"],
            assigned_on=date(2026, 9, 28), deadline_workdays=5, project=projects["fengying"],
            leader=world.people["fengying"],
        )  # fmt: skip
        anyang = actions.create_task(
            actor=admin, title="农庄道路硬化", source="instruction", lead_unit=world.units["anyang"],
            assigned_on=date(2026, 9, 1), deadline=date(2026, 9, 15), leader=world.people["anyang"],
        )  # fmt: skip
    return {"fengying": fengying, "anyang": anyang}
