"""Excel: units × indicators for a period, dry run with row/column errors, all or nothing."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from openpyxl import Workbook

from core.testing import xlsx
from indicators import imports
from indicators.models import Value
from indicators.periods import Period

H1 = Period(2024, "ytd", 6)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(date(2024, 7, 3)):  # before the 上半年 deadline
        yield


def test_it_imports_levels_in_the_headers_unit_and_rates(world, setup):
    data = xlsx(
        ["单位", "生产总值（万元）", "GDP增速（%）", "社零（亿元）", "社零增速"],
        ["马村区", 601000, 7.8, "22.5", "6.1"],
        ["示范区", 702300, 6.8, None, None],
    )
    done = imports.commit(world.users["admin"], data, H1, label="上半年快报.xlsx")
    assert done.count == 3
    gdp = Value.objects.get(indicator__code="gdp", unit=world.units["macun"])
    assert (gdp.level, gdp.growth) == (D("60.1"), D("7.8"))  # 601000 万元 → 60.1 亿元
    assert (gdp.source, gdp.source_label, gdp.source_row) == ("import", "上半年快报.xlsx", 2)
    assert Value.objects.get(indicator__code="retail").level == D("22.5")


def test_a_dry_run_names_row_and_column_and_nothing_is_written(world, setup):
    data = xlsx(
        ["单位", "生产总值（亿元）", "生产总值增速（%）", "进出口总值（亿元）"],
        ["马村区", "六十", 7.8, None],
        ["示范区", 70, 6.8, 1],
        ["不存在区", 1, 1, None],
        ["马村区", 1, 1, None],
    )
    preview = imports.dry_run(world.users["admin"], data, H1)
    assert [str(e) for e in preview.errors] == [
        "第2行「生产总值（亿元）」：“六十”不是数字",
        "第3行「进出口总值（亿元）」：单位“亿元”不能换算为“万美元”",
        "第4行「单位」：“不存在区”不是您数据权限范围内的单位",
        "第5行「单位」：与第2行是同一单位",
    ]
    with pytest.raises(imports.ImportFailed):
        imports.commit(world.users["admin"], data, H1)
    assert not Value.objects.exists()


def test_units_outside_the_scope_are_refused(world, setup):
    data = xlsx(["单位", "生产总值增速"], ["示范区", 6.8])
    preview = imports.dry_run(world.users["macun_admin"], data, H1)
    assert [str(e) for e in preview.errors] == ["第2行「单位」：“示范区”不是您数据权限范围内的单位"]


def test_a_blocking_rule_fails_the_whole_file(world, setup):
    from indicators import actions

    actions.record_value(
        actor=world.users["admin"],
        indicator=setup.ind["retail"],
        unit=world.units["sfq"],
        period=Period(2024, "ytd", 5),
        level=D("30"),
        growth=None,
        respect_lock=False,
    )
    data = xlsx(["单位", "社零（亿元）"], ["马村区", 22], ["示范区", 29])
    with pytest.raises(imports.ImportFailed) as failed:
        imports.commit(world.users["admin"], data, H1)
    assert [str(e) for e in failed.value.preview.errors] == [
        "第3行「社会消费品零售总额（亿元）」：社会消费品零售总额累计值 29 低于2024年1-5月的 30"
    ]
    assert not Value.objects.filter(year=2024, number=6).exists()


def test_a_locked_period_is_refused(world, setup):
    with time_machine.travel(date(2024, 8, 1)):
        preview = imports.dry_run(world.users["admin"], xlsx(["单位", "生产总值增速"], ["马村区", 7]), H1)
    assert "已过报送截止时间并锁定" in str(preview.errors[0])


def test_export_then_import_changes_nothing(world, setup, client_for):
    imports.commit(world.users["admin"], xlsx(["单位", "生产总值（亿元）", "生产总值增速"], ["马村区", 60.1, 7.8]), H1)
    exported = client_for(world.users["macun_admin"]).get("/indicators/export/", {"period": H1.key}).content
    before = list(Value.objects.values_list("level", "growth", "updated_at"))
    preview = imports.dry_run(world.users["macun_admin"], exported, H1)
    assert preview.ok, [str(e) for e in preview.errors]
    imports.commit(world.users["macun_admin"], exported, H1)
    assert list(Value.objects.values_list("level", "growth", "updated_at")) == before


def test_it_reads_a_table_laid_out_with_a_title_and_merged_headers(world, setup):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年上半年主要经济指标"])
    ws.append(["单位", "生产总值（亿元）", None, "社零（亿元）", None])
    ws.append([None, "绝对值", "增速", "绝对值", "增速"])
    for ref in ("A1:E1", "A2:A3", "B2:C2", "D2:E2"):
        ws.merge_cells(ref)
    ws.append(["马村区", 60.1, 7.8, 22.5, 6.1])
    ws.append(["示范区", 70.23, 6.8, None, None])
    ws.append(["注：增速为同比。"])
    buffer = io.BytesIO()
    wb.save(buffer)
    preview = imports.dry_run(world.users["admin"], buffer.getvalue(), H1)
    assert preview.ok, [str(e) for e in preview.errors]
    done = imports.commit(world.users["admin"], buffer.getvalue(), H1, label="快报.xlsx")
    assert done.count == 3
    gdp = Value.objects.get(indicator__code="gdp", unit=world.units["macun"])
    assert (gdp.level, gdp.growth, gdp.source_row) == (D("60.1"), D("7.8"), 4)
    retail = Value.objects.get(indicator__code="retail")
    assert (retail.level, retail.growth) == (D("22.5"), D("6.1"))


def test_the_page_maps_a_units_own_headers_saves_the_mapping_and_reuses_it(world, setup, client_for):
    """A district's own table: 「地区」 is 单位 anyway, 「全区GDP（亿元）」 is mapped by hand once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import ImportMapping

    client = client_for(world.users["macun_admin"])
    data = xlsx(["地区", "全区GDP（亿元）", "全区GDP增幅（%）", "备注"], ["马村区", 60.1, 7.8, "快报"])
    page = client.post("/indicators/import/", {"period": H1.key, "file": SimpleUploadedFile("快报.xlsx", data)})
    columns = dict(page.context["mapping_columns"])
    assert columns["地区"] == "unit" and columns["全区GDP（亿元）"] == ""
    assert "全区GDP（亿元）" in page.context["mapping_unmapped"]
    gdp = next(f for f, label in page.context["mapping_fields"] if label == "地区生产总值")
    mapping = {**columns, "全区GDP（亿元）": gdp, "全区GDP增幅（%）": gdp.replace("level:", "growth:")}
    form = {"token": page.context["token"], "recheck": "1", "period": H1.key, "save_as": "区快报",
            "map-name": list(mapping), "map-field": list(mapping.values())}  # fmt: skip
    page = client.post("/indicators/import/", form)
    assert page.status_code == 200 and page.context["preview"].count == 1, page.context["preview"].errors
    assert ImportMapping.objects.get(kind="indicators").name == "区快报"
    again = {"period": H1.key, "file": SimpleUploadedFile("快报.xlsx", data), "saved_mapping": "区快报"}
    page = client.post("/indicators/import/", again)
    assert page.status_code == 200 and page.context["preview"].count == 1
    confirm = {"token": page.context["token"], "period": H1.key, "saved_mapping": "区快报", "name": "快报.xlsx"}
    assert client.post("/indicators/import/", confirm).status_code == 302
    value = Value.objects.get(indicator__code="gdp", unit=world.units["macun"])
    assert (value.level, value.growth) == (D("60.1"), D("7.8"))
