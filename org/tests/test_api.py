"""The API: token auth, the same data scope as the pages, JSON errors, the docs."""

import re
from datetime import timedelta

import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from core.context import acting_as
from core.models import AuditEntry
from org import actions
from org.codes import make_credit_code
from org.models import ApiToken, Person


def test_it_needs_authentication(world, client):
    response = client.get("/api/org/people")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_tokens_are_stored_hashed_and_can_be_revoked(world, client, token_for):
    headers = token_for("fengying")
    raw = headers["HTTP_AUTHORIZATION"].split()[1]
    token = ApiToken.objects.get()
    assert raw not in (token.key_hash, token.key_prefix) and len(token.key_hash) == 64
    assert client.get("/api/org/me", **headers).json()["username"] == "fengying"
    token.refresh_from_db()
    assert token.last_used_at is not None
    with acting_as(world.users["fengying"]):
        actions.revoke_api_token(actor=world.users["fengying"], token=token)
    assert client.get("/api/org/me", **headers).status_code == 401
    assert client.get("/api/org/me", HTTP_AUTHORIZATION="Bearer qz_wrong").status_code == 401


def test_lists_follow_the_data_scope(world, client, token_for):
    headers = token_for("fengying")
    people = client.get("/api/org/people", **headers).json()
    assert [p["name"] for p in people["items"]] == ["张三"] and people["count"] == 1
    enterprises = client.get("/api/org/enterprises", **headers).json()
    assert [e["name"] for e in enterprises["items"]] == ["冯营企业"]
    units = client.get("/api/org/units", **headers).json()
    assert {u["name"] for u in units["items"]} == {"冯营街道", "和谐社区"}
    tree = client.get("/api/org/units/tree", **headers).json()
    assert tree[0]["name"] == "冯营街道" and tree[0]["children"][0]["name"] == "和谐社区"


def test_filters_are_those_of_the_list_pages(world, client, token_for):
    headers = token_for("macun_admin")
    response = client.get("/api/org/people", {"unit": world.units["anyang"].pk}, **headers).json()
    assert [p["name"] for p in response["items"]] == ["李四"]
    response = client.get("/api/org/people", {"q": "张"}, **headers).json()
    assert [p["name"] for p in response["items"]] == ["张三"]
    # A unit outside the scope is refused as a filter value.
    response = client.get("/api/org/people", {"unit": world.units["sfq"].pk}, **headers)
    assert response.status_code == 422 and "unit" in response.json()["errors"]


def test_other_towns_rows_are_not_found(world, client, token_for):
    headers = token_for("fengying")
    other = world.people["anyang"]
    assert client.get(f"/api/org/people/{other.pk}", **headers).status_code == 404
    response = client.patch(f"/api/org/people/{other.pk}", {"title": "x"}, content_type="application/json", **headers)
    assert response.status_code == 404 and response.json()["detail"]
    assert client.delete(f"/api/org/enterprises/{world.enterprises['anyang'].pk}", **headers).status_code == 404
    other.refresh_from_db()
    assert other.title == "书记"


def test_creating_in_another_town_is_refused(world, client, token_for):
    headers = token_for("fengying")
    body = {"name": "王五", "unit_id": world.units["houyue"].pk}
    response = client.post("/api/org/people", body, content_type="application/json", **headers)
    assert response.status_code == 422
    assert "unit_id" in response.json()["errors"]
    assert not Person.objects.filter(name="王五").exists()


def test_read_only_users_get_403_on_writes(world, client, token_for):
    headers = token_for("readonly")
    own = world.people["fengying"]
    assert client.get(f"/api/org/people/{own.pk}", **headers).status_code == 200
    response = client.patch(f"/api/org/people/{own.pk}", {"title": "x"}, content_type="application/json", **headers)
    assert response.status_code == 403 and "权限" in response.json()["detail"]


def test_writes_go_through_actions_and_are_audited(world, client, token_for):
    headers = token_for("fengying")
    body = {"name": "新企业", "credit_code": make_credit_code("91410804MA0000003"), "unit_id": world.units["hexie"].pk}
    response = client.post("/api/org/enterprises", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    created = response.json()
    response = client.patch(
        f"/api/org/enterprises/{created['id']}", {"address": "冯营路1号"}, content_type="application/json", **headers
    )
    assert response.json()["address"] == "冯营路1号"
    entries = AuditEntry.objects.filter(object_id=str(created["id"]), content_type__model="enterprise")
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]
    assert entries.first().actor == world.users["fengying"] and entries.first().request_id


def test_validation_errors_are_json_naming_the_field(world, client, token_for):
    headers = token_for("fengying")
    body = {"name": "坏企业", "credit_code": "91410804MA00000030", "unit_id": world.units["hexie"].pk}
    response = client.post("/api/org/enterprises", body, content_type="application/json", **headers)
    assert response.status_code == 422
    assert response.json()["errors"]["credit_code"] == ["统一社会信用代码校验位不正确。"]
    assert "credit_code" in response.json()["detail"]


def test_the_schema_documents_the_endpoints(world, client_for):
    client = client_for(world.users["fengying"])
    schema = client.get("/api/openapi.json").json()
    assert {"/api/org/people", "/api/org/enterprises", "/api/org/units", "/api/org/units/tree"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200


def test_the_docs_and_the_schema_need_a_login(world, client, token_for):
    docs = client.get("/api/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/?next=/api/docs")
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 401 and "登录" in schema.json()["detail"]
    # A personal token opens the schema, for clients that generate code from it.
    assert client.get("/api/openapi.json", **token_for("enterprise")).status_code == 200


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(world, client_for):
    page = client_for(world.users["fengying"]).get("/api/docs").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "/static/vendor/swagger-ui/swagger-ui.css" in page
    assert "/static/js/api-docs.js" in page
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)  # no external host at all
    assert "<script>" not in page  # no inline script: settings travel as JSON
    bundle = settings.BASE_DIR / "node_modules" / "swagger-ui-dist" / "swagger-ui-bundle.js"
    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js") == str(bundle)


def test_a_token_stops_working_while_its_account_is_locked(world, client, token_for):
    headers = token_for("fengying")
    assert client.get("/api/org/people", **headers).status_code == 200
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/login/", {"username": "fengying", "password": "wrong"})
        assert client.get("/api/org/people", **headers).status_code == 401
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1), tick=False):
        assert client.get("/api/org/people", **headers).status_code == 200  # the lock ended


def test_a_token_stops_working_when_its_account_is_disabled(world, client, token_for):
    headers = token_for("fengying")
    assert client.get("/api/org/people", **headers).status_code == 200
    user = world.users["fengying"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/org/people", **headers).status_code == 401


def test_it_shows_a_persons_posts(world, client, token_for):
    person = world.people["fengying"]
    with acting_as(world.users["macun_admin"]):
        post = actions.add_post(
            actor=world.users["macun_admin"], person=person, unit=world.units["fgw"], title="联络员"
        )
        ended = actions.add_post(actor=world.users["macun_admin"], person=person, unit=world.units["anyang"])
        actions.end_post(actor=world.users["macun_admin"], post=ended)
    body = client.get(f"/api/org/people/{person.pk}", **token_for("fengying")).json()
    assert body["posts"] == [
        {
            "id": post.pk,
            "unit_id": world.units["fgw"].pk,
            "unit_name": "发改委",
            "title": "联络员",
            "since": timezone.localdate().isoformat(),
        }
    ]
    assert "posts" not in client.get("/api/org/people", **token_for("fengying")).json()["items"][0]
