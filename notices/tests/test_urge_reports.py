"""催办 of a monthly report, on the 未报送 page and on a returned report's page: who may press it, who
hears, the count on the object, the day's limit, the audit; and the count in the bulletins."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from core.audit import history_for
from core.context import acting_as
from notices.events import Kind
from notices.models import Notification, Urge
from projects import actions as project_actions
from projects.models import Project
from supervision import actions as task_actions
from supervision import bulletins
from supervision.testing import set_issuer

MISSING = reverse("projects:missing-reports") + "?year=2026&month=10"


def urge_url(obj):
    return reverse("notices:urge", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def started(projects):
    Project.objects.filter(pk__in=[p.pk for p in projects.values()]).update(actual_start=date(2026, 1, 5))
    return {k: Project.objects.get(pk=p.pk) for k, p in projects.items()}


def test_a_reviewer_urges_a_missing_report_from_the_missing_page(
    world, started, client_for, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    project = started["fengying"]
    client = client_for(world.users["macun_admin"])
    page = client.get(MISSING).content.decode()
    assert urge_url(project) in page and urge_url(started["anyang"]) in page and "已催办 0 次" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urge_url(project), {"next": MISSING})
    assert response.status_code == 302 and response["Location"] == MISSING
    got = {n.recipient.username: n for n in Notification.objects.filter(kind=Kind.URGED).select_related("recipient")}
    assert set(got) == {"fengying", "readonly"}  # the project's unit; not 安阳城, not the grid below
    assert "macun_admin" in got["fengying"].title and got["fengying"].body == "请尽快报送月报。"
    assert got["fengying"].target == project
    assert "催办" in [e.verb for e in history_for(project)]
    # The list counts every row's 催办 in one query, whatever the number of rows.
    with django_assert_max_num_queries(30):
        page = client.get(MISSING).content.decode()
    assert "已催办 1 次" in page and "已催办 0 次" in page


def test_the_units_own_users_and_other_streets_cannot_urge(world, started, client_for):
    project = started["fengying"]
    own = client_for(world.users["fengying"])  # no reviewing role
    page = own.get(MISSING).content.decode()
    assert urge_url(project) not in page and "已催办 0 次" in page
    assert own.post(urge_url(project)).status_code == 403
    assert client_for(world.users["anyang"]).post(urge_url(project)).status_code == 404  # outside the scope
    assert not Urge.objects.exists()


def test_a_returned_report_is_urged_from_its_page_and_limits_hold(world, projects, client_for, settings):
    settings.QUZHI_URGE_LIMIT_PER_DAY = 2
    project = projects["fengying"]  # not started: only the returned report is outstanding
    Project.objects.filter(pk=project.pk).update(actual_start=None)
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    with acting_as(unit_user):
        report = project_actions.save_report(actor=unit_user, project=project, year=2026, month=10,
                                             ytd_investment=10**8)  # fmt: skip
        project_actions.submit_report(actor=unit_user, report=report)
    client = client_for(reviewer)
    assert urge_url(project) not in client.get(report.get_absolute_url()).content.decode()  # submitted
    with acting_as(reviewer):
        project_actions.return_report(actor=reviewer, report=report, reason="数字有误")
    page = client.get(report.get_absolute_url()).content.decode()
    assert urge_url(project) in page and "已催办 0 次" in page
    for _ in range(3):
        client.post(urge_url(project), {"note": "请今天改正"})
    assert Urge.objects.count() == 2  # the day's limit
    assert "已催办 2 次" in client.get(report.get_absolute_url()).content.decode()
    report.refresh_from_db()
    with acting_as(unit_user):
        project_actions.submit_report(actor=unit_user, report=report)
    client.post(urge_url(project))  # nothing outstanding any more: refused
    assert Urge.objects.count() == 2


def test_bulletins_show_the_urges_of_each_overdue_task(world, projects, tasks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin, reviewer = world.users["admin"], world.users["macun_admin"]
    from notices import actions as notice_actions

    with acting_as(reviewer):
        for _ in range(2):
            notice_actions.urge(actor=reviewer, obj=tasks["fengying"])
    set_issuer(reviewer, world.units["macun"], prefix="马项办", name="马村区重点项目建设指挥部办公室",
               signers=[world.users["leader"]])  # fmt: skip
    with acting_as(admin), time_machine.travel(date(2026, 10, 14)):
        bulletin = task_actions.draft_bulletin(actor=admin, kind="weekly", unit=world.units["macun"],
                                               as_of=date(2026, 10, 13))  # fmt: skip
    urges = {o["task"]: o["urges"] for o in bulletin.content["overdue"]}
    assert urges[tasks["fengying"].title] == 2 and urges[tasks["anyang"].title] == 0
    assert bulletin.content["overdue_urges"] == 2
    tables = [b for b in bulletins.blocks(bulletin.content) if getattr(b, "header", None)]
    overdue = next(t for t in tables if "催办（次）" in t.header)
    assert [r[-1] for r in overdue.rows if r[0] == tasks["fengying"].title] == ["2"]
    text = " ".join(getattr(b, "text", "") for b in bulletins.blocks(bulletin.content))
    assert "已累计催办2次" in text
