"""Bulletins: the numbers are the key-projects roll-ups; the .docx follows GB/T 9704; numbering."""

import io
from datetime import date

import pytest
import time_machine
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.context import acting_as
from projects import actions as project_actions
from projects import queries as project_queries
from supervision import actions, bulletins, gbt9704
from supervision.models import Bulletin
from supervision.testing import issue_bulletin, set_issuer

WAN = 10_000


def approve(world, project, ytd, month):
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    with acting_as(unit_user):
        report = project_actions.save_report(
            actor=unit_user, project=project, year=2026, month=month, ytd_investment=ytd
        )
        project_actions.submit_report(actor=unit_user, report=report)
    with acting_as(reviewer):
        project_actions.approve_report(actor=reviewer, report=report)


MACUN = "马村区重点项目建设指挥部办公室"


@pytest.fixture
def issuer(world):
    return set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=MACUN,
                      signers=[world.users["leader"]], copy_to="区委办公室，区政府办公室",
                      recipients="各街道办事处，区直各有关单位")  # fmt: skip


def people(world) -> dict:
    return {"drafter": world.users["macun_admin"], "reviewer": world.users["macun_admin"],
            "signer": world.users["leader"]}  # fmt: skip


@pytest.fixture
def bulletin(world, projects, tasks, settings, tmp_path, issuer):
    settings.MEDIA_ROOT = tmp_path
    settings.SOFFICE = ""  # no PDF here: tests/test_office_render.py converts with LibreOffice
    approve(world, projects["fengying"], 12602 * 10**6, month=6)  # 126.02 of 193.22 亿: 65.22 %
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_bulletin_settings(actor=admin, requirements="压实责任。\n按周调度。")
    with time_machine.travel(date(2026, 7, 20)):
        return issue_bulletin(**people(world), kind="monthly", unit=world.units["macun"], as_of=date(2026, 6, 30),
                              on=date(2026, 7, 3))  # fmt: skip


def test_the_bulletins_numbers_are_the_project_rollups(world, bulletin):
    admin = world.users["admin"]
    total = project_queries.rollup_total(admin, year=2026, month=6)
    by_unit = project_queries.rollup(admin, year=2026, month=6, by="unit", within=world.units["macun"])
    content = bulletin.content
    assert content["totals"]["ytd"] == total.ytd == 12602 * 10**6
    assert content["totals"]["plan"] == total.plan
    assert content["totals"]["completion"] == "65.22" and content["totals"]["gap"] == "15.22"
    rows = {u["unit"]: u for u in content["units"]}
    for r in by_unit:
        assert rows[r.label]["ytd"] == r.ytd and rows[r.label]["plan"] == r.plan and rows[r.label]["count"] == r.count
    assert rows["冯营街道"]["rank"] == 1 and rows["冯营街道"]["completion"] == "65.22"
    assert rows["安阳城街道"]["rank"] is None  # no plan, no 完成率, no rank
    # the task of 安阳城街道 was due 15 Sep: not overdue at the end of June
    assert content["overdue"] == []
    assert "截至6月底，马村区纳入调度的重点项目" in bulletins.summary(content)
    assert "完成年度计划的65.22%，超序时进度15.22个百分点" in bulletins.summary(content)
    # the ranking table writes each ± 序时进度 with its sign
    table = next(b for b in bulletins.blocks(content) if isinstance(b, gbt9704.Table))
    fengying = next(r for r in table.rows if r[1] == "冯营街道")
    assert fengying[-1] == "+15.22"


def test_bulletins_are_numbered_per_prefix_and_year(world, bulletin):
    second = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 13),
                            on=date(2026, 10, 14))  # fmt: skip
    assert bulletin.number == "马项办〔2026〕1号" and second.number == "马项办〔2026〕2号"
    assert "第42周" in second.title
    overdue = {o["task"]: o["workdays_over"] for o in second.content["overdue"]}
    assert overdue == {"农庄道路硬化": 16, "产业园二期用地报批": 2}  # due Sat 10 Oct: late on Mon 12 and Tue 13
    assert second.period_start == date(2026, 10, 12) and second.period_end == date(2026, 10, 13)


def test_the_page_shows_the_frozen_content_and_downloads_the_docx(world, bulletin, client_for):
    client = client_for(world.users["fengying"])  # a town reads the district's bulletin
    page = client.get(f"/supervision/bulletins/{bulletin.pk}/").content.decode()
    assert "马项办〔2026〕1号" in page and "一、各单位项目推进情况" in page and "65.22" in page
    response = client.get(f"/supervision/bulletins/{bulletin.pk}/download/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    other = client_for(world.users["grid"])  # a grid under 冯营街道 reads it too
    assert other.get(f"/supervision/bulletins/{bulletin.pk}/").status_code == 200


def test_another_district_cannot_read_the_bulletin(world, bulletin, client_for, token_for, client):
    from org.models import Role, User

    sfq_user = User.objects.create_user(
        username="sfq", password="x-Passw0rd-1", unit=world.units["sfq"], role=Role.objects.get(code="district_admin")
    )
    assert client_for(sfq_user).get(f"/supervision/bulletins/{bulletin.pk}/").status_code == 404
    assert client_for(sfq_user).get(f"/supervision/bulletins/{bulletin.pk}/download/").status_code == 404
    client.logout()
    assert client.get(f"/api/supervision/bulletins/{bulletin.pk}", **token_for("enterprise")).status_code == 404


def read_docx(bulletin) -> Document:
    return Document(io.BytesIO(bulletin.document.read()))


def east_asian(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_the_docx_has_the_gbt9704_page_grid_and_fonts(bulletin):
    doc = read_docx(bulletin)
    section = doc.sections[0]
    # Word stores lengths in twips (1/20 pt): compare there.
    stored = [
        x.twips
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert stored == [Mm(n).twips for n in (210, 297, 37, 35, 28, 26)] == [11906, 16838, 2098, 1984, 1587, 1474]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm ÷ 22 lines
    assert grid.get(qn("w:charSpace")) == str(gbt9704.CHAR_SPACE)
    line = 28 * (16 + gbt9704.CHAR_SPACE / 4096)  # 28 characters of 16 pt and their spacing
    block = (stored[0] - stored[4] - stored[5]) / 20  # the stored text block: 156 mm in whole twips
    assert line <= block and line == pytest.approx(block, abs=0.1)
    paragraphs = doc.paragraphs
    number = next(p for p in paragraphs if p.text == "马项办〔2026〕1号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = next(p for p in paragraphs if p.text == bulletin.title)
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = next(p for p in paragraphs if p.text.startswith("截至6月底"))
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert [h.text[:2] for h in headings][:3] == ["一、", "二、", "三、"]
    assert all(east_asian(h.runs[0]) == "黑体" and h.runs[0].font.size == Pt(16) for h in headings)
    assert any(p.text == "2026年7月3日" and p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in paragraphs)


def test_the_docx_numbers_odd_pages_right_and_even_pages_left(bulletin):
    doc = read_docx(bulletin)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align and p.text.startswith("— ") and p.text.endswith(" —")
        instructions = [i.text.strip() for i in p._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert {east_asian(r) for r in p.runs} == {"宋体"} and {r.font.size for r in p.runs} == {Pt(14)}


def test_heading_levels_number_and_restart():
    blocks = [
        gbt9704.Heading(1, "甲"),
        gbt9704.Heading(2, "子"),
        gbt9704.Heading(2, "丑"),
        gbt9704.Heading(3, "细"),
        gbt9704.Heading(4, "末"),
        gbt9704.Heading(1, "乙"),
        gbt9704.Heading(2, "寅"),
    ]
    data = gbt9704.render(
        gbt9704.OfficialDocument(
            issuer="",
            number="X〔2026〕3号",
            title="标题",
            recipients="",
            blocks=blocks,
            signer="某办",
            date=date(2026, 5, 8),
        )
    )
    doc = Document(io.BytesIO(data))
    texts = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert texts == [
        ("Heading 1", "一、甲"),
        ("Heading 2", "（一）子"),
        ("Heading 2", "（二）丑"),
        ("Heading 3", "1.细"),
        ("Heading 4", "（1）末"),
        ("Heading 1", "二、乙"),
        ("Heading 2", "（一）寅"),
    ]
    fonts = {p.style.name: east_asian(p.runs[0]) for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert fonts == {
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Heading 3": "仿宋_GB2312",
        "Heading 4": "仿宋_GB2312",
    }
    assert next(p for p in doc.paragraphs if p.text == "1.细").runs[0].font.bold


def test_the_scheduled_bulletin_is_drafted_once_per_week(world, projects, tasks, settings, tmp_path, issuer):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_bulletin_settings(actor=admin, schedule_unit=world.units["macun"], schedule_user=admin)
    with time_machine.travel(date(2026, 10, 19)):  # Monday: the week of 12–18 Oct
        call_command("issue_bulletin")
        call_command("issue_bulletin")
    issued = list(Bulletin.objects.all())
    assert len(issued) == 1 and issued[0].created_by == admin
    assert issued[0].state == "draft" and issued[0].number == ""  # numbered only at 签发
    assert (issued[0].period_start, issued[0].period_end) == (date(2026, 10, 12), date(2026, 10, 18))


def test_the_bulletin_ranks_units_on_service_cases_once_there_are_cases(world, projects, settings, tmp_path, issuer):
    from cases import actions as case_actions
    from cases.queries import metrics_by_unit
    from cases.testing import build_cases_world, dispatched_complaint

    settings.MEDIA_ROOT = tmp_path
    types = build_cases_world(world)
    admin = world.users["admin"]
    late = dispatched_complaint(world, types, title="路灯不亮", content="夜间无照明", on=date(2026, 9, 1))
    with acting_as(admin):
        case_actions.sign(actor=admin, case=late, on=date(2026, 9, 2))  # then 13 working days to handle it
        bulletin = actions.draft_bulletin(
            actor=admin, kind="monthly", unit=world.units["macun"], as_of=date(2026, 9, 30)
        )
    rows, _total = metrics_by_unit(admin, start=date(2026, 1, 1), end=date(2026, 9, 30), as_of=date(2026, 9, 30))
    section = bulletin.content["cases"]
    assert [(r["unit"], r["cases"]) for r in section["units"]] == [(r.unit.name, r.metrics.cases) for r in rows]
    first = section["units"][0]
    assert first["unit"] == "发改委" and first["sign_rate"] == "100.00" and first["close_rate"] == "0.00"  # still open
    assert "服务事项办理情况" in "".join(getattr(b, "text", "") for b in bulletins.blocks(bulletin.content))
