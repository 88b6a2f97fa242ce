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


def set_issuer(admin, unit, *, prefix: str, name: str, signers, copy_to: str = "", recipients: str = ""):
    """`unit`'s 发文设置 as its administrator `admin` would fill them in."""
    with acting_as(admin):
        return actions.save_issuer(
            actor=admin, unit=unit, name=name, mark=name, prefix=prefix, printed_by=name,
            recipients=recipients or "各有关单位", copy_to=copy_to, signers=signers,
        )  # fmt: skip


def issue_bulletin(
    *, drafter, reviewer, signer, kind: str, unit, as_of: date, on: date | None = None, until: str = "issued",
    is_sample: bool = False,
):  # fmt: skip
    """A bulletin taken through the workflow — 起草, 送审, 审核通过, 签发 (on `on`), 印发 — stopping
    after the step named by `until` ("draft", "submitted", "reviewed", "signed" or "issued")."""
    with acting_as(drafter):
        bulletin = actions.draft_bulletin(actor=drafter, kind=kind, unit=unit, as_of=as_of, is_sample=is_sample)
        if until == "draft":
            return bulletin
        actions.submit_bulletin(actor=drafter, bulletin=bulletin)
    if until == "submitted":
        return bulletin
    with acting_as(reviewer):
        actions.review_bulletin(actor=reviewer, bulletin=bulletin, passed=True)
    if until == "reviewed":
        return bulletin
    with acting_as(signer):
        actions.sign_bulletin(actor=signer, bulletin=bulletin, on=on)
    if until == "signed":
        return bulletin
    with acting_as(drafter):
        return actions.print_bulletin(actor=drafter, bulletin=bulletin, on=on)
