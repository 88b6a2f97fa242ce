import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.context import acting_as
from core.testing import count_queries
from projects.models import Project
from promotion import actions
from promotion.models import IndustryChain, Lead, SupportBid

YI = 100_000_000


def test_leads_follow_the_data_scope_on_every_page(world, promo, client_for):
    client = client_for(world.users["fengying"])
    other, bid = promo["anyang"], promo["anyang_bid"]
    page = client.get("/promotion/leads/").content.decode()
    assert "生物医药产业园" in page and "铝轮毂项目" not in page
    for url in (f"/promotion/leads/{other.pk}/", f"/promotion/leads/{other.pk}/edit/", f"/promotion/bids/{bid.pk}/",
                f"/promotion/bids/{bid.pk}/edit/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/promotion/leads/{other.pk}/stage/", {"stage": "intent", "date": "2026-03-01"}).status_code == 404
    )
    assert client.post(f"/promotion/bids/{bid.pk}/submit/", {"date": "2026-03-05"}).status_code == 404
    assert Lead.objects.get(pk=other.pk).stage == "talks" and SupportBid.objects.get(pk=bid.pk).state == "prepared"
    rows = list(load_workbook(io.BytesIO(client.get("/promotion/leads/", {"export": "xlsx"}).content)).active.values)
    assert [r[0] for r in rows[1:]] == ["生物医药产业园"]
    bids = client.get("/promotion/bids/").content.decode()
    assert "冯营专项债项目" in bids and "安阳城技术中心" not in bids
    funnel = client.get("/promotion/", {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "对接洽谈1个项目" in funnel


def test_a_lead_is_created_moved_and_landed_from_its_pages(world, client_for):
    client = client_for(world.users["fengying"])
    chain = IndustryChain.objects.get(name="医药")
    response = client.post("/promotion/leads/add/", {
        "name": "原料药项目", "investor": "同仁", "chain": chain.pk, "intended_investment": "12.5",
        "unit": world.units["fengying"].pk, "on": "2026-01-05", "is_listed": "on",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    lead = Lead.objects.get()
    assert lead.intended_investment == 1_250_000_000 and lead.is_listed and lead.stage_date == date(2026, 1, 5)
    url = f"/promotion/leads/{lead.pk}/"
    client.post(url + "stage/", {"stage": "signed", "date": "2026-02-01", "signed_investment": "12"})
    lead.refresh_from_db()
    assert lead.stage == "talks"  # skipping 意向 is refused …
    page = client.get(url).content.decode()
    assert "不能转为" in page  # … with the reason shown
    client.post(url + "stage/", {"stage": "intent", "date": "2026-02-01"})
    client.post(url + "stage/", {"stage": "signed", "date": "2026-03-01", "signed_investment": "12"})
    client.post(url + "land/", {"date": "2026-04-01", "code": "MC-2026-100", "level": "district",
                                "category": "industry", "nature": "new", "name": "原料药项目",
                                "unit": world.units["fengying"].pk, "total_investment": "12",
                                "planned_start": "2026-06-01"})  # fmt: skip
    lead.refresh_from_db()
    assert lead.stage == "landed" and lead.project.code == "MC-2026-100" and lead.project.total_investment == 12 * YI
    page = client.get(url).content.decode()
    assert "MC-2026-100" in page and "变更记录" in page and "阶段：落地" in page


def test_bids_are_submitted_and_decided_from_their_page(world, promo, client_for):
    client = client_for(world.users["fengying"])
    bid = promo["fengying_bid"]
    client.post(f"/promotion/bids/{bid.pk}/submit/", {"date": "2026-03-05", "amount_requested": "20000"})
    client.post(f"/promotion/bids/{bid.pk}/decide/", {"approved": "1", "date": "2026-05-05", "amount_granted": "8000"})
    bid.refresh_from_db()
    assert (bid.state, bid.amount_requested, bid.amount_granted) == ("approved", 2 * YI, 8000 * 10_000)
    page = client.get("/promotion/bids/summary/", {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "专项债" in page and "0.80" in page and "冯营街道" in page


def test_only_administrators_edit_the_chain_list(world, client_for):
    assert client_for(world.users["fengying"]).get("/promotion/chains/").status_code == 403
    # One list for every unit: a district's administrator may not change it either.
    assert client_for(world.users["macun_admin"]).post("/promotion/chains/", {"name": "区自定"}).status_code == 403
    assert not IndustryChain.objects.filter(name="区自定").exists()
    client = client_for(world.users["admin"])
    client.post("/promotion/chains/", {"name": "装备制造", "order": 20})
    assert IndustryChain.objects.filter(name="装备制造", is_active=True).exists()
    chain = IndustryChain.objects.get(name="装备制造")
    client.post("/promotion/chains/", {"toggle": chain.pk})
    chain.refresh_from_db()
    assert not chain.is_active


def test_a_ceremony_page_totals_its_deals(world, promo, client_for):
    admin = world.users["admin"]
    with acting_as(admin):
        ceremony = actions.create_activity(actor=admin, unit=world.units["macun"], kind="signing", title="签约仪式",
                                           date=date(2026, 4, 28))  # fmt: skip
        actions.advance_lead(actor=admin, lead=promo["fengying"], stage="intent", on=date(2026, 2, 1))
        actions.advance_lead(actor=admin, lead=promo["fengying"], stage="signed", on=date(2026, 4, 28),
                             signed_investment=25 * YI, activity=ceremony)  # fmt: skip
    page = client_for(world.users["macun_admin"]).get(f"/promotion/activities/{ceremony.pk}/").content.decode()
    assert "在此签约：1 个项目，总投资 25.00 亿元" in page


@pytest.mark.parametrize(
    "url",
    [
        "/promotion/leads/",
        "/promotion/leads/?export=xlsx",
        "/promotion/activities/",
        "/promotion/bids/",
        "/promotion/?start=2026-01-01&end=2026-12-31",
        "/promotion/?start=2026-01-01&end=2026-12-31&by=unit",
        "/promotion/bids/summary/?start=2026-01-01&end=2026-12-31",
    ],
)
def test_promotion_pages_do_not_grow_queries_with_rows(world, client_for, url):
    admin = world.users["admin"]
    client = client_for(world.users["macun_admin"])
    chain = IndustryChain.objects.get(name="医药")
    people = [world.people["fengying"], world.people["anyang"]]

    def grow(n, start):
        with acting_as(admin):
            for i in range(start, start + n):
                unit = world.units["fengying" if i % 2 else "anyang"]
                lead = actions.create_lead(actor=admin, unit=unit, name=f"L{i}", chain=chain, on=date(2026, 1, 5),
                                           investor="x", intended_investment=2 * YI, leader=people[i % 2])  # fmt: skip
                actions.advance_lead(actor=admin, lead=lead, stage="intent", on=date(2026, 2, 1))
                actions.advance_lead(actor=admin, lead=lead, stage="signed", on=date(2026, 3, 1), signed_investment=YI)
                actions.land_lead(actor=admin, lead=lead, on=date(2026, 4, 1), code=f"P-{i}", level="district",
                                  category="industry", nature="new")  # fmt: skip
                activity = actions.create_activity(
                    actor=admin, unit=unit, kind="visit", title=f"A{i}", date=date(2026, 2, 1), leads=[lead],
                    leader=people[i % 2],
                )  # fmt: skip
                bid = actions.create_bid(
                    actor=admin, unit=unit, title=f"B{i}", kind="fund", fund_type="subsidy",
                    prepared_on=date(2026, 3, 1), projects=[lead.project], leader=people[0],
                )  # fmt: skip
                actions.submit_bid(actor=admin, bid=bid, on=date(2026, 3, 2))
                assert activity.pk

    grow(2, 0)
    small = count_queries(lambda: client.get(url))
    grow(8, 100)
    assert count_queries(lambda: client.get(url)) == small
    assert Project.objects.count() == 10


def test_the_funnel_opens_on_the_last_year_with_activity(world, client_for):
    """With nothing this year, the first view shows the last year in which something happened."""
    from datetime import date

    from core.context import acting_as
    from promotion import actions
    from promotion.models import IndustryChain

    admin = world.users["admin"]
    chain = IndustryChain.objects.get_or_create(name="医药")[0]
    with acting_as(admin):
        actions.create_lead(
            actor=admin,
            name="示例项目",
            investor="示例集团",
            chain=chain,
            intended_investment=10**8,
            unit=world.units["macun"],
            on=date(2020, 6, 1),
        )
    client = client_for(admin)
    response = client.get("/promotion/")
    assert response.status_code == 200 and "2020-01-01" in response.content.decode()


def test_each_summary_opens_on_its_own_latest_year_and_says_so(world, client_for):
    """The funnel on its leads' last year, 上争汇总 on its bids' — not one year for both."""
    from datetime import date

    import time_machine

    from core.context import acting_as
    from promotion import actions
    from promotion.models import IndustryChain

    admin = world.users["admin"]
    chain = IndustryChain.objects.get_or_create(name="医药")[0]
    with time_machine.travel(date(2026, 12, 5)), acting_as(admin):
        actions.create_lead(actor=admin, name="示例项目", investor="示例集团", chain=chain, intended_investment=10**8,
                            unit=world.units["macun"], on=date(2020, 6, 1))  # fmt: skip
        actions.create_bid(actor=admin, unit=world.units["macun"], title="专项债", kind="fund", fund_type="subsidy",
                           prepared_on=date(2024, 3, 1))  # fmt: skip
        client = client_for(admin)
        funnel = client.get("/promotion/").content.decode()
        assert "2020-01-01" in funnel and "本年尚无数据，显示最近有数据的 2020 年。" in funnel
        bids = client.get("/promotion/bids/summary/").content.decode()
        assert "2024-01-01" in bids and "本年尚无数据，显示最近有数据的 2024 年。" in bids
        chosen = client.get("/promotion/bids/summary/", {"start": "2025-01-01", "end": "2025-12-31"}).content.decode()
        assert 'id="period-note"' not in chosen


def test_it_heads_each_record_page_with_its_name_badge_list_and_change_link(world, promo, client_for):
    admin = world.users["admin"]
    with acting_as(admin):
        activity = actions.create_activity(
            actor=admin, unit=world.units["fengying"], kind="signing", title="招商推介会", date=date(2026, 4, 28)
        )
    lead, bid = promo["fengying"], promo["fengying_bid"]
    for record, list_url, name, badge in (
        (lead, "/promotion/leads/", "生物医药产业园", lead.get_stage_display()),
        (bid, "/promotion/bids/", "冯营专项债项目", bid.get_state_display()),
        (activity, "/promotion/activities/", "招商推介会", activity.get_kind_display()),
    ):
        url = record.get_absolute_url()
        page = client_for(admin).get(url).content.decode()
        assert f"<title>{name}" in page and f'<li class="breadcrumb-item active">{name}</li>' in page
        heading = page[page.index('<h1 class="h5">') :]
        heading = heading[: heading.index("</h1>")]
        assert name in heading and str(badge) in heading
        assert f'href="{list_url}"' in page and f'href="{url}edit/"' in page
        assert client_for(world.users["fengying"]).get(url).status_code == 200
