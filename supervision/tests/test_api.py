"""The supervision API: the same actions and the same data scope as the pages."""

from datetime import date

import time_machine

from supervision.testing import set_issuer


def test_tasks_through_the_api_follow_scope_and_show_colours(world, tasks, client, token_for):
    with time_machine.travel(date(2026, 9, 30)):
        mine = client.get("/api/supervision/tasks", **token_for("fengying")).json()
        assert [(t["title"], t["colour"], t["workdays_left"]) for t in mine["items"]] == [
            ("产业园二期用地报批", "blue", 3)
        ]
        task = tasks["anyang"]
        assert client.get(f"/api/supervision/tasks/{task.pk}", **token_for("fengying")).status_code == 404
        response = client.post(
            f"/api/supervision/tasks/{task.pk}/progress",
            {"note": "越权"},
            content_type="application/json",
            **token_for("fengying"),
        )
        assert response.status_code == 404


def test_a_task_runs_through_the_api(world, projects, client, token_for):
    admin, unit = token_for("macun_admin"), token_for("fengying")
    body = {
        "title": "供电迁改",
        "source": "meeting",
        "lead_unit_id": world.units["fengying"].pk,
        "assigned_on": "2026-09-28",
        "deadline_workdays": 5,
    }
    task = client.post("/api/supervision/tasks", body, content_type="application/json", **admin).json()
    assert task["deadline"] == "2026-10-10"
    done = client.post(
        f"/api/supervision/tasks/{task['id']}/complete", {"note": "已完成"}, content_type="application/json", **unit
    )
    assert done.status_code == 201 and done.json()["kind"] == "completed"
    again = client.post(
        f"/api/supervision/tasks/{task['id']}/complete", {"note": "再次"}, content_type="application/json", **unit
    )
    assert again.status_code == 409  # the state no longer allows it
    wrong = {**body, "lead_unit_id": world.units["anyang"].pk}
    assert client.post("/api/supervision/tasks", wrong, content_type="application/json", **unit).status_code == 422


def test_targets_and_bulletins_through_the_api(world, projects, client, token_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = token_for("macun_admin")
    body = {
        "unit_id": world.units["fgw"].pk,
        "year": 2020,
        "title": "淘汰柴油货车",
        "kind": "count",
        "target_value": "463",
        "measure": "辆",
    }
    target = client.post("/api/supervision/targets", body, content_type="application/json", **admin).json()
    result = client.post(
        f"/api/supervision/targets/{target['id']}/progress",
        {"actual_value": "476"},
        content_type="application/json",
        **admin,
    ).json()
    assert result["verdict"] == "exceeded" and result["sentence"] == "476辆，超额完成"
    issued = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["macun"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **admin,
    )
    # 马村区 has no 发文设置 yet: told what to fill in, never given another unit's masthead
    assert issued.status_code == 422 and "发文机关全称" in issued.json()["detail"]
    set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name="马村区重点项目建设指挥部办公室",
               signers=[world.users["leader"]])  # fmt: skip
    issued = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["macun"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **admin,
    )
    assert issued.status_code == 201 and issued.json()["state"] == "draft" and issued.json()["number"] == ""
    # a street reads the district's bulletins once they are 印发, not its drafts
    assert client.get("/api/supervision/bulletins", **token_for("fengying")).json()["items"] == []
    listed = client.get("/api/supervision/bulletins", **admin).json()
    assert [b["id"] for b in listed["items"]] == [issued.json()["id"]]
    assert client.get("/api/supervision/targets", {"year": 2020}, **token_for("anyang")).json() == []
