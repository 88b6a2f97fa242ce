from datetime import date

from core.context import acting_as
from promotion import actions
from promotion.models import Lead, SupportBid

YI = 100_000_000


def test_leads_and_bids_follow_the_data_scope(world, promo, client, token_for):
    mine = token_for("fengying")
    assert [x["name"] for x in client.get("/api/promotion/leads", **mine).json()["items"]] == ["生物医药产业园"]
    assert [x["title"] for x in client.get("/api/promotion/bids", **mine).json()["items"]] == ["冯营专项债项目"]
    other, bid = promo["anyang"], promo["anyang_bid"]
    assert client.get(f"/api/promotion/leads/{other.pk}", **mine).status_code == 404
    assert client.get(f"/api/promotion/bids/{bid.pk}", **mine).status_code == 404
    response = client.patch(
        f"/api/promotion/leads/{other.pk}", {"name": "改名"}, content_type="application/json", **mine
    )
    assert response.status_code == 404
    body = {"stage": "intent", "date": "2026-03-01"}
    assert (
        client.post(f"/api/promotion/leads/{other.pk}/stage", body, content_type="application/json", **mine).status_code
        == 404
    )
    body = {"date": "2026-03-05"}
    assert (
        client.post(f"/api/promotion/bids/{bid.pk}/submit", body, content_type="application/json", **mine).status_code
        == 404
    )
    body = {"name": "x", "investor": "x", "chain": "医药", "intended_investment": YI,
            "unit_id": world.units["anyang"].pk, "on": "2026-01-01"}  # fmt: skip
    assert client.post("/api/promotion/leads", body, content_type="application/json", **mine).status_code == 422
    assert Lead.objects.get(pk=other.pk).name == "铝轮毂项目" and Lead.objects.count() == 2
    assert SupportBid.objects.get(pk=bid.pk).state == "prepared"


def test_the_funnel_runs_through_the_api(world, promo, client, token_for):
    auth = token_for("macun_admin")
    lead = promo["fengying"]
    post = lambda url, body: client.post(url, body, content_type="application/json", **auth)  # noqa: E731
    response = post(f"/api/promotion/leads/{lead.pk}/stage", {"stage": "signed", "date": "2026-02-01",
                                                               "signed_investment": 20 * YI})  # fmt: skip
    assert response.status_code == 409 and "不能转为" in response.json()["detail"]
    assert (
        post(f"/api/promotion/leads/{lead.pk}/stage", {"stage": "intent", "date": "2026-02-01"}).json()["stage"]
        == "intent"
    )
    post(
        f"/api/promotion/leads/{lead.pk}/stage", {"stage": "signed", "date": "2026-03-01", "signed_investment": 20 * YI}
    )
    landed = post(f"/api/promotion/leads/{lead.pk}/land", {"date": "2026-04-01", "code": "API-1", "level": "district",
                                                           "category": "industry", "nature": "new"})  # fmt: skip
    assert landed.status_code == 201 and landed.json()["lead"]["stage"] == "landed"
    assert landed.json()["lead"]["project_id"] == landed.json()["project_id"]
    f = client.get("/api/promotion/funnel", {"start": "2026-01-01", "end": "2026-12-31", "major": True}, **auth).json()
    assert f["sentence"] == "对接洽谈2个亿元项目，意向资金28亿元，签约1个，总投资20亿元"
    assert f["mean_days"]["talks-signed"] == "50.0"
    groups = client.get("/api/promotion/funnel/groups", {"start": "2026-01-01", "end": "2026-12-31", "by": "unit"},
                        **auth).json()  # fmt: skip
    assert [(g["label"], g["rank"]) for g in groups] == [("冯营街道", 1), ("安阳城街道", 2)]


def test_bids_run_through_the_api(world, promo, client, token_for, projects):
    auth = token_for("fengying")
    body = {"title": "专精特新补助", "kind": "fund", "fund_type": "specialised", "unit_id": world.units["fengying"].pk,
            "prepared_on": "2026-02-01", "project_ids": [projects["fengying"].pk]}  # fmt: skip
    bid = client.post("/api/promotion/bids", body, content_type="application/json", **auth).json()
    assert bid["state"] == "prepared" and bid["project_ids"] == [projects["fengying"].pk]
    body["project_ids"] = [projects["anyang"].pk]
    assert client.post("/api/promotion/bids", body, content_type="application/json", **auth).status_code == 422
    url = f"/api/promotion/bids/{bid['id']}"
    client.post(url + "/submit", {"date": "2026-02-10"}, content_type="application/json", **auth)
    decided = client.post(url + "/decide", {"approved": True, "date": "2026-04-01", "amount_granted": 3 * 10**7},
                          content_type="application/json", **auth).json()  # fmt: skip
    assert decided["state"] == "approved" and decided["amount_granted"] == 3 * 10**7
    rows = client.get("/api/promotion/bid-rollup", {"start": "2026-01-01", "end": "2026-12-31"}, **auth).json()
    assert rows[-1]["label"] == "合计" and rows[-1]["granted"] == 3 * 10**7 and rows[-1]["count"] == 2
    admin = world.users["admin"]
    with acting_as(admin):
        actions.submit_bid(actor=admin, bid=promo["anyang_bid"], on=date(2026, 3, 3))
    assert client.get("/api/promotion/chains", **auth).json()[0] == "医药"
