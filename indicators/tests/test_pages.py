"""Pages and API: data scope, entry, provenance, rankings and query counts."""

import io
from datetime import date
from decimal import Decimal as D

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from core.models import AuditEntry
from core.testing import count_queries, xlsx
from indicators import actions
from indicators.models import ValidationRule, Value
from indicators.periods import Period
from org.models import Unit

H1 = Period(2024, "ytd", 6)


def put(world, ind, unit, growth, level=None, period=H1, **kw):
    value, _ = actions.record_value(
        actor=world.users["admin"],
        indicator=ind,
        unit=unit,
        period=period,
        level=level,
        growth=D(growth),
        respect_lock=False,
        **kw,
    )
    return value


def test_the_dashboard_shows_figures_ranks_and_gaps(world, setup, client_for):
    gdp = setup.ind["gdp"]
    put(world, gdp, world.units["macun"], "7.8", level=D("60.1"))
    put(world, gdp, world.units["sfq"], "6.8")
    put(world, gdp, world.units["city"], "5.6")
    page = client_for(world.users["macun_admin"]).get("/indicators/", {"period": H1.key}).content.decode()
    assert "60.1" in page and "7.8%" in page and "城区组第1/2" in page and "+2.2个百分点" in page


def test_another_units_figures_stay_out_of_reach(world, setup, client_for):
    theirs = put(world, setup.ind["gdp"], world.units["sfq"], "6.8")
    mine = put(world, setup.ind["gdp"], world.units["macun"], "7.8")
    client = client_for(world.users["macun_admin"])
    sfq = world.units["sfq"].pk
    assert client.get("/indicators/", {"unit": sfq, "period": H1.key}).status_code == 404
    assert client.get("/indicators/entry/", {"unit": sfq, "period": H1.key}).status_code == 404
    assert client.post("/indicators/entry/", {"unit": sfq, "period": H1.key}).status_code == 404
    assert client.get(f"/indicators/values/{theirs.pk}/").status_code == 404
    assert client.get(f"/indicators/values/{mine.pk}/").status_code == 200
    listed = client.get("/api/indicators/values").json()["items"]
    assert [v["id"] for v in listed] == [mine.pk]
    assert client.get(f"/api/indicators/values/{theirs.pk}").status_code == 404
    r = client.post(
        "/api/indicators/values",
        {"indicator_id": setup.ind["gdp"].pk, "unit_id": sfq, "period": "2016-ytd-12", "growth": "1"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "unit_id" in r.json()["errors"]
    exported = load_workbook(io.BytesIO(client.get("/indicators/values/", {"export": "xlsx"}).content)).active
    assert [row[0] for row in exported.iter_rows(min_row=2, values_only=True) if row[0]] == ["马村区"]
    assert Value.objects.get(pk=theirs.pk).growth == D("6.8")


@time_machine.travel(date(2024, 7, 3))
def test_entry_saves_changed_figures_warns_and_blocks(world, setup, client_for):
    client = client_for(world.users["macun_admin"])
    ind, unit = setup.ind, world.units["macun"]
    page = client.get("/indicators/entry/", {"period": H1.key})
    assert page.status_code == 200 and "地区生产总值" in page.content.decode()
    typed = {"unit": unit.pk, "period": H1.key, f"level_{ind['gdp'].pk}": "60.1", f"growth_{ind['gdp'].pk}": "75"}
    r = client.post("/indicators/entry/", typed)
    assert r.status_code == 400 and "超出合理范围" in r.content.decode() and "已核实，仍按此保存" in r.content.decode()
    assert not Value.objects.filter(indicator=ind["gdp"]).exists()  # a warning is acknowledged before saving
    warning = "地区生产总值增速 75% 超出合理范围（-30% 至 60%）"
    r = client.post("/indicators/entry/", {**typed, "acknowledge": warning}, follow=True)
    value = Value.objects.get(indicator=ind["gdp"])
    assert value.growth == D("75")
    noted = AuditEntry.objects.get(object_id=str(value.pk), verb="确认校验提示")
    assert noted.after == {"level": "60.1", "growth": "75", "warnings": [warning]} and noted.actor_name
    assert ("校验提示", None, warning) in noted.labelled_changes()
    # A rule set to block blocks, acknowledged or not.
    ValidationRule.objects.filter(kind="range", indicator=ind["gdp"]).update(severity="block")
    r = client.post("/indicators/entry/", {**typed, f"growth_{ind['gdp'].pk}": "150", "acknowledge": warning})
    assert r.status_code == 400 and "150% 超出合理范围" in r.content.decode()
    assert Value.objects.get(indicator=ind["gdp"]).growth == D("75")
    put(world, ind["retail"], unit, "5", level=D("30"), period=Period(2024, "ytd", 5))
    r = client.post("/indicators/entry/", {"unit": unit.pk, "period": H1.key, f"level_{ind['retail'].pk}": "29"})
    assert r.status_code == 400 and "低于2024年1-5月的 30" in r.content.decode()
    assert not Value.objects.filter(indicator=ind["retail"], number=6).exists()
    r = client.post("/indicators/entry/", {"unit": unit.pk, "period": H1.key, f"level_{ind['gdp'].pk}": "六十"})
    assert r.status_code == 400
    assert client_for(world.users["readonly"]).post(
        "/indicators/entry/", {"unit": world.units["fengying"].pk, "period": H1.key}
    ).status_code in (403, 404)


def test_only_a_platform_administrator_reopens_a_period(world, setup, client_for):
    client = client_for(world.users["macun_admin"])
    r = client.post("/indicators/entry/reopen/", {"period": H1.key, "until": "2099-01-01", "reason": "补报"})
    assert r.status_code == 403


def test_missing_reports_list_units_and_indicators(world, setup, client_for):
    put(world, setup.ind["gdp"], world.units["macun"], "7.8")
    page = client_for(world.users["admin"]).get("/indicators/missing/", {"period": H1.key}).content.decode()
    assert "示范区" in page and "马村区" in page  # 马村区 still lacks the monthly indicators


def test_rankings_page_and_api_rank_peers_with_ties(world, setup, client_for):
    gdp = setup.ind["gdp"]
    put(world, gdp, world.units["macun"], "7.8")
    put(world, gdp, world.units["sfq"], "7.8")
    client = client_for(world.users["macun_admin"])
    rows = client.get(
        "/api/indicators/rankings", {"indicator": gdp.pk, "group": setup.group.pk, "period": H1.key}
    ).json()
    assert [(r["unit"], r["rank"]) for r in rows] == [("马村区", 1), ("示范区", 1)]
    page = client.get("/indicators/ranking/", {"indicator": gdp.pk, "group": setup.group.pk, "period": H1.key})
    assert page.status_code == 200


# What queries.dashboard reads: the catalogue, the figures (the unit's and the unit above's, this
# year and last), the unit's peer groups the user may compare in, the ranks, the targets.
DASHBOARD_QUERIES = 5


def test_it_reads_the_dashboard_in_the_same_queries_for_the_platform_and_a_district(world, setup):
    from core import scope
    from indicators import queries

    macun, city = world.units["macun"], world.units["city"]
    users = (world.users["admin"], world.users["macun_admin"])
    for user in users:
        scope.scope_of(user)  # the user's scope is read once per request, not per query

    def counts():
        return [count_queries(lambda u=u: queries.dashboard(u, macun, H1)) for u in users]

    put(world, setup.ind["gdp"], macun, "7.8")
    assert counts() == [DASHBOARD_QUERIES, DASHBOARD_QUERIES]
    for i in range(4):
        peer = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"对标区{i}", "kind": "district"})
        setup.group.members.add(peer)
        for code in ("gdp", "fai", "retail"):
            put(world, setup.ind[code], peer, str(i))
    for code in ("gdp", "fai", "retail"):
        put(world, setup.ind[code], macun, "5", level=D("10"))
        put(world, setup.ind[code], city, "4", level=D("90"))
        actions.set_target(actor=world.users["admin"], indicator=setup.ind[code], unit=macun, year=2024,
                           kind="growth", value=D("8"))  # fmt: skip
    assert counts() == [DASHBOARD_QUERIES, DASHBOARD_QUERIES]
    rows = {r.indicator.code: r for r in queries.dashboard(world.users["macun_admin"], macun, H1)}
    assert [(k.group.name, k.rank, k.size) for k in rows["fai"].ranks] == [("城区组", 1, 5)]
    assert rows["fai"].reference_gap == D("1.0") and rows["fai"].target.describe() == "增长8%"


def test_the_dashboard_query_count_does_not_grow_with_peers_figures_or_targets(world, setup):
    url, params = "/indicators/", {"unit": world.units["macun"].pk, "period": H1.key}
    put(world, setup.ind["gdp"], world.units["macun"], "7.8")
    clients = [Client(), Client()]  # the platform's administrator and the district's
    for client, name in zip(clients, ("admin", "macun_admin"), strict=True):
        client.force_login(world.users[name], backend="django.contrib.auth.backends.ModelBackend")
    small = [count_queries(lambda c=c: c.get(url, params)) for c in clients]
    city = world.units["city"]
    for i in range(6):
        peer = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": f"对标区{i}", "kind": "district"})
        setup.group.members.add(peer)
        for code in ("gdp", "fai", "retail", "budget_revenue"):
            put(world, setup.ind[code], peer, str(i))
    for code in ("gdp", "fai", "retail", "budget_revenue"):
        actions.set_target(actor=world.users["admin"], indicator=setup.ind[code], unit=world.units["macun"],
                           year=2024, kind="growth", value=D("8"))  # fmt: skip
    assert [count_queries(lambda c=c: c.get(url, params)) for c in clients] == small


def test_the_import_page_checks_then_commits(world, setup, client_for):
    client = client_for(world.users["macun_admin"])
    with time_machine.travel(date(2024, 7, 3)):
        upload = SimpleUploadedFile("快报.xlsx", xlsx(["单位", "生产总值增速"], ["马村区", 7.8]))
        r = client.post("/indicators/import/", {"period": H1.key, "file": upload})
        assert r.status_code == 200 and "检查通过" in r.content.decode()
        token = r.context["token"]
        r = client.post("/indicators/import/", {"period": H1.key, "token": token, "name": "快报.xlsx"})
        assert r.status_code == 302
        broken = SimpleUploadedFile("坏.xlsx", b"not a workbook")
        assert client.post("/indicators/import/", {"period": H1.key, "file": broken}).status_code == 400
    value = Value.objects.get()
    assert (value.growth, value.source_label) == (D("7.8"), "快报.xlsx")


def test_catalogue_is_seeded_and_only_administrators_edit_it(world, setup, client_for):
    gdp = setup.ind["gdp"]
    assert "GDP" in gdp.aliases and setup.ind["fai"].no_january and setup.ind["industry_va"].joint_jan_feb
    assert client_for(world.users["macun_admin"]).get(f"/indicators/catalogue/{gdp.pk}/edit/").status_code == 403
    client = client_for(world.users["admin"])
    form = {
        "code": "gdp",
        "name": "地区生产总值",
        "aliases": "生产总值、GDP、全区生产总值、区生产总值",
        "unit": "亿元",
        "frequency": "quarterly",
        "cumulative": "on",
        "growth_basis": "不变价",
        "rate_as_reported": "on",
        "compare_on": "growth",
        "decimals": 1,
        "order": 10,
        "is_active": "on",
    }
    assert client.post(f"/indicators/catalogue/{gdp.pk}/edit/", form).status_code == 302
    gdp.refresh_from_db()
    assert gdp.aliases[-1] == "区生产总值"


def test_the_demo_has_the_published_figures(db):
    from django.core.management import call_command

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sfq = Unit.objects.get(name="焦作城乡一体化示范区")
    gdp = Value.objects.get(unit=sfq, indicator__code="gdp", year=2016)
    assert (gdp.level, gdp.growth, gdp.is_sample, gdp.source) == (D("124.3"), D("9.9"), False, "article")
    fdi = Value.objects.get(unit=sfq, indicator__code="fdi", year=2016)
    assert (fdi.level, fdi.growth) == (D("8913"), D("5.25"))
    from indicators import queries
    from org.models import User

    admin = User.objects.get(username="admin")
    rows = {
        r.indicator.code: r for r in queries.dashboard(admin, Unit.objects.get(name="马村区"), Period(2024, "ytd", 7))
    }
    ranks = {
        code: {k.group.name: k.rank for k in rows[code].ranks}
        for code in ("fai", "retail", "industry_va", "budget_revenue")
    }
    assert ranks["fai"]["城区组"] == 1 and ranks["retail"]["城区组"] == 1 and ranks["industry_va"]["城区组"] == 2
    assert ranks["budget_revenue"]["县（市）区"] == 3
    h1 = {
        r.indicator.code: r for r in queries.dashboard(admin, Unit.objects.get(name="马村区"), Period(2024, "ytd", 6))
    }
    assert h1["techreform_share"].reference_gap == D("15.7")
    assert h1["industrial_investment"].reference_gap == D("78.7")
    assert h1["hitech_share"].change_pp == D("3.3")
    assert queries.structure_ratio(sfq, Period(2020, "ytd", 9)) == (D("4.9"), D("45.9"), D("49.1"))


def test_the_dashboard_opens_on_the_units_latest_period_and_says_so(world, setup, client_for):
    put(world, setup.ind["gdp"], world.units["macun"], "7.8")  # 2024年1-6月
    put(world, setup.ind["gdp"], world.units["sfq"], "6.1", period=Period(2024, "ytd", 7))
    page = client_for(world.users["macun_admin"]).get("/indicators/", {"unit": world.units["macun"].pk})
    text = page.content.decode()
    assert "马村区 2024年1-6月 主要经济指标" in text and "显示马村区最近有数据的报告期：2024年1-6月。" in text
