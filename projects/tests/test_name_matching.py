"""Rows without a 项目代码: matched by name within their unit, exact first, close names confirmed."""

import io

from core.context import acting_as
from core.testing import xlsx
from projects import actions, imports
from projects.models import Project

HEADERS = ["项目名称", "项目级别", "行业类别", "建设性质", "所属单位", "总投资（万元）"]


def book(*rows) -> bytes:
    return xlsx(HEADERS, *rows, title="冯营街道")


def row(name, total=100, unit="冯营街道"):
    return [name, "区重点", "工业", "新建", unit, total]


def test_exact_names_match_and_close_names_wait_for_the_user(world, projects):
    admin = world.users["macun_admin"]
    with acting_as(admin):
        plant = actions.create_project(
            actor=admin, unit=world.units["fengying"], code="FY-9", name="冯营污水处理厂",
            level="district", category="industry", nature="new", total_investment=10**6,
        )  # fmt: skip
    user = world.users["fengying"]
    data = book(row("生物医药产业园", 200), row("冯营污水处理厂（一期）项目"), row("全新的厂房"))
    preview = imports.dry_run(user, data)
    assert [(p.number, p.code, p.action) for p in preview.plans] == [(2, "MC-2026-001", "update")]
    assert [(p.row, p.name, [c[2] for c in p.candidates]) for p in preview.pending] == [
        (3, "冯营污水处理厂（一期）项目", ["FY-9"]),
        (4, "全新的厂房", []),
    ]
    assert [(e.row, e.column) for e in preview.errors] == [(3, "项目名称"), (4, "项目名称")]
    assert "「冯营污水处理厂」" in preview.errors[0].message and "新建" in preview.errors[1].message
    # Nothing new without the user's word: the commit refuses the whole file.
    try:
        imports.commit(user, data)
        raise AssertionError("the commit should wait for the answers")
    except imports.ImportFailed:
        pass
    assert Project.objects.count() == 3

    answers = {"冯营街道|3": str(plant.pk), "冯营街道|4": imports.NEW}
    preview = imports.dry_run(user, data, matches=answers)
    assert preview.ok and [p.action for p in preview.plans] == ["update", "update", "create"]
    with acting_as(user):
        imports.commit(user, data, matches=answers)
    plant.refresh_from_db()
    assert plant.total_investment == 100 * 10_000 and plant.name == "冯营污水处理厂（一期）项目"
    new = Project.objects.get(name="全新的厂房")
    assert new.code.startswith("待编码-") and new.unit == world.units["fengying"]
    assert Project.objects.get(code="MC-2026-001").total_investment == 200 * 10_000


def test_names_are_matched_only_among_the_users_projects(world, projects):
    user = world.users["fengying"]
    # 茁成生态农庄二期 is 安阳城街道's: not offered, and its unit is refused.
    preview = imports.dry_run(user, book(row("茁成生态农庄二期", unit="冯营街道")))
    assert [p.candidates for p in preview.pending] == [[]]
    preview = imports.dry_run(user, book(row("茁成生态农庄二期", unit="安阳城街道")), matches={"冯营街道|2": "new"})
    [error] = preview.errors
    assert (error.row, error.column) == (2, "所属单位")


def test_the_page_asks_and_the_answer_is_carried_to_the_commit(world, projects, client_for):
    client = client_for(world.users["fengying"])
    upload = io.BytesIO(book(row("全新的厂房")))
    upload.name = "冯营.xlsx"
    page = client.post("/projects/import/", {"file": upload})
    assert page.status_code == 400 and [p.key for p in page.context["preview"].pending] == ["冯营街道|2"]
    assert 'name="match-冯营街道|2" value="new"' in page.content.decode()
    token = page.context["token"]
    page = client.post("/projects/import/", {"token": token, "recheck": "1", "match-冯营街道|2": "new"})
    assert page.status_code == 200 and page.context["preview"].count("create") == 1
    assert 'name="match-冯营街道|2" value="new"' in page.content.decode()  # carried by the confirm form
    client.post("/projects/import/", {"token": token, "match-冯营街道|2": "new"})
    assert Project.objects.filter(name="全新的厂房").exists()
