"""A user of one town cannot list, open, change or export another town's people or enterprises."""

import io

import pytest
from openpyxl import load_workbook

from core.models import AuditEntry
from org.models import Enterprise, Person


def xlsx_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_lists_show_only_the_users_subtree(world, client_for):
    client = client_for(world.users["fengying"])
    people = client.get("/org/people/").content.decode()
    assert "张三" in people and "李四" not in people
    enterprises = client.get("/org/enterprises/").content.decode()
    assert "冯营企业" in enterprises and "安阳城企业" not in enterprises


def test_a_district_user_sees_all_its_towns(world, client_for):
    client = client_for(world.users["macun_admin"])
    people = client.get("/org/people/").content.decode()
    assert "张三" in people and "李四" in people


def test_another_towns_rows_do_not_open(world, client_for):
    client = client_for(world.users["fengying"])
    assert client.get(f"/org/people/{world.people['anyang'].pk}/").status_code == 404
    assert client.get(f"/org/enterprises/{world.enterprises['anyang'].pk}/").status_code == 404
    assert client.get(f"/org/units/{world.units['anyang'].pk}/").status_code == 404
    assert client.get(f"/org/people/{world.people['fengying'].pk}/").status_code == 200


def test_another_towns_rows_cannot_be_changed_or_deleted(world, client_for):
    client = client_for(world.users["fengying"])
    other = world.people["anyang"]
    assert client.get(f"/org/people/{other.pk}/edit/").status_code == 404
    response = client.post(f"/org/people/{other.pk}/edit/", {"name": "改名", "unit": world.units["fengying"].pk})
    assert response.status_code == 404
    assert client.post(f"/org/people/{other.pk}/delete/").status_code == 404
    assert client.post(f"/org/enterprises/{world.enterprises['anyang'].pk}/delete/").status_code == 404
    other.refresh_from_db()
    assert other.name == "李四"
    assert Enterprise.objects.filter(pk=world.enterprises["anyang"].pk).exists()
    assert not AuditEntry.objects.exclude(action="login").exists()


def test_rows_cannot_be_created_in_another_town(world, client_for):
    client = client_for(world.users["fengying"])
    response = client.post("/org/people/add/", {"name": "王五", "unit": world.units["houyue"].pk, "is_active": "on"})
    assert response.status_code == 200  # the form refuses a unit outside the scope
    assert "选择一个有效的选项" in response.content.decode()
    assert not Person.objects.filter(name="王五").exists()


def test_exports_hold_only_the_users_rows(world, client_for):
    client = client_for(world.users["fengying"])
    rows = xlsx_rows(client.get("/org/people/", {"export": "xlsx"}))
    assert rows[0][:3] == ("姓名", "职务", "所属单位")
    assert [r[0] for r in rows[1:]] == ["张三"]
    rows = xlsx_rows(client.get("/org/enterprises/", {"export": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["冯营企业"]
    # Each export is itself logged, with who, how many rows and which filters.
    exports = AuditEntry.objects.filter(action="export").order_by("id")
    assert [(e.actor, e.verb, e.content_type.model) for e in exports] == [
        (world.users["fengying"], "1", "person"),
        (world.users["fengying"], "1", "enterprise"),
    ]
    # Naming the other town in the filter is refused as an invalid choice: no other rows leak.
    response = client.get("/org/people/", {"export": "xlsx", "unit": world.units["anyang"].pk})
    assert [r[0] for r in xlsx_rows(response)[1:]] == ["张三"]


def test_read_only_users_may_look_but_not_change(world, client_for):
    client = client_for(world.users["readonly"])
    own = world.people["fengying"]
    assert client.get(f"/org/people/{own.pk}/").status_code == 200
    assert client.get(f"/org/people/{own.pk}/edit/").status_code == 403
    assert client.post(f"/org/people/{own.pk}/delete/").status_code == 403
    assert client.get("/org/people/add/").status_code == 403
    assert Person.objects.filter(pk=own.pk).exists()


def test_an_enterprise_user_sees_only_its_enterprise(world, client_for):
    client = client_for(world.users["enterprise"])
    page = client.get("/org/enterprises/").content.decode()
    assert "冯营企业" in page and "安阳城企业" not in page
    assert "张三" not in client.get("/org/people/").content.decode()


def test_a_grid_worker_sees_only_its_own_unit(world, client_for):
    client = client_for(world.users["grid"])
    assert "张三" in client.get("/org/people/").content.decode()
    assert client.get(f"/org/units/{world.units['fengying'].pk}/").status_code == 404


def test_the_tree_starts_at_the_users_unit(world, client_for):
    page = client_for(world.users["fengying"]).get("/org/units/").content.decode()
    assert "冯营街道" in page and "马村区" not in page and "安阳城街道" not in page
    children = client_for(world.users["fengying"]).get(f"/org/units/{world.units['macun'].pk}/children/")
    assert children.status_code == 404


def test_anonymous_users_are_sent_to_login(world, client):
    response = client.get("/org/people/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", ["/org/users/", "/org/users/add/"])
def test_only_administrators_manage_users(world, client_for, url):
    assert client_for(world.users["fengying"]).get(url).status_code == 403
    assert client_for(world.users["macun_admin"]).get(url).status_code == 200


def test_a_district_admin_cannot_mint_platform_admins(world, client_for):
    from org.models import Role, User

    client = client_for(world.users["macun_admin"])
    platform_admin = Role.objects.get(code="platform_admin")
    # The form does not offer the role; posted anyway, the form says so and keeps what was typed.
    offered = client.get("/org/users/add/").context["form"].fields["role"].queryset
    assert platform_admin not in offered and offered.filter(code="unit_user").exists()
    response = client.post(
        "/org/users/add/",
        {
            "username": "sneaky",
            "password": "Str0ng-Passw0rd",
            "role": platform_admin.pk,
            "unit": world.units["macun"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert response.context["form"]["username"].value() == "sneaky"
    assert not User.objects.filter(username="sneaky").exists()
    response = client.post(
        "/org/users/add/",
        {
            "username": "clerk",
            "first_name": "办事员",
            "password": "Str0ng-Passw0rd",
            "role": Role.objects.get(code="unit_user").pk,
            "unit": world.units["anyang"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="create").after["username"] == "clerk"
