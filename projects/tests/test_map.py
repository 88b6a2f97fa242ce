"""项目一张图: the boundary package, uploaded boundaries, coordinates on the form, the map page."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.context import acting_as
from projects import actions, geo, queries
from projects.models import DistrictMap, Project
from projects.tests.test_pages import PERIOD, approve

DISTRICTS = {"马村区", "解放区", "山阳区", "中站区"}


def square(name: str, west: float, south: float, size: float = 0.1) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode()


def shaped(kind: str, coordinates) -> bytes:
    """A file of one area named 甲 with the geometry given."""
    return collection({**square("甲", 113, 35), "geometry": {"type": kind, "coordinates": coordinates}})


def test_it_reads_the_package_boundaries_of_jiaozuo():
    found = queries.packaged_boundary("焦作市")
    assert found is not None and set(geo.names(found)) >= DISTRICTS
    macun = geo.feature(found, "马村区")["geometry"]
    assert geo.contains(macun, 113.32, 35.26)  # around 马村区's seat
    assert not geo.contains(macun, 113.08, 34.94)  # 温县
    lon, lat = geo.point_inside(macun, seed="MC-001")
    assert geo.contains(macun, lon, lat) and (lon, lat) == geo.point_inside(macun, seed="MC-001")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "不是有效的 GeoJSON"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (collection(), "没有区域"),
        (collection({"type": "Feature", "properties": {}, "geometry": square("x", 113, 35)["geometry"]}), "没有名称"),
        (shaped("Point", [113, 35]), "Polygon"),
        (collection(square("甲", 200, 35)), "第1个区域（甲）有坐标 (200"),
        (shaped("Polygon", [[["a", "b"]] * 4]), "坐标格式"),
        (shaped("Polygon", [[[113, 35]]]), "少于 4"),
    ],
)
def test_it_refuses_a_bad_boundary_file_naming_the_area(data, message):
    with pytest.raises(geo.BoundaryError, match=message.replace("(", r"\(")):
        geo.validate(data)


def test_an_administrator_uploads_a_boundary_that_the_map_then_uses(world, client_for):
    client = client_for(world.users["admin"])
    upload = SimpleUploadedFile("macun.geojson", collection(square("马村区", 113.3, 35.2)))
    assert client.post("/projects/map/boundary/", {"name": "马村区测绘", "file": upload}).status_code == 302
    assert DistrictMap.objects.get().uploaded_by == world.users["admin"]
    boundary = queries.district_boundary(world.users["macun_admin"])
    assert geo.names(boundary.collection) == ["马村区"] and boundary.focus == "马村区"
    bad = client.post("/projects/map/boundary/", {"name": "x", "file": SimpleUploadedFile("x.json", b"{}")})
    assert bad.status_code == 400 and "FeatureCollection" in bad.content.decode()
    big = SimpleUploadedFile("big.json", b" " * (actions.MAX_MAP_BYTES + 1))
    assert "文件过大" in client.post("/projects/map/boundary/", {"name": "x", "file": big}).content.decode()
    assert DistrictMap.objects.count() == 1
    assert client_for(world.users["macun_admin"]).get("/projects/map/boundary/").status_code == 403


def form_data(project: Project, **changes) -> dict:
    data = {
        "code": project.code, "name": project.name, "level": project.level, "category": project.category,
        "nature": project.nature, "unit": project.unit_id, "total_investment": "103",
    }  # fmt: skip
    return {**data, **changes}


def test_coordinates_are_typed_on_the_project_form_and_bounded(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    p = projects["fengying"]
    page = client.get(f"/projects/{p.pk}/edit/").content.decode()
    assert 'id="coordinate-picker"' in page and 'id="picker-data"' in page
    ok = client.post(f"/projects/{p.pk}/edit/", form_data(p, longitude="113.331165", latitude="35.224618"))
    assert ok.status_code == 302
    p.refresh_from_db()
    assert (p.longitude, p.latitude) == (Decimal("113.331165"), Decimal("35.224618"))
    detail = client.get(f"/projects/{p.pk}/").content.decode()
    assert "东经 113.331165°，北纬 35.224618°" in detail and f"/projects/map/?q={p.code}" in detail
    far = client.post(f"/projects/{p.pk}/edit/", form_data(p, longitude="200", latitude="35.2")).content.decode()
    assert "经度" in far and "136" in far
    half = client.post(f"/projects/{p.pk}/edit/", form_data(p, longitude="113.3", latitude="")).content.decode()
    assert "经度和纬度应同时填写或同时留空" in half


def place(world, projects):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_project(actor=admin, project=projects["fengying"], longitude=Decimal("113.331"),
                               latitude=Decimal("35.2246"))  # fmt: skip
        actions.update_project(actor=admin, project=projects["anyang"], longitude=Decimal("113.36"),
                               latitude=Decimal("35.30"))  # fmt: skip


def test_the_map_shows_the_projects_of_the_scope_filtered_as_the_ledger(world, projects, client_for):
    place(world, projects)
    client = client_for(world.users["macun_admin"])
    data = client.get("/projects/map/", PERIOD).context["data"]
    assert {p["name"] for p in data["points"]} == {"生物医药产业园", "茁成生态农庄二期"}
    assert data["focus"] == "马村区" and set(geo.names(data["geo"])) >= DISTRICTS
    assert all(geo.contains_any(data["geo"], *p["value"]) for p in data["points"])
    by_unit = client.get("/projects/map/", {**PERIOD, "unit": world.units["anyang"].pk}).context["data"]
    assert [p["name"] for p in by_unit["points"]] == ["茁成生态农庄二期"]
    searched = client.get("/projects/map/", {**PERIOD, "q": "生物"}).context["data"]
    assert [p["name"] for p in searched["points"]] == ["生物医药产业园"]
    street = client_for(world.users["fengying"]).get("/projects/map/", PERIOD).context["data"]
    assert [p["name"] for p in street["points"]] == ["生物医药产业园"]


def test_the_map_filters_by_warning_colour(world, projects, client_for):
    from datetime import date

    place(world, projects)
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_project(actor=admin, project=projects["anyang"], planned_start=date(2026, 1, 15))
    approve(world, projects["fengying"], 12602 * 10**6)
    client = client_for(world.users["macun_admin"])
    red = client.get("/projects/map/", {**PERIOD, "colour": "red"})
    assert [p["name"] for p in red.context["data"]["points"]] == ["茁成生态农庄二期"]
    assert red.context["data"]["points"][0]["colour"] == "red"


def test_the_map_page_queries_are_bounded(world, projects, client_for, django_assert_max_num_queries):
    place(world, projects)
    admin = world.users["admin"]
    with acting_as(admin):  # more rows, the same number of queries
        for n in range(5):
            actions.create_project(
                actor=admin, unit=world.units["fengying"], code=f"MC-X-{n}", name=f"项目{n}", level="district",
                category="industry", nature="new", total_investment=10**8, longitude=Decimal("113.33"),
                latitude=Decimal(f"35.2{n}"),
            )  # fmt: skip
    client = client_for(world.users["macun_admin"])
    client.get("/projects/map/", PERIOD)
    with django_assert_max_num_queries(22):
        page = client.get("/projects/map/", PERIOD)
    assert len(page.context["data"]["points"]) == 7


def test_demo_projects_are_placed_inside_their_district(world, projects):
    from projects import demo

    admin = world.users["admin"]
    with acting_as(admin):  # the codes of demo projects; the demo places only its own
        actions.update_project(actor=admin, project=projects["fengying"], code="MC-001")
        actions.update_project(actor=admin, project=projects["anyang"], code="MC-005")
        demo._place(admin)
    found = queries.packaged_boundary("焦作市")
    macun = geo.feature(found, "马村区")["geometry"]
    for p in Project.objects.all():
        assert geo.contains(macun, float(p.longitude), float(p.latitude)), p.name


def test_the_api_reads_and_writes_bounded_coordinates(world, projects, client, token_for):
    admin = token_for("macun_admin")
    url = f"/api/projects/projects/{projects['fengying'].pk}"
    body = {"longitude": "113.331165", "latitude": "35.224618"}
    patched = client.patch(url, body, content_type="application/json", **admin)
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["longitude"], patched.json()["latitude"]) == ("113.331165", "35.224618")
    far = client.patch(url, {"longitude": "200"}, content_type="application/json", **admin)
    assert far.status_code == 422 and "longitude" in str(far.json())
    half = client.patch(url, {"longitude": None}, content_type="application/json", **admin)
    assert half.status_code in (400, 422) and "经度和纬度" in str(half.json())
