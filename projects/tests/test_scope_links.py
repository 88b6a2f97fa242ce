"""Each link of a project grants what docs/permissions.md says, and nothing more: pages, API, export, photos.

The world's projects are owned by 冯营街道 and 安阳城街道. A third, owned by 安阳城街道, is tied to the
users under test through one link each; the 安阳城 project stays unlinked and must not leak.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from core import scope
from core.context import acting_as
from org.models import Person, Post, Role
from org.testing import PASSWORD
from projects import actions

YI = 100_000_000


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def linked(world, projects, settings, tmp_path):
    """A project owned by 安阳城街道: 发改委 its 责任单位, 冯营街道 a 配合单位, 李四 its 分包领导; one photo."""
    settings.MEDIA_ROOT = tmp_path
    admin = world.users["admin"]
    with acting_as(admin):
        project = actions.create_project(
            actor=admin, unit=world.units["anyang"], code="MC-2026-009", name="后岳村冷链物流园",
            level="district", category="services", nature="new", total_investment=3 * YI,
            responsible_unit=world.units["fgw"], co_units=[world.units["fengying"]], leader=world.people["anyang"],
        )  # fmt: skip
        upload = SimpleUploadedFile("冷库.png", _png(), content_type="image/png")
        photo = actions.add_photo(actor=admin, project=project, upload=upload, caption="冷库主体")
        other_upload = SimpleUploadedFile("农庄.png", _png(), content_type="image/png")
        other_photo = actions.add_photo(actor=admin, project=projects["anyang"], upload=other_upload)
    return {"project": project, "photo": photo, "other": projects["anyang"], "other_photo": other_photo}


def _user(world, username, role_code, unit, person=None):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, role=Role.objects.get(code=role_code), unit=unit, person=person,
        first_name=username,
    )  # fmt: skip


@pytest.fixture
def fgw(world):
    return _user(world, "fgw", "unit_user", world.units["fgw"])


def _exported_codes(client) -> set[str]:
    content = client.get("/projects/", {"export": "xlsx"}).content
    return {str(row[0]) for row in load_workbook(io.BytesIO(content)).active.values}


def _sees(client, headers, data) -> None:
    p = data["project"]
    assert p.code in client.get("/projects/").content.decode()
    assert client.get(f"/projects/{p.pk}/").status_code == 200
    assert p.code in _exported_codes(client)
    assert client.get(f"/projects/photos/{data['photo'].pk}/thumb/").status_code == 200
    assert client.get(f"/api/projects/{p.pk}", **headers).status_code == 200
    assert p.code in {row["code"] for row in client.get("/api/projects", **headers).json()["items"]}


def _does_not_see_the_other(client, headers, data) -> None:
    other = data["other"]
    assert other.code not in client.get("/projects/").content.decode()
    assert client.get(f"/projects/{other.pk}/").status_code == 404
    assert other.code not in _exported_codes(client)
    assert client.get(f"/projects/photos/{data['other_photo'].pk}/thumb/").status_code == 404
    assert client.get(f"/api/projects/{other.pk}", **headers).status_code == 404
    assert other.code not in {row["code"] for row in client.get("/api/projects", **headers).json()["items"]}


def test_it_lets_the_responsible_unit_see_report_and_change_but_not_review(world, linked, fgw, client_for, token_for):
    client, headers = client_for(fgw), token_for(fgw)
    _sees(client, headers, linked)
    _does_not_see_the_other(client, headers, linked)
    project = linked["project"]
    assert "后岳村冷链物流园" in client.get("/projects/reports/", {"year": 2026, "month": 6}).content.decode()
    body = {"project_id": project.pk, "year": 2026, "month": 6, "ytd_investment": 5 * 10**7}
    report = client.post("/api/reports", body, content_type="application/json", **headers).json()
    assert client.post(f"/api/reports/{report['id']}/submit", **headers).json()["state"] == "submitted"
    assert scope.can_change(fgw, project) and not scope.can_review(fgw, project)
    body = {"project_id": linked["other"].pk, "year": 2026, "month": 6, "ytd_investment": 1}
    assert client.post("/api/reports", body, content_type="application/json", **headers).status_code == 404


def test_it_lets_a_cooperating_unit_see_and_report_but_not_change_the_ledger(world, linked, client_for, token_for):
    user = world.users["fengying"]
    client, headers = client_for(user), token_for("fengying")
    _sees(client, headers, linked)
    _does_not_see_the_other(client, headers, linked)
    project = linked["project"]
    with acting_as(user):
        report = actions.save_report(actor=user, project=project, year=2026, month=6, ytd_investment=10**7)
        with pytest.raises(PermissionDenied):
            actions.update_project(actor=user, project=project, name="改名")
    assert report.project == project
    assert client.get(f"/projects/{project.pk}/edit/").status_code == 403
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "修改台账" not in page and f"/projects/{project.pk}/photos/" in page  # photos: yes; ledger: no


def test_it_lets_the_assigned_leader_read_only(world, linked, client_for, token_for):
    # 李四 (a person of 后岳村) leads the project; his account sits in 示范区, outside its tree.
    leader = _user(world, "lisi", "unit_user", world.units["sfq"], person=world.people["anyang"])
    client, headers = client_for(leader), token_for(leader)
    _sees(client, headers, linked)
    _does_not_see_the_other(client, headers, linked)
    project = linked["project"]
    assert "后岳村冷链物流园" not in client.get("/projects/reports/", {"year": 2026, "month": 6}).content.decode()
    with acting_as(leader), pytest.raises(PermissionDenied):
        actions.save_report(actor=leader, project=project, year=2026, month=6, ytd_investment=1)


def test_it_unites_the_units_of_a_persons_posts(world, linked, client_for, token_for):
    person = Person.objects.create(name="王五", unit=world.units["sfq"])
    user = _user(world, "wangwu", "unit_user", world.units["sfq"], person=person)
    assert client_for(user).get(f"/projects/{linked['other'].pk}/").status_code == 404
    Post.objects.create(person=person, unit=world.units["anyang"], title="兼任联络员")
    user.refresh_from_db()  # a new request computes the scope again
    client, headers = client_for(user), token_for(user)
    _sees(client, headers, {**linked, "project": linked["other"], "photo": linked["other_photo"]})
    assert world.units["anyang"].path in scope.scope_of(user).paths
    codes = {row["code"] for row in client.get("/api/projects", **headers).json()["items"]}
    assert codes == {"MC-2026-002", "MC-2026-009"}  # 安阳城's two; nothing of 冯营街道, where no post is held


def test_it_keeps_owner_subtree_rights_and_review(world, linked, client_for):
    admin = world.users["macun_admin"]
    assert scope.can_review(admin, linked["project"]) and scope.can_change(admin, linked["project"])
    assert client_for(admin).get(f"/projects/{linked['project'].pk}/").status_code == 200
    outsider = world.users["fengying"]
    assert not scope.can_review(outsider, linked["project"])


def test_it_filters_by_links_in_a_fixed_number_of_queries(world, projects, fgw, client_for):
    from core.testing import count_queries

    admin = world.users["admin"]

    def add(n, start):
        with acting_as(admin):
            for i in range(start, start + n):
                actions.create_project(
                    actor=admin, unit=world.units["anyang"], code=f"MC-2027-{i:03d}", name=f"项目{i}",
                    level="district", category="industry", nature="new", total_investment=YI,
                    responsible_unit=world.units["fgw"] if i % 2 else None,
                    co_units=[] if i % 2 else [world.units["fgw"], world.units["fengying"]],
                )  # fmt: skip

    client = client_for(fgw)
    add(2, 0)
    few = count_queries(lambda: client.get("/projects/"))
    add(10, 2)
    many = count_queries(lambda: client.get("/projects/"))
    assert many == few
    page = client.get("/projects/").content.decode()
    assert all(f"MC-2027-{i:03d}" in page for i in range(12))
