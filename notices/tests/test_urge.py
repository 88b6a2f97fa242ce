"""催办 on a 督办 task: who may press it, who hears, the count on the object, the day's limit, the audit."""

import pytest
from django.urls import reverse

from core.audit import history_for
from core.context import acting_as
from notices.events import Kind
from notices.models import Notification, Urge


def urge_url(task):
    return reverse("notices:urge", args=["supervision", "supervisedtask", task.pk])


def test_a_supervisor_urges_and_the_lead_unit_hears_who_asked(
    world, tasks, client_for, django_capture_on_commit_callbacks
):
    task = tasks["fengying"]
    client = client_for(world.users["macun_admin"])
    page = client.get(task.get_absolute_url()).content.decode()
    assert urge_url(task) in page and "已催办 0 次" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urge_url(task), {"note": "请本周内报批", "next": task.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    got = {n.recipient.username: n for n in Notification.objects.filter(kind=Kind.URGED).select_related("recipient")}
    assert set(got) == {"fengying", "readonly"}
    assert "macun_admin" in got["fengying"].title and got["fengying"].body == "请本周内报批"
    assert "已催办 1 次" in client.get(task.get_absolute_url()).content.decode()
    assert "催办" in [e.verb for e in history_for(task)]
    assert Urge.objects.get().recipients == 2


def test_those_who_may_not_supervise_see_no_button_and_are_refused(world, tasks, client_for):
    task = tasks["fengying"]
    client = client_for(world.users["fengying"])  # the lead unit itself: no reviewing role
    page = client.get(task.get_absolute_url()).content.decode()
    assert urge_url(task) not in page and "已催办 0 次" in page
    assert client.post(urge_url(task)).status_code == 403
    # Outside the scope the task does not exist.
    assert client_for(world.users["anyang"]).post(urge_url(task)).status_code == 404
    assert not Urge.objects.exists()


def test_at_most_the_configured_number_a_day(world, tasks, client_for, settings):
    settings.QUZHI_URGE_LIMIT_PER_DAY = 2
    task = tasks["fengying"]
    client = client_for(world.users["macun_admin"])
    for _ in range(3):
        client.post(urge_url(task))
    assert Urge.objects.count() == 2
    page = client.get(task.get_absolute_url()).content.decode()
    assert "已催办 2 次" in page


def test_a_closed_task_is_not_urged(world, tasks, client_for):
    from supervision import actions as task_actions

    task = tasks["fengying"]
    with acting_as(world.users["fengying"]):
        task_actions.complete_task(actor=world.users["fengying"], task=task, note="已完成")
    client = client_for(world.users["macun_admin"])
    assert urge_url(task) not in client.get(task.get_absolute_url()).content.decode()
    client.post(urge_url(task))
    assert not Urge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_page_urges_with_real_transactions(client):
    """Through the page, with real commits: the message is written once the 催办 commits."""
    from org.testing import build_world
    from projects.testing import build_projects
    from supervision.testing import build_tasks

    world = build_world()
    task = build_tasks(world, build_projects(world))["anyang"]
    client.force_login(world.users["macun_admin"], backend="django.contrib.auth.backends.ModelBackend")
    client.post(urge_url(task), {"note": "速办"})
    assert [n.recipient.username for n in Notification.objects.filter(kind=Kind.URGED)] == ["anyang"]
    client.force_login(world.users["anyang"], backend="django.contrib.auth.backends.ModelBackend")
    assert 'data-unread="2"' in client.get("/").content.decode()  # the assignment, and the 催办


def test_a_case_is_urged_by_its_manager_to_its_handling_unit(
    world, types, client_for, django_capture_on_commit_callbacks
):
    from datetime import date

    from cases import actions as case_actions

    user, admin = world.users["enterprise"], world.users["macun_admin"]
    with acting_as(user):
        case = case_actions.submit_case(actor=user, case_type=types["enterprise"], title="用电增容", content="需增容",
                                        enterprise=world.enterprises["fengying"], on=date(2026, 3, 2))  # fmt: skip
    url = reverse("notices:urge", args=["cases", "case", case.pk])
    client = client_for(admin)
    assert url not in client.get(case.get_absolute_url()).content.decode()  # not dispatched: nobody to urge
    with acting_as(admin):
        case_actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"])
    assert url in client.get(case.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"note": "企业催问"})
    assert [n.recipient.username for n in Notification.objects.filter(kind=Kind.URGED)] == ["officer"]
    # The handling unit itself may not urge (it is not the case's manager).
    officer = client_for(world.users["officer"])
    assert url not in officer.get(case.get_absolute_url()).content.decode()
    assert officer.post(url).status_code == 403
