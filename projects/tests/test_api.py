from projects.models import MonthlyReport


def test_projects_follow_the_data_scope(world, projects, client, token_for):
    mine = client.get("/api/projects/projects", **token_for("fengying")).json()
    assert [p["name"] for p in mine["items"]] == ["生物医药产业园"]
    assert client.get(f"/api/projects/projects/{projects['anyang'].pk}", **token_for("fengying")).status_code == 404
    both = client.get("/api/projects/projects", {"level": "province"}, **token_for("macun_admin")).json()
    assert [p["code"] for p in both["items"]] == ["MC-2026-001"]


def test_the_report_workflow_runs_through_the_api(world, projects, client, token_for):
    unit, reviewer = token_for("fengying"), token_for("macun_admin")
    body = {"project_id": projects["fengying"].pk, "year": 2026, "month": 6, "ytd_investment": 12602 * 10**6}
    report = client.post("/api/projects/reports", body, content_type="application/json", **unit).json()
    assert report["state"] == "draft"
    assert client.post(f"/api/projects/reports/{report['id']}/submit", **unit).json()["state"] == "submitted"
    response = client.post(f"/api/projects/reports/{report['id']}/approve", **unit)
    assert response.status_code == 403  # a unit user cannot review
    assert client.post(f"/api/projects/reports/{report['id']}/approve", **reviewer).json()["state"] == "approved"
    response = client.post(f"/api/projects/reports/{report['id']}/submit", **unit)
    assert response.status_code == 409 and "不能报送" in response.json()["detail"]  # the state has moved on
    rows = client.get("/api/projects/rollups", {"year": 2026, "month": 6, "by": "level"}, **reviewer).json()
    province = next(r for r in rows if r["key"] == "province")
    assert province["completion_pct"].startswith("65.22") and province["schedule_gap_pp"].startswith("15.22")
    assert rows[-1]["label"] == "合计" and rows[-1]["count"] == 2
    assert MonthlyReport.objects.get().reviewed_by == world.users["macun_admin"]


def test_another_towns_report_cannot_be_written(world, projects, client, token_for):
    body = {"project_id": projects["anyang"].pk, "year": 2026, "month": 6, "ytd_investment": 1}
    response = client.post("/api/projects/reports", body, content_type="application/json", **token_for("fengying"))
    assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


def test_it_reads_and_writes_the_responsible_and_cooperating_units(world, projects, client, token_for):
    admin = token_for("macun_admin")
    fgw, anyang, fengying = world.units["fgw"], world.units["anyang"], world.units["fengying"]
    body = {
        "code": "MC-2026-099", "name": "协同项目", "unit_id": fengying.pk, "level": "district",
        "category": projects["fengying"].category, "nature": projects["fengying"].nature,
        "total_investment": 10**8, "responsible_unit_id": fgw.pk, "co_unit_ids": [anyang.pk],
    }  # fmt: skip
    created = client.post("/api/projects/projects", body, content_type="application/json", **admin)
    assert created.status_code == 201, created.json()
    project = created.json()
    assert project["responsible_unit_id"] == fgw.pk and project["co_unit_ids"] == [anyang.pk]
    # The cooperating unit now sees the project through its link.
    assert client.get(f"/api/projects/projects/{project['id']}", **token_for("anyang")).json()["co_unit_ids"] == [
        anyang.pk
    ]
    url = f"/api/projects/projects/{project['id']}"
    patched = client.patch(url, {"co_unit_ids": [], "name": "协同项目（改）"}, content_type="application/json", **admin)
    assert patched.json()["co_unit_ids"] == [] and patched.json()["responsible_unit_id"] == fgw.pk
    assert client.get(url, **token_for("anyang")).status_code == 404
    bad = client.patch(url, {"co_unit_ids": [999999]}, content_type="application/json", **admin)
    assert bad.status_code == 422 and "co_unit_ids" in bad.json()["errors"]
    cleared = client.patch(url, {"responsible_unit_id": None}, content_type="application/json", **admin)
    assert cleared.json()["responsible_unit_id"] is None
    listed = client.get("/api/projects/projects", {"q": "协同"}, **admin).json()["items"]
    assert listed[0]["co_unit_ids"] == [] and listed[0]["responsible_unit_id"] is None
