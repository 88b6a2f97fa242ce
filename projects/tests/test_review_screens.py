"""The report page and the review queue as a reviewer uses them: act where the report is, compare a
correction with the version it corrects, see every text of a submitted row, approve several at once."""

import re

import pytest

from core.audit import history_for
from core.context import acting_as
from projects import actions
from projects.choices import ReportState
from projects.models import MonthlyReport

WAN = 10_000
PERIOD = {"year": 2026, "month": 6}


def submitted(world, project, *, user="fengying", month=6, **figures):
    actor = world.users[user]
    with acting_as(actor):
        report = actions.save_report(actor=actor, project=project, year=2026, month=month, **figures)
        return actions.submit_report(actor=actor, report=report)


def test_it_shows_review_buttons_on_the_report_page_only_to_who_may_review(world, projects, client_for):
    report = submitted(world, projects["fengying"], ytd_investment=100 * WAN)
    page = client_for(world.users["macun_admin"]).get(report.get_absolute_url()).content.decode()
    assert f'action="/projects/reports/{report.pk}/approve/"' in page
    assert f'action="/projects/reports/{report.pk}/return/"' in page
    # The submitter cannot review (no button), nor can anyone once it is approved.
    assert "/approve/" not in client_for(world.users["fengying"]).get(report.get_absolute_url()).content.decode()
    response = client_for(world.users["macun_admin"]).post(f"/projects/reports/{report.pk}/approve/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert "/approve/" not in client_for(world.users["macun_admin"]).get(report.get_absolute_url()).content.decode()


def test_it_shows_a_correction_beside_the_version_it_corrects(world, projects):
    from django.test import Client

    first = submitted(world, projects["fengying"], ytd_investment=100 * WAN, monthly_investment=20 * WAN,
                      problems="征地未完成")  # fmt: skip
    reviewer, user = world.users["macun_admin"], world.users["fengying"]
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=first)
    with acting_as(user):
        second = actions.start_correction(actor=user, report=first)
        actions.save_report(actor=user, project=projects["fengying"], year=2026, month=6, ytd_investment=120 * WAN)
        actions.submit_report(actor=user, report=MonthlyReport.objects.get(pk=second.pk))
    client = Client()
    client.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(second.get_absolute_url()).content.decode()
    assert "上一版（第1版）" in page and "本版（第2版）" in page
    rows = re.findall(r"<tr( class=\"table-warning\"[^>]*)?><th scope=\"row\">(.*?)</th>(.*?)</tr>", page, re.S)
    by_label = {re.sub(r"<[^>]+>|（万元）", "", label).strip(): (bool(mark), cells) for mark, label, cells in rows}
    changed, cells = by_label["年初至报告期累计"]
    assert changed and "120.00" in cells and "100.00" in cells
    assert by_label["本月完成投资"][0] is False  # unchanged: copied from the first version
    assert by_label["存在问题"][0] is False and "征地未完成" in by_label["存在问题"][1]


def test_it_shows_problems_and_next_steps_of_submitted_rows(world, projects, client_for):
    submitted(world, projects["fengying"], ytd_investment=100 * WAN, progress="主体封顶", problems="电力接入滞后",
              next_steps="协调供电公司")  # fmt: skip
    page = client_for(world.users["fengying"]).get("/projects/reports/", PERIOD).content.decode()
    assert "主体封顶" in page and "电力接入滞后" in page and "协调供电公司" in page


def test_the_entry_page_with_errors_keeps_the_deadline(world, projects, client_for):
    p = projects["fengying"].pk
    response = client_for(world.users["fengying"]).post(
        "/projects/reports/", {**PERIOD, f"{p}-ytd_investment": "一百", "save": ""}
    )
    assert response.status_code == 400
    assert "报送截止：2026年7月7日" in response.content.decode()


def test_it_approves_several_reports_at_once_each_with_its_audit_row(world, projects, client_for):
    one = submitted(world, projects["fengying"], ytd_investment=100 * WAN)
    two = submitted(world, projects["anyang"], user="anyang", ytd_investment=50 * WAN)
    client = client_for(world.users["macun_admin"])
    queue = client.get("/projects/reports/review/").content.decode()
    assert "批量通过" in queue and f'name="report" value="{one.pk}"' in queue
    response = client.post("/projects/reports/review/batch/", {"report": [one.pk, two.pk]}, follow=True)
    assert "已批量审核通过 2 份报告" in response.content.decode()
    for report in (one, two):
        report.refresh_from_db()
        assert report.state == ReportState.APPROVED and report.reviewed_by == world.users["macun_admin"]
        assert [e.verb for e in history_for(report).order_by("id")][-1] == "审核通过"


def test_a_batch_with_one_report_that_cannot_pass_approves_none(world, projects, client_for):
    one = submitted(world, projects["fengying"], ytd_investment=100 * WAN)
    own = submitted(world, projects["anyang"], user="macun_admin", ytd_investment=50 * WAN)
    client = client_for(world.users["macun_admin"])
    queue = client.get("/projects/reports/review/").content.decode()
    assert f'value="{own.pk}"' not in queue and f"/reports/{own.pk}/approve/" not in queue  # own: no box, no button
    response = client.post("/projects/reports/review/batch/", {"report": [one.pk, own.pk]}, follow=True)
    page = response.content.decode()
    assert "不能审核自己报送的报告" in page and "茁成生态农庄二期" in page and "均未通过" in page
    one.refresh_from_db()
    assert one.state == ReportState.SUBMITTED
    assert "审核通过" not in [e.verb for e in history_for(one)]


def test_a_batch_of_nothing_says_so(world, projects, client_for):
    response = client_for(world.users["macun_admin"]).post("/projects/reports/review/batch/", follow=True)
    assert "请先勾选要通过的报告" in response.content.decode()


@pytest.mark.parametrize("user", ["fengying", "readonly"])
def test_who_may_not_review_is_refused_a_batch(world, projects, client_for, user):
    one = submitted(world, projects["fengying"], user="macun_admin", ytd_investment=100 * WAN)
    client_for(world.users[user]).post("/projects/reports/review/batch/", {"report": [one.pk]})
    one.refresh_from_db()
    assert one.state == ReportState.SUBMITTED
