"""Leads and bids for tests: one of each in 冯营街道 and in 安阳城街道, on top of the org test world."""

from datetime import date

from core.context import acting_as

from . import actions
from .models import IndustryChain

YI = 100_000_000


def build_promotion(world) -> dict:
    admin = world.users["admin"]
    chain = IndustryChain.objects.get(name="医药")
    with acting_as(admin):
        fengying = actions.create_lead(
            actor=admin, unit=world.units["fengying"], name="生物医药产业园", chain=chain, on=date(2026, 1, 10),
            investor="健康元药业集团股份有限公司", investor_origin="广东深圳", is_listed=True,
            intended_investment=25 * YI,
        )  # fmt: skip
        anyang = actions.create_lead(
            actor=admin, unit=world.units["anyang"], name="铝轮毂项目",
            chain=IndustryChain.objects.get(name="绿色建材"), on=date(2026, 2, 1), investor="某铝业公司",
            intended_investment=3 * YI,
        )  # fmt: skip
        fengying_bid = actions.create_bid(
            actor=admin, unit=world.units["fengying"], title="冯营专项债项目", kind="fund", fund_type="special_bond",
            prepared_on=date(2026, 3, 1), package_investment=10 * YI,
        )  # fmt: skip
        anyang_bid = actions.create_bid(
            actor=admin,
            unit=world.units["anyang"],
            title="安阳城技术中心",
            kind="platform",
            prepared_on=date(2026, 3, 2),
        )
    return {"fengying": fengying, "anyang": anyang, "fengying_bid": fengying_bid, "anyang_bid": anyang_bid}
