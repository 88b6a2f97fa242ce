"""A task's 配合单位 report progress and its 督办领导 reads it; neither reaches another task."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.context import acting_as
from org.models import Role
from org.testing import PASSWORD
from supervision import actions


@pytest.fixture
def cooperated(world, tasks, settings, tmp_path):
    """安阳城街道's task gets 冯营街道 as a 配合单位 and an attachment; 冯营街道's own task is untouched."""
    settings.MEDIA_ROOT = tmp_path
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_task(actor=admin, task=tasks["anyang"], co_units=[world.units["fengying"]])
        upload = SimpleUploadedFile("会议纪要.txt", "协调会纪要".encode(), content_type="text/plain")
        update = actions.add_progress(actor=admin, task=tasks["anyang"], note="已协调", attachment=upload)
    return {"task": tasks["anyang"], "update": update}


def _titles(client) -> set[str]:
    content = client.get("/supervision/", {"export": "xlsx"}).content
    return {str(row[0]) for row in load_workbook(io.BytesIO(content)).active.values}


def test_it_lets_a_cooperating_unit_see_and_report_progress_but_not_close(world, tasks, cooperated, client_for,
                                                                          token_for):  # fmt: skip
    task = cooperated["task"]
    # 安阳城's user sees its task; 冯营街道 now does too, as 配合单位.
    client, headers = client_for(world.users["fengying"]), token_for("fengying")
    assert client.get(f"/supervision/{task.pk}/").status_code == 200
    assert task.title in _titles(client)
    assert client.get(f"/supervision/attachments/{cooperated['update'].pk}/").status_code == 200
    assert client.get(f"/api/supervision/tasks/{task.pk}", **headers).status_code == 200
    out = client.post(f"/api/supervision/tasks/{task.pk}/progress", {"note": "道路已招标", "progress_pct": 50},
                      content_type="application/json", **headers)  # fmt: skip
    assert out.status_code == 201
    done = client.post(f"/api/supervision/tasks/{task.pk}/complete", {"note": "完成"},
                       content_type="application/json", **headers)  # fmt: skip
    assert done.status_code == 403  # the lead unit closes the task
    page = client.get(f"/supervision/{task.pk}/").content.decode()
    assert "保存进展" in page and f"/supervision/{task.pk}/complete/" not in page


def test_it_does_not_leak_a_task_without_the_link(world, tasks, client_for, token_for):
    task = tasks["anyang"]
    client, headers = client_for(world.users["fengying"]), token_for("fengying")
    assert client.get(f"/supervision/{task.pk}/").status_code == 404
    assert task.title not in _titles(client)
    assert client.get(f"/api/supervision/tasks/{task.pk}", **headers).status_code == 404
    titles = {t["title"] for t in client.get("/api/supervision/tasks", **headers).json()["items"]}
    assert titles == {tasks["fengying"].title}
    out = client.post(f"/api/supervision/tasks/{task.pk}/progress", {"note": "x"}, content_type="application/json",
                      **headers)  # fmt: skip
    assert out.status_code == 404


def test_it_lets_the_supervising_leader_read_only_their_tasks(world, tasks, client_for):
    # 李四 supervises 安阳城街道's task; his account is in 示范区, outside both tasks' units.
    user = get_user_model().objects.create_user(
        username="lisi", password=PASSWORD, role=Role.objects.get(code="unit_user"), unit=world.units["sfq"],
        person=world.people["anyang"],
    )  # fmt: skip
    client = client_for(user)
    assert client.get(f"/supervision/{tasks['anyang'].pk}/").status_code == 200
    assert client.get(f"/supervision/{tasks['fengying'].pk}/").status_code == 404
    assert _titles(client) >= {tasks["anyang"].title} and tasks["fengying"].title not in _titles(client)
    assert "保存进展" not in client.get(f"/supervision/{tasks['anyang'].pk}/").content.decode()
