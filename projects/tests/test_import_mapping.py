"""Column mapping: a town's own headers mapped once, saved by name for the unit, reused next month."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from core.models import AuditEntry, ImportMapping
from projects.models import Project

HEADERS = ["编号", "工程名称", "档次", "门类", "类型", "投资总额（万元）", "备用列"]


def town_file(*rows) -> io.BytesIO:
    wb = Workbook()
    wb.active.append(["冯营街道项目表"])
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "冯营.xlsx"
    return buffer


MAPPING = {"编号": "code", "工程名称": "name", "档次": "level", "门类": "category", "类型": "nature",
           "投资总额（万元）": "total_investment", "备用列": ""}  # fmt: skip


def test_a_mapping_is_made_on_the_page_saved_and_reused(world, client_for):
    user = world.users["fengying"]
    client = client_for(user)
    page = client.post("/projects/import/", {"file": town_file(["F-1", "甲", "区重点", "工业", "新建", 100])})
    assert page.status_code == 400
    columns = dict(page.context["mapping_columns"])
    assert columns["投资总额（万元）"] == "total_investment"  # suggested from 总投资's names
    assert columns["编号"] == "" and columns["工程名称"] == ""
    # Fields the file lacks may take a constant; 所属单位 is offered as the sending unit.
    assert ("unit", "所属单位", "冯营街道") in page.context["mapping_constants"]
    form = {"token": page.context["token"], "recheck": "1", "name": "冯营.xlsx", "save_as": "冯营格式",
            "map-name": list(MAPPING), "map-field": list(MAPPING.values()), "set-unit": "冯营街道"}  # fmt: skip
    page = client.post("/projects/import/", form)
    assert page.status_code == 200, [str(e) for e in page.context["preview"].errors]
    saved = ImportMapping.objects.get()
    assert (saved.name, saved.kind, saved.unit_path) == ("冯营格式", "ledger", world.units["fengying"].path)
    assert saved.columns == MAPPING and saved.constants == {"unit": "冯营街道"}
    assert AuditEntry.objects.filter(content_type__model="importmapping", action="create").count() == 1

    # Next month: the saved mapping is offered and applied by its name alone.
    page = client.get("/projects/import/")
    assert page.context["saved_mappings"] == ["冯营格式"]
    page = client.post("/projects/import/", {"file": town_file(["F-2", "乙", "市重点", "服务业", "续建", "2,000"]),
                                             "saved_mapping": "冯营格式"})  # fmt: skip
    assert page.status_code == 200 and page.context["preview"].count("create") == 1
    confirm = {"token": page.context["token"], "map-name": list(MAPPING), "map-field": list(MAPPING.values()),
               "set-unit": "冯营街道"}  # fmt: skip
    client.post("/projects/import/", confirm)
    created = Project.objects.get(code="F-2")
    assert (created.unit, created.total_investment, created.category) == (
        world.units["fengying"],
        2 * 10**7,
        "services",
    )


def test_a_mapping_is_per_sending_unit(world, client_for):
    from core import actions
    from core.context import acting_as

    with acting_as(world.users["fengying"]):
        actions.save_import_mapping(actor=world.users["fengying"], kind="ledger", name="冯营格式", columns=MAPPING,
                                    constants={})  # fmt: skip
    page = client_for(world.users["macun_admin"]).get("/projects/import/")
    assert page.context["saved_mappings"] == []


def test_the_command_uses_a_saved_mapping(world, tmp_path):
    from core import actions
    from core.context import acting_as

    user = world.users["fengying"]
    with acting_as(user):
        actions.save_import_mapping(actor=user, kind="ledger", name="冯营格式", columns=MAPPING,
                                    constants={"unit": "冯营街道"})  # fmt: skip
    path = tmp_path / "town.xlsx"
    path.write_bytes(town_file(["F-1", "甲", "区重点", "工业", "新建", 100]).getvalue())
    out = io.StringIO()
    call_command("import_ledger", str(path), "--as", "fengying", "--mapping", "冯营格式", "--json", "--commit",
                 stdout=out)  # fmt: skip
    assert json.loads(out.getvalue())["create"] == 1
    assert Project.objects.get(code="F-1").unit == world.units["fengying"]


@pytest.mark.django_db(transaction=True)
def test_saving_a_mapping_through_the_page_commits_with_its_audit_row(client):
    """With real transactions: the mapping and its audit row are written together by the action."""
    from org.testing import build_world

    world = build_world()
    client.force_login(world.users["fengying"], backend="django.contrib.auth.backends.ModelBackend")
    page = client.post("/projects/import/", {"file": town_file(["F-1", "甲", "区重点", "工业", "新建", 100])})
    form = {"token": page.context["token"], "recheck": "1", "save_as": "冯营格式", "map-name": list(MAPPING),
            "map-field": list(MAPPING.values()), "set-unit": "冯营街道"}  # fmt: skip
    assert client.post("/projects/import/", form).status_code == 200
    saved = ImportMapping.objects.get(name="冯营格式")
    assert AuditEntry.objects.filter(content_type__model="importmapping", object_id=str(saved.pk)).count() == 1
